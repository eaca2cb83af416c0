// Turns queued assignments into results. Two loops: one prepares units (payload and libraries) one at a time, as
// soon as they are assigned, so the queue is fully local while the coordinator is reachable and can be worked
// through offline; the other fits prepared units on every core (earliest deadline first, two at a time so one
// unit's last pixels overlap the next one's first) and stores each result as pinned content before marking the
// unit fitted.
import type { ContentHelia } from '../net/content.js'
import { addBytes } from '../net/content.js'
import type { ErrorCode } from '../util/error-codes.js'
import { FIT_CORE_VERSION } from '../fit/core-version.js'
import type { WorkUnit } from '../work/unit-payload.js'
import { PREPARE_RETRY_MAX_MS, PREPARE_RETRY_MIN_MS, UNIT_ERROR_CODES, UNITS_IN_FLIGHT } from './constants.js'
import type { ContentGate } from './content-gate.js'
import { codeOf } from './coordinator-link.js'
import type { VolunteerEventListener } from './events.js'
import type { Janitor } from './janitor.js'
import type { LibraryBudget } from './library-budget.js'
import { prepareUnit, type PrepareOptions } from './prepare-unit.js'
import { byDeadline, itemRef, type QueueItem } from './queue-item.js'
import type { QueueStore } from './queue-store.js'
import type { UnitFitter } from './unit-fitter.js'
import { backoffMs, Waker } from './waker.js'

export interface UnitPipelineComponents {
  helia: ContentHelia
  queue: QueueStore
  gate: ContentGate
  fitter: UnitFitter
  janitor: Janitor
  /** Records library use and evicts beyond the cache's budget, after each unit is prepared. */
  libraries: LibraryBudget
  emit: VolunteerEventListener
  now: () => number
  /** Called when an item left the `assigned` state (room in the queue, something to submit). */
  onFinished: () => void
}

export interface UnitPipelineInit {
  librariesDir: string
  prepareRetry?: { minMs: number, maxMs: number }
  prepare?: Omit<PrepareOptions, 'signal'>
  /** Units fitted at once (default UNITS_IN_FLIGHT). */
  unitsInFlight?: number
}

export class UnitPipeline {
  /** Wakes the prepare loop: new assignments. */
  readonly assignedWaker = new Waker()
  private readonly fitWaker = new Waker()
  private readonly prepared = new Map<string, WorkUnit>()
  private readonly retries = new Map<string, { attempts: number, atMs: number }>()
  /** Units being fitted now, by instance id. */
  private readonly fitting = new Map<string, Promise<void>>()

  constructor (private readonly components: UnitPipelineComponents, private readonly init: UnitPipelineInit) {}

  /** Prepares assigned units until `signal` aborts. */
  async runPrepare (signal: AbortSignal): Promise<void> {
    const { queue, now } = this.components
    while (!signal.aborted) {
      await this.dropExpired()
      const waiting = queue.list('assigned').filter((i) => !this.prepared.has(i.instanceId)).sort(byDeadline)
      const next = waiting.find((i) => (this.retries.get(i.instanceId)?.atMs ?? 0) <= now())
      if (next === undefined) {
        const retryAt = Math.min(...waiting.map((i) => this.retries.get(i.instanceId)?.atMs ?? Infinity))
        await this.assignedWaker.wait(Number.isFinite(retryAt) ? retryAt - now() : undefined, signal)
        continue
      }
      try {
        await this.prepareOne(next, signal)
      } catch (err) {
        if (signal.aborted) return
        throw err
      }
    }
  }

  /** Fits prepared units, up to `unitsInFlight` at once, until `signal` aborts. */
  async runFit (signal: AbortSignal): Promise<void> {
    const { queue } = this.components
    const limit = this.init.unitsInFlight ?? UNITS_IN_FLIGHT
    const fitting = this.fitting
    let failure: unknown
    while (!signal.aborted && failure === undefined) {
      const next = fitting.size >= limit
        ? undefined
        : queue.list('assigned').filter((i) => this.prepared.has(i.instanceId) && !fitting.has(i.instanceId)).sort(byDeadline)[0]
      if (next === undefined) {
        await this.fitWaker.wait(undefined, signal)
        continue
      }
      const run = this.fitOne(next, signal)
        .catch((err: unknown) => { if (!signal.aborted) failure = err })
        .finally(() => { fitting.delete(next.instanceId); this.fitWaker.wake() })
      fitting.set(next.instanceId, run)
    }
    await Promise.all(fitting.values())
    if (failure !== undefined) throw failure
  }

  private async prepareOne (item: QueueItem, signal: AbortSignal): Promise<void> {
    const { gate, emit, now } = this.components
    const outcome = await gate.shared(async () => await prepareUnit(this.components.helia, this.init.librariesDir, item, { ...this.init.prepare, signal }))
    if (this.components.queue.get(item.instanceId)?.state !== 'assigned') return
    if (outcome.ok) {
      this.retries.delete(item.instanceId)
      if (outcome.fetched.length > 0) {
        this.components.fitter.librariesChanged(outcome.fetched)
        emit({ type: 'libraries', names: outcome.fetched, ...itemRef(item) })
      }
      this.prepared.set(item.instanceId, outcome.unit)
      emit({ type: 'prepared', pixels: outcome.unit.pixels.length, ...itemRef(item) })
      this.fitWaker.wake()
      await this.useLibraries(outcome.unit, signal)
    } else if (outcome.permanent) {
      this.retries.delete(item.instanceId)
      this.fail(item, outcome.errorCode, outcome.reason)
    } else {
      const attempts = (this.retries.get(item.instanceId)?.attempts ?? 0) + 1
      const retry = this.init.prepareRetry ?? { minMs: PREPARE_RETRY_MIN_MS, maxMs: PREPARE_RETRY_MAX_MS }
      const wait = backoffMs(attempts, retry.minMs, retry.maxMs)
      this.retries.set(item.instanceId, { attempts, atMs: now() + wait })
      emit({ type: 'retrying', stage: 'prepare', code: outcome.code, inS: wait / 1000, ...itemRef(item) })
    }
  }

  private async fitOne (item: QueueItem, signal: AbortSignal): Promise<void> {
    const { emit, now, queue } = this.components
    const unit = this.prepared.get(item.instanceId) as WorkUnit
    if (item.deadlineMs <= now()) {
      this.prepared.delete(item.instanceId)
      await this.components.janitor.drop(item, 'ERR_DEADLINE_PASSED' satisfies ErrorCode)
      this.components.onFinished()
      return
    }
    emit({ type: 'fitting', pixels: unit.pixels.length, ...itemRef(item) })
    let fitted
    try {
      fitted = await this.components.fitter.fit(unit, signal)
    } catch (err) {
      signal.throwIfAborted()
      this.prepared.delete(item.instanceId)
      this.fail(item, UNIT_ERROR_CODES.FIT_FAILED, codeOf(err))
      return
    }
    const bytes = fitted.bytes
    const cid = await this.components.gate.shared(async () => await addBytes(this.components.helia, bytes, { signal, provide: false }))
    this.prepared.delete(item.instanceId)
    const current = queue.get(item.instanceId)
    if (current?.state !== 'assigned') return
    const result = {
      cid: cid.toString(), digest: Buffer.from(fitted.digest).toString('hex'), pixels: fitted.pixels, cpuMs: fitted.cpuMs, seconds: fitted.seconds,
      // Submitted with the result: the coordinator takes it only from the core its instance was assigned to.
      coreVersion: FIT_CORE_VERSION
    }
    queue.put({ ...current, state: 'fitted', result })
    emit({ type: 'fitted', pixels: result.pixels, seconds: result.seconds, cpuMs: result.cpuMs, resultCid: result.cid, digest: result.digest, ...itemRef(item) })
    this.components.onFinished()
  }

  /** Records the unit's libraries as used and keeps the cache within its budget. Trouble there is reported; the
   * unit, prepared already, goes on. */
  private async useLibraries (unit: WorkUnit, signal: AbortSignal): Promise<void> {
    try {
      const removed = await this.components.libraries.use([unit.optical, unit.infrared], this.neededLibraries(), { signal })
      // A pool that listed an evicted file would look for it at that redshift.
      if (removed.length > 0) this.components.fitter.librariesChanged(removed)
    } catch (err) {
      if (signal.aborted) return
      this.components.emit({ type: 'error', stage: 'prepare', code: codeOf(err), message: (err as Error).message })
    }
  }

  /** The library CIDs that queued units name: those waiting or being fitted, and those whose result or error report
   * is not acknowledged yet. */
  private neededLibraries (): Set<string> {
    const needed = new Set<string>()
    for (const item of this.components.queue.list('assigned', 'fitted', 'failed')) for (const cid of item.libraryCids) needed.add(cid)
    // The payload names them too (the assignment should name the same ones).
    for (const unit of this.prepared.values()) for (const ref of [unit.optical, unit.infrared]) needed.add(ref.cid)
    return needed
  }

  /** Queues an error report instead of a result. */
  private fail (item: QueueItem, errorCode: number, reason: string): void {
    const current = this.components.queue.get(item.instanceId)
    if (current?.state !== 'assigned') return
    this.components.queue.put({ ...current, state: 'failed', error: { code: errorCode, reason } })
    this.components.emit({ type: 'failed', errorCode, reason, ...itemRef(item) })
    this.components.onFinished()
  }

  /** Drops assigned units whose deadline passed: the coordinator has reissued them, a late fit is wasted work. */
  private async dropExpired (): Promise<void> {
    for (const item of this.components.queue.list('assigned')) {
      // A unit being fitted is finished and submitted: the coordinator takes late results while the unit is open.
      if (item.deadlineMs > this.components.now() || this.fitting.has(item.instanceId)) continue
      this.prepared.delete(item.instanceId)
      this.retries.delete(item.instanceId)
      await this.components.janitor.drop(item, 'ERR_DEADLINE_PASSED' satisfies ErrorCode)
      this.components.onFinished()
    }
  }
}
