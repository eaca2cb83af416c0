// A volunteer (docs/volunteer.md): finds its project from the key, keeps a local queue of work sized to its
// cores, fetches units and libraries (libraries stay pinned and are served to other volunteers, within the cache's
// budget), fits on worker threads, and returns signed results, all while surviving restarts and coordinator
// outages.
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { readLocalContent, Reprovider } from '../net/content.js'
import { REPROVIDE_INTERVAL_MS } from '../net/constants.js'
import { manifestStoreIn } from '../net/manifest-files.js'
import type { ProjectManifest } from '../net/messages/index.js'
import type { PogsNode } from '../net/node.js'
import type { FitPool, FitPoolInit } from '../fit/index.js'
import { LibraryStore } from '../work/library-store.js'
import { LIBRARY_CACHE_BYTES, LOOP_RESTART_PAUSE_MS, MAX_NAME_LENGTH, RESULT_RETENTION_MS, SWEEP_INTERVAL_MS, UNITS_PER_CORE } from './constants.js'
import { ContentGate } from './content-gate.js'
import { VolunteerBannedError, VolunteerOptionError } from './errors.js'
import type { ErrorCode } from '../util/error-codes.js'
import type { PogsError } from '../util/errors.js'
import { codeOf, CoordinatorLink } from './coordinator-link.js'
import type { Stage, VolunteerEvent, VolunteerEventListener } from './events.js'
import { Janitor } from './janitor.js'
import { LibraryBudget } from './library-budget.js'
import type { PrepareOptions } from './prepare-unit.js'
import { QueueStore } from './queue-store.js'
import { Submitter } from './submitter.js'
import { UnitFitter, type ResultHook } from './unit-fitter.js'
import { UnitPipeline } from './unit-pipeline.js'
import { Waker } from './waker.js'
import { WorkRequester } from './work-requester.js'

/** Options of a volunteer. */
export interface VolunteerInit {
  /** The project key (its coordinator's peer id). */
  project: string
  /** Cores to fit on (worker threads); default every core. */
  cpus?: number
  /** Local queue size per core (units assigned and not yet fitted); default UNITS_PER_CORE. */
  unitsPerCore?: number
  /** Units fitted at once, sharing the threads; default UNITS_IN_FLIGHT. */
  unitsInFlight?: number
  /** Self-asserted name and team sent with each result (credit tables show them); at most 64 characters. */
  name?: string
  team?: string
  /** Sees each unit's result before it is encoded, digested and signed, and returns the result to submit
   * (ResultHook); default none: the fit as is. */
  resultHook?: ResultHook
  /** Backoff for requests to the coordinator, in ms (default RETRY_MIN_MS..RETRY_MAX_MS). */
  retry?: { minMs: number, maxMs: number }
  /** Backoff for a unit whose payload or libraries could not be fetched, in ms. */
  prepareRetry?: { minMs: number, maxMs: number }
  /** Payload size limit and fetch timeouts. */
  prepare?: Omit<PrepareOptions, 'signal'>
  /** Disk the model libraries may take, blocks and files, in bytes (default LIBRARY_CACHE_BYTES; Infinity: no
   * bound). Beyond it the least recently used libraries no queued unit names are evicted. */
  libraryCacheBytes?: number
  /** How long acknowledged results stay pinned, in ms (default RESULT_RETENTION_MS). */
  resultRetentionMs?: number
  /** How often acknowledged items are cleaned up, in ms (default SWEEP_INTERVAL_MS). */
  sweepIntervalMs?: number
  reprovideIntervalMs?: number
  /** Receives every event (must not throw). */
  onEvent?: VolunteerEventListener
  /** The fit pool factory (tests); default createFitPool. */
  createPool?: (init: FitPoolInit) => FitPool
  now?: () => number
}

/** What the queue holds now. */
export interface VolunteerQueueCounts {
  /** Units assigned, not yet fitted. */
  assigned: number
  /** Results and error reports not yet acknowledged. */
  unsubmitted: number
  /** Acknowledged, kept until their retention ends. */
  done: number
}

/**
 * A volunteer on a running PogsNode. State lives in `dataDir` (normally the node's): `queue/` (one JSON file per
 * assignment), `libraries/` (library files by manifest name, for the fit pool), `libraries.json` (what each
 * library takes and when it was last used), `manifests/` (the accepted manifest). start() returns once the loops
 * run; stop() ends them and the fit pool; the node is the caller's.
 */
export class VolunteerService {
  readonly cpus: number
  private readonly controller = new AbortController()
  private readonly queue: QueueStore
  private readonly libraryStore: LibraryStore
  private readonly link: CoordinatorLink
  private readonly gate = new ContentGate()
  private readonly fitter: UnitFitter
  private readonly janitor: Janitor
  private readonly pipeline: UnitPipeline
  private readonly submitter: Submitter
  private readonly requester: WorkRequester
  private readonly reprovider: Reprovider
  private readonly sweepWaker = new Waker()
  private loops: Array<Promise<void>> = []
  private started = false
  private resolveFailed: (err: PogsError) => void = () => {}
  /**
   * Resolves with the error that made the volunteer stop working on its own, its loops ended: a manifest says this
   * pogs is older than the project accepts (VersionTooOldError), or the project refuses its key work
   * (VolunteerBannedError). Never resolves otherwise; stop() is still due.
   */
  readonly failed = new Promise<PogsError>((resolve) => { this.resolveFailed = resolve })

  constructor (node: PogsNode, dataDir: string, private readonly init: VolunteerInit) {
    const cpus = init.cpus ?? availableParallelism()
    // 1024: the work protocol's bound on `cores`.
    if (!Number.isSafeInteger(cpus) || cpus < 1 || cpus > 1024) throw new VolunteerOptionError('cpus', 'must be 1..1024')
    const perCore = init.unitsPerCore ?? UNITS_PER_CORE
    if (!Number.isSafeInteger(perCore) || perCore < 1) throw new VolunteerOptionError('unitsPerCore', 'must be a positive integer')
    if (init.unitsInFlight !== undefined && (!Number.isSafeInteger(init.unitsInFlight) || init.unitsInFlight < 1)) throw new VolunteerOptionError('unitsInFlight', 'must be a positive integer')
    const cacheBytes = init.libraryCacheBytes ?? LIBRARY_CACHE_BYTES
    if (typeof cacheBytes !== 'number' || !(cacheBytes > 0)) throw new VolunteerOptionError('libraryCacheBytes', 'must be a positive number of bytes')
    for (const [k, v] of [['name', init.name], ['team', init.team]] as const) {
      if (v !== undefined && v.length > MAX_NAME_LENGTH) throw new VolunteerOptionError(k, `is longer than ${MAX_NAME_LENGTH} characters`)
    }
    this.cpus = cpus
    const emit = this.emit.bind(this)
    const now = init.now ?? Date.now
    const librariesDir = join(dataDir, 'libraries')
    this.queue = new QueueStore(dataDir)
    this.libraryStore = new LibraryStore(join(dataDir, 'libraries.json'))
    this.link = new CoordinatorLink({ node, store: manifestStoreIn(dataDir), emit, onTooOld: (err) => { this.fail('discovery', err) } }, init.project)
    // The coordinator seeds libraries; other volunteers fetching them too are asked first (want-routing.ts).
    node.wants.preferOthersTo(this.link.project)
    this.fitter = new UnitFitter({ librariesDir, threads: cpus, resultHook: init.resultHook, createPool: init.createPool })
    this.janitor = new Janitor({
      helia: node.helia,
      queue: this.queue,
      gate: this.gate,
      emit,
      now,
      onUnpinned: () => { this.sweepWaker.wake() }
    }, init.resultRetentionMs ?? RESULT_RETENTION_MS)
    const readResult = async (cid: string, maxBytes: number): Promise<Uint8Array | undefined> => await readLocalContent(node.helia, cid, maxBytes)
    this.submitter = new Submitter({ link: this.link, queue: this.queue, janitor: this.janitor, emit, now, readResult }, {
      volunteerName: init.name ?? '',
      team: init.team ?? '',
      retry: init.retry
    })
    this.requester = new WorkRequester({
      link: this.link,
      helia: node.helia,
      queue: this.queue,
      emit,
      now,
      onAssigned: () => { this.pipeline.assignedWaker.wake() },
      onBanned: (why) => { this.fail('work', new VolunteerBannedError(why)) }
    }, { cpus, capacity: cpus * perCore, retry: init.retry })
    const libraries = new LibraryBudget({
      helia: node.helia,
      gate: this.gate,
      store: this.libraryStore,
      emit,
      now,
      listed: () => this.link.manifest?.libraries ?? []
    }, { librariesDir, budgetBytes: cacheBytes })
    this.pipeline = new UnitPipeline({
      helia: node.helia,
      queue: this.queue,
      gate: this.gate,
      fitter: this.fitter,
      janitor: this.janitor,
      libraries,
      emit,
      now,
      onFinished: () => { this.requester.waker.wake(); this.submitter.waker.wake() }
    }, { librariesDir, prepareRetry: init.prepareRetry, prepare: init.prepare, unitsInFlight: init.unitsInFlight })
    this.link.onCoordinatorConnected(() => { this.requester.reconnected(); this.submitter.reconnected() })
    this.link.onManifest(() => { this.requester.waker.wake() })
    this.reprovider = new Reprovider(node.helia, init.reprovideIntervalMs ?? REPROVIDE_INTERVAL_MS)
  }

  /** Reads the queue, then starts discovery, the work requests, the fits and the submissions. */
  async start (): Promise<void> {
    if (this.started) throw new Error('volunteer already started')
    this.started = true
    for (const bad of this.queue.load()) this.emit({ type: 'error', stage: 'queue', code: 'ERR_QUEUE_FILE' satisfies ErrorCode, message: `${bad.file} set aside: ${bad.why}` })
    const badCache = this.libraryStore.load()
    if (badCache !== undefined) this.emit({ type: 'error', stage: 'queue', code: 'ERR_LIBRARY_CACHE_FILE' satisfies ErrorCode, message: `libraries.json set aside: ${badCache}` })
    const counts = this.counts()
    if (counts.assigned + counts.unsubmitted > 0) this.emit({ type: 'resumed', assigned: counts.assigned, unsubmitted: counts.unsubmitted })
    this.link.start()
    this.reprovider.start()
    const signal = this.controller.signal
    this.loops = [
      this.guard('discovery', async () => { await this.link.discover(signal) }),
      this.guard('work', async () => { await this.requester.run(signal) }),
      this.guard('prepare', async () => { await this.pipeline.runPrepare(signal) }),
      this.guard('fit', async () => { await this.pipeline.runFit(signal) }),
      this.guard('result', async () => { await this.submitter.run(signal) }),
      this.guard('sweep', async () => { await this.sweepLoop(signal) })
    ]
  }

  /** Ends every loop and the fit pool (a fit in progress is abandoned; its unit is fitted again next time). */
  async stop (): Promise<void> {
    this.controller.abort()
    this.link.stop()
    this.reprovider.stop()
    await Promise.all(this.loops)
    await this.fitter.close()
  }

  /** The manifest in use, once found. */
  get manifest (): ProjectManifest | undefined {
    return this.link.manifest
  }

  /** How many items the queue holds in each state. */
  counts (): VolunteerQueueCounts {
    return {
      assigned: this.queue.list('assigned').length,
      unsubmitted: this.queue.list('fitted', 'failed').length,
      done: this.queue.list('done').length
    }
  }

  /** Fit pools started so far: one per process unless new libraries arrived (or a fit failed). */
  get poolsStarted (): number {
    return this.fitter.poolsStarted
  }

  private async sweepLoop (signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.janitor.sweep(signal).catch((err: unknown) => {
        if (!signal.aborted) this.emit({ type: 'error', stage: 'sweep', code: codeOf(err), message: (err as Error).message })
      })
      await this.sweepWaker.wait(this.init.sweepIntervalMs ?? SWEEP_INTERVAL_MS, signal)
    }
  }

  /** Runs a loop; a loop that fails unexpectedly is reported and started again after a pause, so one bug (a full
   * disk, say) does not silently stop the volunteer. */
  private async guard (stage: Stage, loop: () => Promise<void>): Promise<void> {
    const signal = this.controller.signal
    const pause = new Waker()
    while (!signal.aborted) {
      try {
        await loop()
        return
      } catch (err) {
        if (signal.aborted) return
        this.emit({ type: 'error', stage, code: codeOf(err), message: (err as Error).message })
        await pause.wait(LOOP_RESTART_PAUSE_MS, signal)
      }
    }
  }

  /** Stops every loop for good (the queue stays on disk for an upgraded pogs) and says why. */
  private fail (stage: Stage, err: PogsError): void {
    if (this.controller.signal.aborted) return
    this.emit({ type: 'error', stage, code: err.code, message: err.message })
    this.controller.abort()
    this.resolveFailed(err)
  }

  private emit (event: VolunteerEvent): void {
    try {
      this.init.onEvent?.(event)
    } catch {
      // a listener's bug must not stop the volunteer
    }
  }
}
