import { setTimeout as delay } from 'node:timers/promises'
import { Reprovider } from '../net/content.js'
import { REPROVIDE_INTERVAL_MS } from '../net/constants.js'
import { parseProjectKey } from '../net/discovery.js'
import { manifestStoreIn } from '../net/manifest-files.js'
import type { ProjectManifest } from '../net/messages/index.js'
import type { PogsNode } from '../net/node.js'
import { ProtocolServer, type Rejection } from '../net/request-response.js'
import { VersionTooOldError } from '../util/errors.js'
import { createPinHandler } from './pin-handler.js'
import { ProjectFollower, type FollowerEvents } from './project-follower.js'

export { signReceipt } from './project-follower.js'

/** Events a mirror reports (the CLI prints them as JSON lines). `pinned` names the project whose content it is. */
export interface MirrorEvents extends FollowerEvents {
  rejected?: (r: Rejection) => void
}

/** Options of a mirror. */
export interface MirrorInit {
  /** The project key (its coordinator's peer id), or several: one node mirrors each of them. */
  project: string | readonly string[]
  /** How often to look for a newer manifest, in ms: libraries change rarely, so minutes suffice. */
  pollIntervalMs?: number
  reprovideIntervalMs?: number
  events?: MirrorEvents
}

/** Default manifest poll interval, in ms. */
export const MIRROR_POLL_INTERVAL_MS = 5 * 60_000

/**
 * A mirror: for each of its projects, finds the manifest, pins and provides every library it lists and its archive
 * catalogue (and anything the project's coordinator later asks it to pin over /pogs/pin/1.0.0), re-publishes the
 * signed manifest record so it outlives the coordinator, and signs a pin receipt for each item. One node, one pin
 * protocol handler and one reprovider serve every project. A manifest whose lowest accepted version is above ours
 * stops it (VersionTooOldError: from start(), or later through `failed`): this pogs must be upgraded.
 */
export class MirrorService {
  private readonly controller = new AbortController()
  private readonly followers: ProjectFollower[]
  private readonly pinServer: ProtocolServer<'pin'>
  private readonly reprovider: Reprovider
  private loop: Promise<void> | undefined
  private resolveFailed: (err: VersionTooOldError) => void = () => {}
  /** Resolves when a newer manifest says this pogs is too old for a project: the mirror has stopped serving and
   * following then. Never resolves otherwise; stop() is still due. */
  readonly failed = new Promise<VersionTooOldError>((resolve) => { this.resolveFailed = resolve })

  constructor (private readonly node: PogsNode, dataDir: string, private readonly init: MirrorInit) {
    const projects = [...new Set(typeof init.project === 'string' ? [init.project] : init.project)]
    if (projects.length === 0) throw new TypeError('a mirror needs a project')
    const store = manifestStoreIn(dataDir)
    const events = init.events ?? {}
    this.followers = projects.map((p) => new ProjectFollower(p, node, store, events, this.controller.signal))
    // Each coordinator seeds what we pin; peers pinning the same content are asked first (want-routing.ts).
    for (const p of projects) node.wants.preferOthersTo(parseProjectKey(p))
    const coordinators = new Set(projects.map((p) => parseProjectKey(p).toString()))
    this.reprovider = new Reprovider(node.helia, init.reprovideIntervalMs ?? REPROVIDE_INTERVAL_MS)
    this.pinServer = new ProtocolServer(node.libp2p, 'pin', createPinHandler({
      helia: node.helia,
      privateKey: node.identity.privateKey,
      project: (peer) => coordinators.has(peer),
      onPinned: (p) => events.pinned?.(p),
      onProgress: (p) => events.pinning?.(p)
    }), {
      privateKey: node.identity.privateKey,
      onRejected: (r) => events.rejected?.(r)
    })
  }

  /** Serves pin requests and starts following the manifests. Resolves once every project's first manifest is
   * mirrored, with the first project's. */
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

  /** The manifest mirrored last (the first project's). */
  get current (): ProjectManifest | undefined {
    return this.followers[0].manifest
  }

  /** Every project's manifest mirrored last, in the order the projects were given (undefined: none yet). */
  get manifests (): Array<{ project: string, manifest: ProjectManifest | undefined }> {
    return this.followers.map((f) => ({ project: f.project, manifest: f.manifest }))
  }

  private async follow (): Promise<void> {
    const signal = this.controller.signal
    while (!signal.aborted) {
      await delay(this.init.pollIntervalMs ?? MIRROR_POLL_INTERVAL_MS, undefined, { signal }).catch(() => {})
      if (signal.aborted) return
      // One project's trouble (its manifest not found this time) does not hold back the others.
      await Promise.all(this.followers.map(async (f) => {
        await f.syncOnce(signal).catch(async (err: unknown) => {
          if (err instanceof VersionTooOldError) await this.fail(err)
        })
      }))
    }
  }

  /** Stops serving for good: this pogs is too old for a project. */
  private async fail (err: VersionTooOldError): Promise<void> {
    this.controller.abort()
    this.reprovider.stop()
    await this.pinServer.stop().catch(() => {})
    this.resolveFailed(err)
  }

  /** Fetches every project's newest manifest and pins whatever it lists that is not pinned yet; returns the first
   * project's manifest. */
  async syncOnce (signal?: AbortSignal): Promise<ProjectManifest> {
    const s = signal === undefined ? this.controller.signal : AbortSignal.any([signal, this.controller.signal])
    const manifests = await Promise.all(this.followers.map(async (f) => await f.syncOnce(s)))
    return manifests[0]
  }
}
