// One project as a mirror follows it: its newest manifest found from the project key, every library it lists and
// its archive catalogue pinned (and provided), the signed record re-published so it outlives the coordinator. A
// mirror holds one follower per --project, all on one node (mirror-service.ts).
import type { CID } from 'multiformats/cid'
import { openCatalogue } from '../net/catalogue/index.js'
import { ANNOUNCE_TIMEOUT_MS } from '../net/constants.js'
import { fetchAndPin, pinnedBytes } from '../net/content.js'
import { discoverProject, publishManifest } from '../net/discovery.js'
import { sealEnvelope } from '../net/envelope.js'
import { fetchBytes } from '../net/fetch-content.js'
import type { ManifestStore } from '../net/manifest-store.js'
import { MAX_CATALOGUE_BYTES, MESSAGE_CODECS, type PinReceipt, type ProjectManifest } from '../net/messages/index.js'
import type { PogsNode } from '../net/node.js'
import { requireVersion } from '../util/app-version.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** What a follower reports (the mirror's events, mirror-service.ts). */
export interface FollowerEvents {
  manifest?: (m: ProjectManifest) => void
  pinned?: (p: { cid: CID, name?: string, bytes: number, receipt: Uint8Array, project?: string }) => void
  /** An archive the coordinator asked for is still being fetched (pin-handler.ts): blocks and bytes so far. */
  pinning?: (p: { cid: CID, blocks: number, bytes: number, size?: number, project: string }) => void
  failed?: (p: { cid: CID, error: unknown }) => void
}

/** Follows one project's manifest and pins what it names. */
export class ProjectFollower {
  private current: ProjectManifest | undefined
  /** The catalogue pinned for the newest manifest (an older one is unpinned when a newer one is pinned). */
  private catalogue: CID | undefined

  constructor (readonly project: string, private readonly node: PogsNode, private readonly store: ManifestStore,
    private readonly events: FollowerEvents, private readonly stopping: AbortSignal) {}

  /** The manifest mirrored last. */
  get manifest (): ProjectManifest | undefined {
    return this.current
  }

  /**
   * Fetches the newest manifest and pins whatever it lists that is not pinned yet. Throws VersionTooOldError when
   * the project accepts only newer pogs than this one.
   */
  async syncOnce (signal: AbortSignal): Promise<ProjectManifest> {
    const { manifest, record } = await discoverProject(this.node, this.project, this.store, { signal })
    // An older pogs than the project accepts may not read what it would pin and serve (archives, libraries) right.
    requireVersion(manifest.minAppVersion)
    if (this.current?.sequence !== manifest.sequence) this.events.manifest?.(manifest)
    this.current = manifest
    // Keep the record alive on the DHT even when the coordinator is offline: any peer may store a signed record.
    // In the background: with few peers a put only finishes at its timeout.
    void publishManifest(this.node, record, { signal: AbortSignal.any([this.stopping, timeoutSignal(ANNOUNCE_TIMEOUT_MS)]) }).catch(() => 0)
    for (const lib of manifest.libraries) {
      if (await this.node.helia.pins.isPinned(lib.cid)) continue
      try {
        await fetchAndPin(this.node.helia, lib.cid, { signal })
        const bytes = await pinnedBytes(this.node.helia, lib.cid)
        const receipt = await signReceipt(this.node, { cids: [lib.cid], bytes, pinnedMs: Date.now() })
        this.events.pinned?.({ cid: lib.cid, name: lib.name, bytes, receipt, project: this.project })
      } catch (error) {
        if (signal.aborted) throw error
        this.events.failed?.({ cid: lib.cid, error })
      }
    }
    await this.pinCatalogue(manifest, signal)
    return manifest
  }

  /**
   * Pins the archive catalogue the manifest names (protocols/catalogue.md), once it opens as the project's: readers
   * who know only the project key fetch it from us when the coordinator is away. The one it replaces is unpinned.
   */
  private async pinCatalogue (manifest: ProjectManifest, signal: AbortSignal): Promise<void> {
    const cid = manifest.catalogueCid
    if (cid === undefined || this.catalogue?.equals(cid) === true) return
    try {
      // Read bounded before it is pinned (fetchBytes): the manifest's signature does not bound its size.
      const record = await fetchBytes(this.node.helia, cid, MAX_CATALOGUE_BYTES, { signal })
      try {
        await openCatalogue(record, manifest)
      } catch (err) {
        await this.unpin(cid)
        throw err
      }
      const receipt = await signReceipt(this.node, { cids: [cid], bytes: record.length, pinnedMs: Date.now() })
      this.events.pinned?.({ cid, name: 'catalogue', bytes: record.length, receipt, project: this.project })
    } catch (error) {
      if (signal.aborted) throw error
      this.events.failed?.({ cid, error })
      return
    }
    const previous = this.catalogue
    this.catalogue = cid
    if (previous !== undefined) await this.unpin(previous)
  }

  private async unpin (cid: CID): Promise<void> {
    try {
      for await (const _ of this.node.helia.pins.rm(cid)) { /* each yielded CID is one block unpinned */ }
    } catch {
      // not pinned (any more)
    }
  }
}

/** Signs a pin receipt with the mirror's identity (a standalone record, not a reply). */
export async function signReceipt (node: PogsNode, receipt: PinReceipt): Promise<Uint8Array> {
  return await sealEnvelope(node.identity.privateKey, { kind: 'pin-receipt', payload: MESSAGE_CODECS['pin-receipt'].encode(receipt) })
}
