// Recomputation outside the request (docs/verifier.md#pending-verdicts): a request whose judgement needs pixels
// recomputed is queued and answered PENDING with an estimate; the queue fits one request's pixels at a time, each
// bounded by its unit's stated cost, and keeps the finished verdict for when the coordinator asks again with the
// same replicas. Both the queue and the finished verdicts are bounded.
import { createHash } from 'node:crypto'
import type { Verdict } from '../net/messages/index.js'
import { PogsError } from '../util/errors.js'
import { recomputeTimeoutMs } from '../work/recompute-timeout.js'
import type { WorkUnit } from '../work/unit-payload.js'
import type { PixelResult } from '../work/unit-result.js'
import {
  FINISHED_VERDICTS, MAX_QUEUED_RECOMPUTATIONS, MAX_RETRY_AFTER_S, RETRY_ESTIMATE_FACTOR, UNSTATED_PIXEL_SECONDS
} from './constants.js'
import { recomputeWithin, type Recomputation } from './recompute.js'
import type { CheckedReplica } from './replica-check.js'

/** The recomputation queue is full: the coordinator is told ERR_BUSY and asks again later. */
export class RecomputeQueueFullError extends PogsError {
  constructor (limit: number) {
    super('ERR_BUSY', `${limit} recomputations are waiting already`)
  }
}

/** A request's recomputation: the unit cut down to the pixels to fit, and what to make of them. */
export interface RecomputeJob {
  /** verdictKey of the request. */
  key: string
  /** The unit with only the pixels to recompute, in order. */
  unit: WorkUnit
  /** The verdict from the pixels' recomputations (in the unit's order); reports it too. */
  finish: (outcomes: Recomputation[]) => Verdict
}

/** What the queue needs. */
export interface RecomputeQueueComponents {
  /** Fits pixel k of the unit; undefined when its libraries are not held in time. */
  recompute: (unit: WorkUnit, k: number, signal: AbortSignal) => Promise<PixelResult | undefined>
  /** The verifier's lifetime: when it aborts, queued and running jobs are dropped without a verdict. */
  signal: AbortSignal
  maxQueued?: number
  maxFinished?: number
  /** A job failed for its own reasons (it is dropped; the next request for it starts over). */
  onError?: (err: unknown) => void
}

/**
 * The key of a request's verdict: the unit and each replica as judged (instance, signer, core and digest of a
 * well-formed one; instance and reason of a malformed one), sorted, so the same replicas in any order find it.
 */
export function verdictKey (unitId: string, checked: readonly CheckedReplica[]): string {
  const lines = checked.map((r) => r.ok
    ? `${r.instanceId}\t${r.signer}\t${r.coreVersion}\t${Buffer.from(r.digest).toString('hex')}`
    : `${r.instanceId ?? '-'}\t!${r.reason}`).sort()
  return createHash('sha256').update(unitId).update('\n').update(lines.join('\n')).digest('hex')
}

/** Seconds one of the unit's pixels is taken to cost. */
function pixelSeconds (unit: WorkUnit): number {
  const s = unit.estimatedPixelSeconds
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? s : UNSTATED_PIXEL_SECONDS
}

/** Runs queued recomputations one request at a time and keeps their verdicts. */
export class RecomputeQueue {
  /** Queued and running jobs in queue order, with the pixels each has left. */
  private readonly waiting = new Map<string, { seconds: number, left: number }>()
  /** Finished verdicts, least recently used first. */
  private readonly done = new Map<string, Verdict>()
  private tail: Promise<void> = Promise.resolve()
  private readonly maxQueued: number
  private readonly maxFinished: number

  constructor (private readonly c: RecomputeQueueComponents) {
    this.maxQueued = c.maxQueued ?? MAX_QUEUED_RECOMPUTATIONS
    this.maxFinished = c.maxFinished ?? FINISHED_VERDICTS
  }

  /** The finished verdict for `key`, if it is still kept. */
  finished (key: string): Verdict | undefined {
    const v = this.done.get(key)
    if (v !== undefined) {
      this.done.delete(key)
      this.done.set(key, v)
    }
    return v
  }

  /** Seconds until `key`'s verdict is likely ready, or undefined when it is not queued. */
  estimate (key: string): number | undefined {
    let seconds = 0
    for (const [k, job] of this.waiting) {
      seconds += job.left * job.seconds
      if (k === key) return Math.min(MAX_RETRY_AFTER_S, Math.ceil(RETRY_ESTIMATE_FACTOR * seconds) + 1)
    }
    return undefined
  }

  /** Queues `job` (RecomputeQueueFullError when full) and returns the estimate of when its verdict is ready. */
  enqueue (job: RecomputeJob): number {
    if (this.waiting.size >= this.maxQueued) throw new RecomputeQueueFullError(this.maxQueued)
    const entry = { seconds: pixelSeconds(job.unit), left: job.unit.pixels.length }
    this.waiting.set(job.key, entry)
    this.tail = this.tail.then(async () => { await this.run(job, entry) })
    return this.estimate(job.key) ?? 1
  }

  /** Resolves once no job runs (after the lifetime signal aborted: once the running one has let go). */
  async idle (): Promise<void> {
    await this.tail
  }

  private async run (job: RecomputeJob, entry: { left: number }): Promise<void> {
    try {
      const outcomes: Recomputation[] = []
      const timeoutMs = recomputeTimeoutMs(job.unit.estimatedPixelSeconds)
      for (let j = 0; j < job.unit.pixels.length; j++) {
        const skipped = outcomes.find((o): o is { skipped: 'libraries' | 'timeout' } => 'skipped' in o)
        // Libraries missing for one pixel are missing for the next; a pixel over its time still holds the pool,
        // so the next would wait for it: the rest go without, for the same reason.
        outcomes.push(skipped ?? await recomputeWithin(this.c.recompute, job.unit, j, this.c.signal, timeoutMs))
        entry.left--
      }
      const verdict = job.finish(outcomes)
      this.done.set(job.key, verdict)
      if (this.done.size > this.maxFinished) this.done.delete(this.done.keys().next().value as string)
    } catch (err) {
      if (!this.c.signal.aborted) this.c.onError?.(err)
    } finally {
      this.waiting.delete(job.key)
    }
  }
}
