import { setTimeout as delay } from 'node:timers/promises'
import type { CID } from 'multiformats/cid'
import { fetchAndPin, pinnedBytes, Reprovider } from '../net/content.js'
import { ANNOUNCE_TIMEOUT_MS, REPROVIDE_INTERVAL_MS } from '../net/constants.js'
import { discoverProject, parseProjectKey, publishManifest } from '../net/discovery.js'
import { sealEnvelope } from '../net/envelope.js'
import { ManifestStore } from '../net/manifest-record.js'
import { MESSAGE_CODECS, type PinReceipt, type ProjectManifest } from '../net/messages/index.js'
import type { PogsNode } from '../net/node.js'
import { ProtocolServer, type Rejection } from '../net/request-response.js'
import { requireVersion } from '../util/app-version.js'
import { VersionTooOldError } from '../util/errors.js'
import { createPinHandler } from './pin-handler.js'

/** Events a mirror reports (the CLI prints them as JSON lines). */
export interface MirrorEvents {
  manifest?: (m: ProjectManifest) => void
  pinned?: (p: { cid: CID, name?: string, bytes: number, receipt: Uint8Array }) => void
  failed?: (p: { cid: CID, error: unknown }) => void
  rejected?: (r: Rejection) => void
}

/** Options of a mirror. */
export interface MirrorInit {
  /** The project key (its coordinator's peer id). */
  project: string
  /** How often to look for a newer manifest, in ms: libraries change rarely, so minutes suffice. */
  pollIntervalMs?: number
  reprovideIntervalMs?: number
  events?: MirrorEvents
}

/** Default manifest poll interval, in ms. */
export const MIRROR_POLL_INTERVAL_MS = 5 * 60_000

/**
 * A mirror: finds its project's manifest, pins and provides every library it lists (and anything the
 * coordinator later asks it to pin over /pogs/pin/1.0.0), re-publishes the signed manifest record so it outlives
 * the coordinator, and signs a pin receipt for each item. A manifest whose lowest accepted version is above ours
 * stops it (VersionTooOldError: from start(), or later through `failed`).
 */
export class MirrorService {
  private readonly controller = new AbortController()
  private readonly store: ManifestStore
  private readonly pinServer: ProtocolServer<'pin'>
  private readonly reprovider: Reprovider
  private loop: Promise<void> | undefined
  private manifest: ProjectManifest | undefined
  private resolveFailed: (err: VersionTooOldError) => void = () => {}
  /** Resolves when a newer manifest says this pogs is too old for the project: the mirror has stopped serving and
   * following it then. Never resolves otherwise; stop() is still due. */
  readonly failed = new Promise<VersionTooOldError>((resolve) => { this.resolveFailed = resolve })

  constructor (private readonly node: PogsNode, dataDir: string, private readonly init: MirrorInit) {
    // The coordinator seeds what we pin; peers pinning the same content are asked first (want-routing.ts).
    node.wants.preferOthersTo(parseProjectKey(init.project))
    this.store = new ManifestStore(dataDir)
    this.reprovider = new Reprovider(node.helia, init.reprovideIntervalMs ?? REPROVIDE_INTERVAL_MS)
    this.pinServer = new ProtocolServer(node.libp2p, 'pin', createPinHandler({
      helia: node.helia,
      privateKey: node.identity.privateKey,
      project: init.project,
      onPinned: (p) => init.events?.pinned?.(p)
    }), {
      privateKey: node.identity.privateKey,
      onRejected: (r) => init.events?.rejected?.(r)
    })
  }

  /** Serves pin requests and starts following the manifest. Resolves once the first manifest is mirrored. */
  async start (options: { signal?: AbortSignal } = {}): Promise<ProjectManifest> {
    await this.pinServer.start()
    this.reprovider.start()
    const first = await this.syncOnce(options.signal)
    this.loop = this.follow()
    return first
  }

  async stop (): Promise<void> {
    this.controller.abort()
    this.reprovider.stop()
    await this.pinServer.stop()
    await this.loop
  }

  /** The manifest mirrored last. */
  get current (): ProjectManifest | undefined {
    return this.manifest
  }

  private async follow (): Promise<void> {
    const signal = this.controller.signal
    while (!signal.aborted) {
      await delay(this.init.pollIntervalMs ?? MIRROR_POLL_INTERVAL_MS, undefined, { signal }).catch(() => {})
      if (signal.aborted) return
      await this.syncOnce().catch(async (err: unknown) => {
        if (err instanceof VersionTooOldError) await this.fail(err)
      })
    }
  }

  /** Stops serving for good: this pogs is too old for the project. */
  private async fail (err: VersionTooOldError): Promise<void> {
    this.controller.abort()
    this.reprovider.stop()
    await this.pinServer.stop().catch(() => {})
    this.resolveFailed(err)
  }

  /** Fetches the newest manifest and pins whatever it lists that is not pinned yet. */
  async syncOnce (signal?: AbortSignal): Promise<ProjectManifest> {
    const s = signal === undefined ? this.controller.signal : AbortSignal.any([signal, this.controller.signal])
    const { manifest, record } = await discoverProject(this.node, this.init.project, this.store, { signal: s })
    // An older pogs than the project accepts may not read what it would pin and serve (archives, libraries) right.
    requireVersion(manifest.minAppVersion)
    if (this.manifest?.sequence !== manifest.sequence) this.init.events?.manifest?.(manifest)
    this.manifest = manifest
    // Keep the record alive on the DHT even when the coordinator is offline: any peer may store a signed record.
    // In the background: with few peers a put only finishes at its timeout.
    void publishManifest(this.node, record, { signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(ANNOUNCE_TIMEOUT_MS)]) }).catch(() => 0)
    for (const lib of manifest.libraries) {
      if (await this.node.helia.pins.isPinned(lib.cid)) continue
      try {
        await fetchAndPin(this.node.helia, lib.cid, { signal: s })
        const bytes = await pinnedBytes(this.node.helia, lib.cid)
        const receipt = await signReceipt(this.node, { cids: [lib.cid], bytes, pinnedMs: Date.now() })
        this.init.events?.pinned?.({ cid: lib.cid, name: lib.name, bytes, receipt })
      } catch (error) {
        if (s.aborted) throw error
        this.init.events?.failed?.({ cid: lib.cid, error })
      }
    }
    return manifest
  }
}

/** Signs a pin receipt with the mirror's identity (a standalone record, not a reply). */
export async function signReceipt (node: PogsNode, receipt: PinReceipt): Promise<Uint8Array> {
  return await sealEnvelope(node.identity.privateKey, { kind: 'pin-receipt', payload: MESSAGE_CODECS['pin-receipt'].encode(receipt) })
}
