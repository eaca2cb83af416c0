// The browser volunteer (docs/volunteer.md#in-a-browser-tab): finds the project from its key, asks the coordinator
// for as many units as it has workers, fetches payloads and libraries through Helia, fits in Web Workers and
// submits signed results: the Node volunteer's protocol clients (CoordinatorLink), message codecs, envelopes,
// result encoding and fit core, with a queue that lives only as long as the tab (an abandoned unit's deadline
// passes and the coordinator issues it again). Pause ends the workers at once; resume fits the held units again.
import { CoordinatorLink, codeOf } from '../volunteer/coordinator-link.js'
import type { VolunteerEvent } from '../volunteer/events.js'
import { FIT_CORE_VERSION } from '../fit/core-version.js'
import type { FitPool } from '../fit/pool.js'
import { addBytes, provideInBackground } from '../net/content.js'
import type { Assignment, ResultSubmission } from '../net/messages/index.js'
import { MAX_INLINE_RESULT_BYTES } from '../net/messages/result.js'
import { appVersion } from '../util/app-version.js'
import { pause } from '../util/abortable-delay.js'
import { decodeUnit, fitPayloadError } from './payload-errors.js'
import { fetchPayload } from '../work/fetch-payload.js'
import { fitUnit } from '../work/fit-unit.js'
import { MAX_UNIT_PAYLOAD_BYTES } from '../work/limits.js'
import type { WorkUnit } from '../work/unit-payload.js'
import { digestOf, encodeUnitResult } from '../work/unit-result.js'
import type { BrowserNode } from './browser-node.js'
import type { BrowserStores, Totals } from './browser-stores.js'
import { LibraryLoader } from './library-loader.js'
import { createWorkerPool } from './worker-pool.js'

/** Waits between failed requests, in ms. */
const RETRY_MS = 3_000
/** Most a "no work now" answer makes the page wait, in s. */
const MAX_IDLE_S = 30

export interface BrowserVolunteerInit {
  project: string
  threads: number
  name: string
  team: string
  /** The fit worker script's URL (a verified blob: URL, src/browser/page/integrity.ts). */
  workerUrl: string
  onEvent: (event: VolunteerEvent | PageEvent) => void
}

/** What the page shows beyond the Node volunteer's events. */
export type PageEvent =
  | { type: 'unit-started', unitId: string, galaxy: string, pixels: number }
  | { type: 'pixel', done: number, of: number }
  /** The unit's libraries are ready: blocks they took from the network this visit, and damaged blocks found. */
  | { type: 'libraries-ready', blocksFetched: number, corruptBlocks: number }
  /** A unit fitted: its result's digest (SHA-256 of the canonical encoding, hex), as the submission carries it. */
  | { type: 'unit-fitted', unitId: string, instanceId: string, pixels: number, seconds: number, digest: string }
  | { type: 'totals', totals: Totals }
  | { type: 'state', state: 'finding-project' | 'working' | 'idle' | 'paused' | 'loading-libraries' }

export class BrowserVolunteer {
  private readonly link: CoordinatorLink
  private readonly loader: LibraryLoader
  private pool: FitPool | undefined
  private readonly stopper = new AbortController()
  private fitting: AbortController | undefined
  private paused = false
  private resumeWake: (() => void) | undefined
  private threads: number
  /** The core share changed: the next unit gets a pool of the new size. */
  private poolStale = false
  private totals: Totals = { pixels: 0, units: 0, accepted: 0 }
  /** Units received and not yet submitted: fitted again after a pause. */
  private readonly held: Assignment[] = []

  constructor (private readonly node: BrowserNode, private readonly stores: BrowserStores, private readonly init: BrowserVolunteerInit) {
    this.threads = init.threads
    const emit = (e: VolunteerEvent): void => { init.onEvent(e) }
    this.link = new CoordinatorLink({ node, store: stores.manifests(), emit, onTooOld: (err) => { emit({ type: 'error', stage: 'discovery', code: err.code, message: err.message }); this.stopper.abort() } }, init.project)
    this.loader = new LibraryLoader(node.helia, node.blockstore, init.workerUrl, node.reachable)
    // The coordinator seeds each library block to few peers (seeding.ts): ask the other holders first.
    node.wants.preferOthersTo(init.project)
  }

  /** Runs until stop(). */
  async run (): Promise<void> {
    this.totals = await this.stores.totals()
    this.init.onEvent({ type: 'totals', totals: this.totals })
    const signal = this.stopper.signal
    this.link.start()
    this.announceWhenReachable(signal)
    this.state('finding-project')
    // Discovery goes on in the background (a stored manifest is taken into use at once while a newer one is looked
    // for, as the Node volunteer does); work starts as soon as a manifest is in use. It ends only when stopped or
    // when the project needs a newer pogs (onTooOld stops the volunteer).
    this.link.discover(signal).catch(() => {})
    if (this.link.manifest === undefined) {
      await new Promise<void>((resolve) => {
        this.link.onManifest(resolve)
        signal.addEventListener('abort', () => { resolve() }, { once: true })
      })
    }
    while (!signal.aborted) {
      await this.whileUnpaused()
      if (signal.aborted) return
      if (this.held.length === 0 && !await this.requestWork(signal)) continue
      const a = this.held[0]
      if (a.deadlineMs <= Date.now()) {
        // Held past its deadline (a long pause): the coordinator has issued it to someone else.
        this.held.shift()
        this.init.onEvent({ type: 'dropped', reason: 'ERR_DEADLINE_PASSED', unitId: a.unitId, instanceId: a.instanceId })
        continue
      }
      const done = await this.work(a, signal)
      if (done) this.held.shift()
    }
  }

  pause (): void {
    if (this.paused) return
    this.paused = true
    this.fitting?.abort(new DOMException('paused', 'AbortError'))
    void this.closePool()
    this.state('paused')
  }

  resume (): void {
    if (!this.paused) return
    this.paused = false
    this.resumeWake?.()
  }

  /** Fits on `n` workers from the next unit on (the unit being fitted finishes on the current workers). */
  setThreads (n: number): void {
    if (n === this.threads) return
    this.threads = n
    this.poolStale = true
  }

  async stop (): Promise<void> {
    this.stopper.abort()
    this.fitting?.abort()
    this.resumeWake?.()
    this.link.stop()
    await this.closePool()
  }

  /**
   * Once the page holds a relay slot (other pages can dial it), announces the libraries it already holds, so that
   * pages fetching them later find it; libraries fetched from then on are announced as they are fetched
   * (library-loader.ts).
   */
  private announceWhenReachable (signal: AbortSignal): void {
    const libp2p = this.node.libp2p
    const check = (): void => {
      if (!this.node.reachable()) return
      libp2p.removeEventListener('self:peer:update', check)
      if (this.link.manifest !== undefined) void this.announceHeld(signal)
      else this.link.onManifest(() => { void this.announceHeld(signal) })
    }
    libp2p.addEventListener('self:peer:update', check)
    signal.addEventListener('abort', () => { libp2p.removeEventListener('self:peer:update', check) }, { once: true })
    check()
  }

  private async announceHeld (signal: AbortSignal): Promise<void> {
    for (const lib of this.link.manifest?.libraries ?? []) {
      if (signal.aborted) return
      if (await this.node.helia.pins.isPinned(lib.cid, { signal }).catch(() => false)) provideInBackground(this.node.helia, lib.cid)
    }
  }

  private async whileUnpaused (): Promise<void> {
    while (this.paused && !this.stopper.signal.aborted) {
      await new Promise<void>((resolve) => { this.resumeWake = resolve })
    }
  }

  private state (state: Extract<PageEvent, { type: 'state' }>['state']): void {
    this.init.onEvent({ type: 'state', state })
  }

  /** Asks for units; false when none came (after waiting as told) or the request failed (after a pause). */
  private async requestWork (signal: AbortSignal): Promise<boolean> {
    const manifest = this.link.manifest
    if (manifest === undefined) return false
    try {
      const libraries = []
      for (const lib of manifest.libraries) if (await this.node.helia.pins.isPinned(lib.cid, { signal })) libraries.push(lib.cid)
      const reply = await this.link.requestWork({ cores: this.threads, maxUnits: this.threads, appVersion: appVersion(), libraries, coreVersion: FIT_CORE_VERSION }, signal)
      const live = reply.units.filter((u) => u.deadlineMs > Date.now())
      for (const a of live) this.init.onEvent({ type: 'assigned', unitId: a.unitId, instanceId: a.instanceId, deadlineMs: a.deadlineMs, estimatedCpuS: a.estimatedCpuS })
      this.held.push(...live)
      if (live.length > 0) return true
      const s = Math.min(MAX_IDLE_S, Math.max(1, reply.retryAfterS))
      this.state('idle')
      this.init.onEvent({ type: 'waiting', retryAfterS: s })
      await pause(s * 1000, signal)
      return false
    } catch (err) {
      if (signal.aborted) return false
      this.init.onEvent({ type: 'retrying', stage: 'work', code: codeOf(err), inS: RETRY_MS / 1000 })
      await pause(RETRY_MS, signal)
      return false
    }
  }

  /** Fits and submits one unit; true when it is finished with (submitted, or reported as unfittable). */
  private async work (a: Assignment, stop: AbortSignal): Promise<boolean> {
    this.fitting = new AbortController()
    const signal = AbortSignal.any([stop, this.fitting.signal])
    let unit: WorkUnit
    try {
      const bytes = a.payload ?? await fetchPayload(this.node.helia, a.payloadCid?.toString() ?? '', MAX_UNIT_PAYLOAD_BYTES, signal)
      unit = decodeUnit(bytes, a.unitId)
      this.state('loading-libraries')
      await this.loader.ensure(unit.optical, unit.infrared, signal)
      this.init.onEvent({ type: 'libraries-ready', blocksFetched: this.loader.blocksFetched, corruptBlocks: this.node.blockstore.corrupt })
    } catch (err) {
      if (signal.aborted) return false
      const report = fitPayloadError(err)
      if (report === undefined) {
        this.init.onEvent({ type: 'retrying', stage: 'prepare', code: codeOf(err), inS: RETRY_MS / 1000 })
        await pause(RETRY_MS, stop)
        return false
      }
      await this.submit(a, { coreVersion: FIT_CORE_VERSION, digest: new Uint8Array(0), cpuMs: 0, errorCode: report }, stop)
      return true
    }
    this.state('working')
    this.init.onEvent({ type: 'unit-started', unitId: unit.unitId, galaxy: unit.galaxy, pixels: unit.pixels.length })
    if (this.poolStale) {
      this.poolStale = false
      await this.closePool()
    }
    const pool = this.pool ??= createWorkerPool(this.init.workerUrl, this.threads, this.loader.pairs)
    const started = performance.now()
    let done = 0
    let bytes: Uint8Array
    try {
      const result = await fitUnit(pool, unit, { signal, onPixel: () => { this.init.onEvent({ type: 'pixel', done: ++done, of: unit.pixels.length }) } })
      bytes = encodeUnitResult(result)
    } catch (err) {
      if (signal.aborted) return false
      this.init.onEvent({ type: 'error', stage: 'fit', code: codeOf(err), message: (err as Error).message })
      await this.closePool()
      await pause(RETRY_MS, stop)
      return false
    }
    const seconds = (performance.now() - started) / 1000
    const digest = digestOf(bytes)
    this.init.onEvent({ type: 'unit-fitted', unitId: unit.unitId, instanceId: a.instanceId, pixels: unit.pixels.length, seconds, digest: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') })
    this.totals = { ...this.totals, pixels: this.totals.pixels + unit.pixels.length, units: this.totals.units + 1 }
    const content = bytes.length <= MAX_INLINE_RESULT_BYTES ? { result: bytes } : { resultCid: await addBytes(this.node.helia, bytes, { provide: false }) }
    // Wall-clock time on the threads: a page cannot read its CPU time (self-asserted and informational, as on Node).
    await this.submit(a, { ...content, coreVersion: FIT_CORE_VERSION, digest, cpuMs: Math.round(seconds * 1000 * this.threads), errorCode: 0 }, stop)
    return true
  }

  private async submit (a: Assignment, body: Omit<ResultSubmission, 'unitId' | 'instanceId' | 'nonce' | 'volunteerName' | 'team' | 'appVersion'>, signal: AbortSignal): Promise<void> {
    const submission: ResultSubmission = { unitId: a.unitId, instanceId: a.instanceId, nonce: a.nonce, volunteerName: this.init.name, team: this.init.team, appVersion: appVersion(), ...body }
    while (!signal.aborted) {
      try {
        const ack = await this.link.submit(submission, signal)
        this.init.onEvent({ type: 'submitted', accepted: ack.accepted, reason: ack.reason, errorCode: body.errorCode, unitId: a.unitId, instanceId: a.instanceId })
        if (ack.accepted && body.errorCode === 0) this.totals = { ...this.totals, accepted: this.totals.accepted + 1 }
        await this.stores.saveTotals(this.totals)
        this.init.onEvent({ type: 'totals', totals: this.totals })
        return
      } catch (err) {
        if (signal.aborted) return
        this.init.onEvent({ type: 'retrying', stage: 'result', code: codeOf(err), inS: RETRY_MS / 1000 })
        await pause(RETRY_MS, signal)
      }
    }
  }

  private async closePool (): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    await pool?.close()
  }
}
