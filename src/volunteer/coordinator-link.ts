// The volunteer's side of its coordinator: the project manifest (found from the key alone, kept across restarts),
// where to dial, and the two requests a volunteer makes. A restarted coordinator may listen elsewhere; after a few
// failed requests the manifest is looked up again for its new addresses. A manifest whose lowest accepted version
// is above ours is not taken into use: the volunteer is too old for the project (onTooOld), and a coordinator that
// refuses us as too old makes us look the manifest up again to learn it.
import type { PeerId } from '@libp2p/interface'
import { discoverProject, parseProjectKey } from '../net/discovery.js'
import { RemoteError, StaleManifestError } from '../net/errors.js'
import type { ManifestStore } from '../net/manifest-store.js'
import { sealEnvelope } from '../net/envelope.js'
import { MESSAGE_CODECS, type ProjectManifest, type ResultAck, type ResultSubmission, type WorkAssignment, type WorkRequest } from '../net/messages/index.js'
import type { PogsNode } from '../net/node.js'
import { request } from '../net/request-response.js'
import { requireVersion } from '../util/app-version.js'
import { isErrorCode, type ErrorCode } from '../util/error-codes.js'
import { PogsError, VersionTooOldError } from '../util/errors.js'
import { DISCOVERY_ATTEMPT_MS, DISCOVERY_RETRY_PAUSE_MS, REDISCOVER_AFTER_FAILURES, STORED_MANIFEST_DISCOVERY_MS } from './constants.js'
import { pause } from '../util/abortable-delay.js'
import type { VolunteerEventListener } from './events.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** The multiaddr protocol code of /p2p/. */
const P2P_CODE = 421

export interface CoordinatorLinkComponents {
  /** A Node peer, or the browser volunteer's (src/browser/browser-node.ts). */
  node: Pick<PogsNode, 'libp2p' | 'helia' | 'identity'>
  store: ManifestStore
  emit: VolunteerEventListener
  /** A manifest says this pogs is older than the project accepts: the volunteer must stop. */
  onTooOld: (err: VersionTooOldError) => void
}

/** The project's manifest and requests to its coordinator. */
export class CoordinatorLink {
  readonly project: PeerId
  private current: ProjectManifest | undefined
  private failures = 0
  private refreshing: Promise<void> | undefined
  private readonly connectListeners: Array<() => void> = []
  private readonly manifestListeners: Array<() => void> = []
  private readonly onConnect = (evt: CustomEvent<PeerId>): void => {
    if (evt.detail.equals(this.project)) for (const l of this.connectListeners) l()
  }

  constructor (private readonly components: CoordinatorLinkComponents, projectKey: string) {
    this.project = parseProjectKey(projectKey)
  }

  /** The manifest in use (undefined until one was found or read from the store). */
  get manifest (): ProjectManifest | undefined {
    return this.current
  }

  start (): void {
    this.components.node.libp2p.addEventListener('peer:connect', this.onConnect)
  }

  stop (): void {
    this.components.node.libp2p.removeEventListener('peer:connect', this.onConnect)
  }

  /** Calls `fn` whenever a connection to the coordinator opens (waiting requests may go now). */
  onCoordinatorConnected (fn: () => void): void {
    this.connectListeners.push(fn)
  }

  /** Calls `fn` whenever a manifest is taken into use. */
  onManifest (fn: () => void): void {
    this.manifestListeners.push(fn)
  }

  /**
   * Finds the project's manifest: a stored one is used at once (work goes on offline) while a newer one is looked
   * for; without one, looks until found or `signal` aborts, reporting each fruitless attempt.
   */
  async discover (signal: AbortSignal): Promise<ProjectManifest> {
    const stored = await this.components.store.get(this.project.toString())
    if (stored !== undefined) await this.use(stored.manifest)
    while (true) {
      signal.throwIfAborted()
      const window = stored !== undefined ? STORED_MANIFEST_DISCOVERY_MS : DISCOVERY_ATTEMPT_MS
      try {
        // Falls back to the stored manifest when nothing newer turns up within the window.
        const found = await discoverProject(this.components.node, this.project.toString(), this.components.store, { signal: AbortSignal.any([signal, timeoutSignal(window)]) })
        await this.use(found.manifest)
        return found.manifest
      } catch (err) {
        signal.throwIfAborted()
        if (err instanceof VersionTooOldError) throw err
        // The DHT still holds an older record than the one we accepted: ours stands.
        if (err instanceof StaleManifestError && this.current !== undefined) return this.current
        this.components.emit({ type: 'error', stage: 'discovery', code: codeOf(err), message: (err as Error).message })
        await pause(DISCOVERY_RETRY_PAUSE_MS, signal)
      }
    }
  }

  /** Asks for work. */
  async requestWork (body: WorkRequest, signal: AbortSignal): Promise<WorkAssignment> {
    return await this.call(async () => (await request(this.components.node.libp2p, this.project, 'work', body, { privateKey: this.components.node.identity.privateKey, signal })).body, signal)
  }

  /** Submits a result or an error report. */
  async submit (body: ResultSubmission, signal: AbortSignal): Promise<ResultAck> {
    return await this.call(async () => (await request(this.components.node.libp2p, this.project, 'result', body, { privateKey: this.components.node.identity.privateKey, signal })).body, signal)
  }

  /**
   * Submits several results and error reports in one request: each is sealed as its own `pogs/result/v1` envelope
   * (verifiers receive it byte for byte, as a single submission's), and the batch answers one ack per item in order.
   */
  async submitBatch (bodies: readonly ResultSubmission[], signal: AbortSignal): Promise<ResultAck[]> {
    const privateKey = this.components.node.identity.privateKey
    const results = await Promise.all(bodies.map(async (b) => await sealEnvelope(privateKey, { kind: 'result', payload: MESSAGE_CODECS.result.encode(b) })))
    return await this.call(async () => (await request(this.components.node.libp2p, this.project, 'result-batch', { results }, { privateKey, signal })).body.acks, signal)
  }

  /** Runs a request; counts failures to reach the coordinator (a refusal is an answer: it resets the count). */
  private async call<T> (fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
    try {
      const out = await fn()
      this.failures = 0
      return out
    } catch (err) {
      if (err instanceof RemoteError) {
        this.failures = 0
        // The coordinator accepts newer versions than the manifest we hold says: the newer manifest tells.
        if (isErrorCode(err.remoteCode) && err.remoteCode === 'ERR_VERSION_TOO_OLD') this.refresh(signal)
      } else if (!signal.aborted && ++this.failures >= REDISCOVER_AFTER_FAILURES) {
        this.failures = 0
        this.refresh(signal)
      }
      throw err
    }
  }

  /** Looks for a newer manifest in the background (one lookup at a time). */
  private refresh (signal: AbortSignal): void {
    if (this.refreshing !== undefined) return
    const window = AbortSignal.any([signal, timeoutSignal(STORED_MANIFEST_DISCOVERY_MS)])
    this.refreshing = discoverProject(this.components.node, this.project.toString(), this.components.store, { signal: window })
      .then(async (found) => { await this.use(found.manifest) })
      .catch(() => { /* nothing newer, or no DHT peers now: the next failures look again (too old: onTooOld was told) */ })
      .finally(() => { this.refreshing = undefined })
  }

  /**
   * Takes a manifest into use: its addresses go to the peer store, so dialling the project key finds them. Throws
   * VersionTooOldError (after telling onTooOld) when the manifest accepts only newer versions than ours.
   */
  private async use (manifest: ProjectManifest): Promise<void> {
    if (this.current !== undefined && manifest.sequence <= this.current.sequence) return
    try {
      requireVersion(manifest.minAppVersion)
    } catch (err) {
      if (err instanceof VersionTooOldError) this.components.onTooOld(err)
      throw err
    }
    const multiaddrs = manifest.addrs.map((a) => a.decapsulateCode(P2P_CODE))
    await this.components.node.libp2p.peerStore.merge(this.project, { multiaddrs }).catch(() => {})
    this.current = manifest
    this.components.emit({ type: 'manifest', sequence: manifest.sequence, coordinator: manifest.project, libraries: manifest.libraries.length })
    for (const l of this.manifestListeners) l()
  }
}

/** The stable code of an error (its PogsError code, else its name). */
export function codeOf (err: unknown): string {
  if (err instanceof RemoteError) return err.remoteCode
  if (err instanceof PogsError) return err.code
  return err instanceof Error ? err.name : 'ERR_UNKNOWN' satisfies ErrorCode
}
