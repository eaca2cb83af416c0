// Publishing the ban list (docs/work-lifecycle.md#revocation): after a ban, the keys the store has banned are
// written as a BanList (protocols/ban-list.md), added to Helia, and named by the next manifest, whose signature
// vouches for it; verifiers judge replicas of listed keys invalid. The list's time is its newest ban's, so the same
// bans give the same bytes and CID: a restart republishes nothing.
import type { CID } from 'multiformats/cid'
import { addBytes, type ContentHelia } from '../../net/content.js'
import type { CoordinatorNetwork } from '../../net/coordinator-network.js'
import { encodeBanList } from '../../net/messages/index.js'
import type { WorkStore } from '../lifecycle/index.js'

/** What publishing the ban list needs. */
export interface BanListComponents {
  store: Pick<WorkStore, 'bans'>
  helia: ContentHelia
  net: Pick<CoordinatorNetwork, 'manifest' | 'updateManifest'>
}

/** Publishes the store's bans when the manifest does not name them yet; returns the list's CID (none: no bans). */
export async function publishBanList (c: BanListComponents): Promise<CID | undefined> {
  const bans = c.store.bans()
  if (bans.length === 0) return undefined
  const bytes = encodeBanList({ project: c.net.manifest.project, keys: bans.map((b) => b.key), issuedMs: Math.max(...bans.map((b) => b.banned)) })
  // Verifiers fetch it over their connection to us when a manifest names it: no DHT provide.
  const cid = await addBytes(c.helia, bytes, { provide: false })
  if (c.net.manifest.banListCid?.equals(cid) !== true) await c.net.updateManifest({ banListCid: cid })
  return cid
}
