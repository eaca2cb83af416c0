// Deleting blocks below Helia's blockstore lock, as the janitor and the library budget do: why not helia.gc() is
// in janitor.ts's header.
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** The store below Helia's lock: Helia's own gc deletes through it (`BlockStorage.unwrap()`, not in the typed
 * interface). Without it blocks are only unpinned. */
export function rawBlockstore (helia: Pick<Helia, 'blockstore'>): { delete: (cid: CID) => Promise<void> } | undefined {
  const b = helia.blockstore as unknown as { unwrap?: () => { delete: (cid: CID) => Promise<void> } }
  return typeof b.unwrap === 'function' ? b.unwrap() : undefined
}
