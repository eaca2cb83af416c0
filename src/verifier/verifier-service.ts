import { setTimeout as delay } from 'node:timers/promises'
import { discoverProject, parseProjectKey } from '../net/discovery.js'
import type { ManifestStore } from '../net/manifest-store.js'
import { manifestStoreIn } from '../net/manifest-files.js'
import type { ProjectManifest } from '../net/messages/index.js'
import type { PogsNode } from '../net/node.js'
import { ProtocolServer, type Rejection } from '../net/request-response.js'
import { requireVersion } from '../util/app-version.js'
import { UsageError, VersionTooOldError } from '../util/errors.js'
import { DEFAULT_QUORUM, DEFAULT_RECOMPUTE_RATE, MANIFEST_LOOKUP_TIMEOUT_MS, MANIFEST_POLL_INTERVAL_MS } from './constants.js'
import { RecomputeQueue } from './recompute-queue.js'
import { Recomputer, type RecomputerComponents } from './recompute.js'
import { createVerifyHandler, type VerdictReport } from './verify-handler.js'
import { BanListFollower } from './ban-list.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** Events a verifier reports (the CLI prints them as JSON lines). */
export interface VerifierEvents {
  /** A manifest was accepted; `listed` says whether it names this verifier (else the coordinator will not ask). */
  manifest?: (m: ProjectManifest, listed: boolean) => void
  /** A verdict was given: at once, or once the pixels it needed were recomputed (before it is sent). */
  verdict?: (r: VerdictReport) => void
  /** Libraries a recomputation needs were fetched and pinned into `<dataDir>/libraries`. */
  libraries?: (names: string[]) => void
  /** A request was refused: not the coordinator, malformed, rate-limited, a unit that does not decode... */
  rejected?: (r: Rejection) => void
  /** The project's ban list named by the manifest was loaded (`keys` banned), or could not be (`code`; kept the
   * previous one, tried again at the next manifest check). */
  bans?: (e: { cid: string, keys: number } | { cid: string, code: string }) => void
}

/** Options of a verifier. */
export interface VerifierInit {
  /** The project key (its coordinator's peer id). */
  project: string
  /** The verifier's data directory (accepted manifests; libraries it recomputes with in `libraries/`). */
  dataDir: string
  /** Probability that an agreeing unit has one sampled pixel recomputed: 0 never, 1 always (default 0.1). Pixels on
   * which replicas disagree are recomputed whatever the rate. */
  recomputeRate?: number
  /** Fit worker threads for recomputation (default 1). */
  threads?: number
  /** Relative tolerance of agreement (default 1e-4, POGS' validator). */
  tolerance?: number
  /** Uniform [0, 1) numbers for sampling; tests pass a fixed sequence. */
  random?: () => number
  /** How long a request waits for the libraries a recomputation needs, in ms (default 10 s). */
  libraryWaitMs?: number
  /** How often to look for a newer manifest, in ms. */
  pollIntervalMs?: number
  /** Makes the recomputation fit pool (tests). */
  createPool?: RecomputerComponents['createPool']
  /** Most requests waiting for recomputation (default MAX_QUEUED_RECOMPUTATIONS); more are answered ERR_BUSY. */
  maxQueued?: number
  events?: VerifierEvents
}

/**
 * A verifier: finds its project's manifest from the key, then serves /pogs/verify/1.0.0 to the project's
 * coordinator alone. Each request's replicas are checked (signatures, unit, digest, decoding), grouped by
 * agreement and judged against the manifest's min quorum; now and then a sampled pixel is recomputed, and a pixel
 * on which groups of replicas differ always is, in a queue outside the request (the coordinator is answered
 * PENDING and asks again). The verdict goes back signed by this peer's key. A manifest whose lowest accepted version is above ours stops it
 * (VersionTooOldError: from start(), or later through `failed`).
 */
export class VerifierService {
  private readonly controller = new AbortController()
  private readonly store: ManifestStore
  private readonly bans: BanListFollower
  private readonly server: ProtocolServer<'verify'>
  private readonly recomputer: Recomputer
  private readonly queue: RecomputeQueue
  private manifest: ProjectManifest | undefined
  private loop: Promise<void> | undefined
  private resolveFailed: (err: VersionTooOldError) => void = () => {}
  /** Resolves when a newer manifest says this pogs is too old for the project: the verifier has stopped serving
   * then. Never resolves otherwise; stop() is still due. */
  readonly failed = new Promise<VersionTooOldError>((resolve) => { this.resolveFailed = resolve })

  constructor (private readonly node: PogsNode, private readonly init: VerifierInit) {
    parseProjectKey(init.project)
    const rate = init.recomputeRate ?? DEFAULT_RECOMPUTE_RATE
    if (!(rate >= 0 && rate <= 1)) throw new UsageError(`recompute rate must be within 0..1, got ${rate}`)
    this.store = manifestStoreIn(init.dataDir)
    this.bans = new BanListFollower(node.helia, init.events?.bans)
    this.recomputer = new Recomputer({
      helia: node.helia,
      dataDir: init.dataDir,
      threads: init.threads,
      libraryWaitMs: init.libraryWaitMs,
      createPool: init.createPool,
      onLibraries: (names) => init.events?.libraries?.(names)
    })
    this.queue = new RecomputeQueue({
      recompute: async (unit, k, signal) => await this.recomputer.recompute(unit, k, signal),
      signal: this.controller.signal,
      maxQueued: init.maxQueued
    })
    this.server = new ProtocolServer(node.libp2p, 'verify', createVerifyHandler({
      helia: node.helia,
      project: parseProjectKey(init.project).toString(),
      quorum: () => this.quorum,
      recomputeRate: rate,
      random: init.random ?? Math.random,
      queue: this.queue,
      tolerance: init.tolerance,
      onVerdict: (r) => init.events?.verdict?.(r),
      banned: (key) => this.bans.banned(key)
    }), {
      privateKey: node.identity.privateKey,
      onRejected: (r) => init.events?.rejected?.(r)
    })
  }

  /**
   * Finds the project's manifest (retrying until found or `signal` aborts; the stored one serves offline), then
   * serves verification requests. Resolves with the manifest.
   */
  async start (options: { signal?: AbortSignal } = {}): Promise<ProjectManifest> {
    const signal = options.signal === undefined ? this.controller.signal : AbortSignal.any([options.signal, this.controller.signal])
    await this.refresh(signal)
    await this.server.start()
    this.loop = this.follow()
    return this.current
  }

  async stop (): Promise<void> {
    this.controller.abort()
    await this.server.stop()
    await this.loop
    // Queued recomputations are dropped (the coordinator asks again, another verifier or a restart answers).
    await this.queue.idle()
    await this.recomputer.close()
  }

  /** The manifest accepted last. */
  get current (): ProjectManifest {
    if (this.manifest === undefined) throw new Error('verifier not started')
    return this.manifest
  }

  /** Agreeing replicas a verdict needs: the manifest's min quorum. */
  get quorum (): number {
    return this.manifest?.settings.minQuorum ?? DEFAULT_QUORUM
  }

  private async refresh (signal: AbortSignal): Promise<void> {
    const { manifest } = await discoverProject(this.node, this.init.project, this.store, { signal })
    // Judging replicas by the rules of an older pogs than the project accepts could pass what it must not.
    requireVersion(manifest.minAppVersion)
    if (this.manifest?.sequence !== manifest.sequence) this.init.events?.manifest?.(manifest, manifest.verifiers.includes(this.node.peerId.toString()))
    this.manifest = manifest
    await this.bans.follow(manifest, signal)
  }

  private async follow (): Promise<void> {
    const signal = this.controller.signal
    while (!signal.aborted) {
      await delay(this.init.pollIntervalMs ?? MANIFEST_POLL_INTERVAL_MS, undefined, { signal }).catch(() => {})
      if (signal.aborted) return
      // Bounded: with the coordinator offline the lookup would retry forever; the stored manifest serves then.
      await this.refresh(AbortSignal.any([signal, timeoutSignal(MANIFEST_LOOKUP_TIMEOUT_MS)])).catch(async (err: unknown) => {
        if (err instanceof VersionTooOldError) await this.fail(err)
      })
    }
  }

  /** Stops serving for good: this pogs is too old for the project. */
  private async fail (err: VersionTooOldError): Promise<void> {
    this.controller.abort()
    await this.server.stop().catch(() => {})
    this.resolveFailed(err)
  }
}
