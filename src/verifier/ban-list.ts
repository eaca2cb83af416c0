// The project's ban list as a verifier follows it (docs/work-lifecycle.md#revocation): when an accepted manifest
// names a ban list other than the one held, it is fetched (bounded), checked to be this project's, and from then
// on replicas signed by a listed key are judged invalid (BANNED_KEY). The manifest's signature vouches for the
// list through its CID. A list that cannot be fetched leaves the previous one in force until the next check.
import type { ContentHelia } from '../net/content.js'
import { fetchBytes } from '../net/fetch-content.js'
import { decodeBanList, type ProjectManifest } from '../net/messages/index.js'
import { PogsError } from '../util/errors.js'
import { BAN_LIST_FETCH_TIMEOUT_MS, MAX_BAN_LIST_BYTES } from './constants.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** What loading a ban list reports. */
export type BanListEvent = { cid: string, keys: number } | { cid: string, code: string }

/** The ban list named by the newest manifest, held as a set of hex keys. */
export class BanListFollower {
  private cid: string | undefined
  private keys = new Set<string>()

  constructor (private readonly helia: ContentHelia, private readonly report?: (e: BanListEvent) => void) {}

  /** Whether the list names this raw public key. */
  banned (publicKey: Uint8Array): boolean {
    return this.keys.size > 0 && this.keys.has(Buffer.from(publicKey).toString('hex'))
  }

  /** Loads the list `manifest` names, if it is not the one held; failures are reported, not thrown. */
  async follow (manifest: ProjectManifest, signal: AbortSignal): Promise<void> {
    const cid = manifest.banListCid
    if (cid === undefined || cid.toString() === this.cid) return
    try {
      // Bounded: a verifier starting while the coordinator is away still serves, with the list it held.
      const bounded = AbortSignal.any([signal, timeoutSignal(BAN_LIST_FETCH_TIMEOUT_MS)])
      const list = decodeBanList(await fetchBytes(this.helia, cid, MAX_BAN_LIST_BYTES, { signal: bounded, provide: false }))
      if (list.project !== manifest.project) throw new PogsError('ERR_INVALID_FIELD', 'the ban list belongs to another project')
      this.keys = new Set(list.keys.map((k) => Buffer.from(k).toString('hex')))
      this.cid = cid.toString()
      this.report?.({ cid: this.cid, keys: this.keys.size })
    } catch (err) {
      if (signal.aborted) return
      this.report?.({ cid: cid.toString(), code: err instanceof PogsError ? err.code : 'ERR_CONTENT' })
    }
  }
}
