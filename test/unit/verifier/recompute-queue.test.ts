// The recomputation queue alone, with recomputations the test controls: estimates from the stated cost and the
// queue, one request at a time, finished verdicts kept (bounded), a full queue refused with ERR_BUSY, a skipped
// pixel skipping the rest of its request, and jobs dropped when the verifier stops.
import { describe, expect, it } from 'vitest'
import type { Verdict } from '../../../src/net/messages/index.js'
import { RecomputeQueue, RecomputeQueueFullError, verdictKey, type RecomputeJob } from '../../../src/verifier/recompute-queue.js'
import type { Recomputation } from '../../../src/verifier/recompute.js'
import type { CheckedReplica } from '../../../src/verifier/replica-check.js'
import type { WorkUnit } from '../../../src/work/unit-payload.js'
import type { PixelResult } from '../../../src/work/unit-result.js'
import { fakeResult, plainUnit } from '../work/helpers.js'

const PIXEL: PixelResult = fakeResult(plainUnit('u', 1)).pixels[0]

/** A unit of `n` pixels stating `seconds` per pixel. */
function unitOf (n: number, seconds?: number): WorkUnit {
  return { ...plainUnit('u', n), ...(seconds !== undefined ? { estimatedPixelSeconds: seconds } : {}) }
}

function verdictFor (key: string, outcomes: Recomputation[]): Verdict {
  return { unitId: key, outcome: 'agree', validInstances: ['a'], invalidInstances: [], canonicalDigest: new Uint8Array(0), reason: 'DIGESTS_EQUAL', recomputed: outcomes.filter((o) => 'pixel' in o).length }
}

/** Recomputations that finish when the test says so, in order. */
class Gate {
  readonly calls: number[] = []
  private readonly waiting: Array<(p: PixelResult | undefined) => void> = []
  private readonly arrived: Array<() => void> = []

  readonly recompute = async (_unit: WorkUnit, k: number, signal: AbortSignal): Promise<PixelResult | undefined> => {
    this.calls.push(k)
    for (const f of this.arrived.splice(0)) f()
    return await new Promise((resolve, reject) => {
      this.waiting.push(resolve)
      signal.addEventListener('abort', () => { reject(signal.reason) }, { once: true })
    })
  }

  /** Resolves once `n` recomputations have started. */
  async started (n: number): Promise<void> {
    while (this.calls.length < n) await new Promise<void>((resolve) => { this.arrived.push(resolve) })
  }

  /** Ends the oldest running recomputation with a pixel, or with none (`libraries`: not held in time). */
  release (p: PixelResult | 'libraries' = PIXEL): void {
    this.waiting.shift()?.(p === 'libraries' ? undefined : p)
  }
}

function job (key: string, unit: WorkUnit, done: Array<[string, Recomputation[]]> = []): RecomputeJob {
  return { key, unit, finish: (outcomes) => { done.push([key, outcomes]); return verdictFor(key, outcomes) } }
}

describe('recompute queue', () => {
  it('estimates from the stated cost of the pixels queued ahead and its own, and answers with the verdict once done', async () => {
    const gate = new Gate()
    const queue = new RecomputeQueue({ recompute: gate.recompute, signal: new AbortController().signal })
    const done: Array<[string, Recomputation[]]> = []
    // 1.5 x (2 x 10 s) + 1 s, then 1.5 x (20 s + 4 s) + 1 s.
    expect(queue.enqueue(job('a', unitOf(2, 10), done))).toBe(31)
    expect(queue.enqueue(job('b', unitOf(1, 4), done))).toBe(37)
    expect(queue.estimate('b')).toBe(37)
    // A unit stating no cost counts 5 s a pixel.
    expect(queue.enqueue(job('c', unitOf(1), done))).toBe(Math.ceil(1.5 * 29) + 1)
    await gate.started(1)
    gate.release()
    await gate.started(2)
    // One pixel of a is done: b's wait shrinks by its cost.
    expect(queue.estimate('b')).toBe(Math.ceil(1.5 * 14) + 1)
    expect(queue.finished('a')).toBeUndefined()
    gate.release()
    await gate.started(3)
    expect(queue.finished('a')).toMatchObject({ unitId: 'a', recomputed: 2 })
    expect(queue.estimate('a')).toBeUndefined()
    gate.release()
    await gate.started(4)
    gate.release()
    await queue.idle()
    expect(done.map(([k]) => k)).toEqual(['a', 'b', 'c'])
    expect(queue.finished('c')).toMatchObject({ recomputed: 1 })
  })

  it('refuses more than its bound with ERR_BUSY, and keeps a bounded number of finished verdicts', async () => {
    const gate = new Gate()
    const queue = new RecomputeQueue({ recompute: gate.recompute, signal: new AbortController().signal, maxQueued: 2, maxFinished: 2 })
    queue.enqueue(job('a', unitOf(1)))
    queue.enqueue(job('b', unitOf(1)))
    expect(() => queue.enqueue(job('c', unitOf(1)))).toThrow(RecomputeQueueFullError)
    await gate.started(1)
    let refusal: unknown
    try { queue.enqueue(job('c', unitOf(1))) } catch (err) { refusal = err }
    expect(refusal).toMatchObject({ code: 'ERR_BUSY' })
    // Each time one finishes (the next has started), another fits in.
    for (const [n, key] of [[2, 'c'], [3, 'd'], [4, 'e']] as const) {
      gate.release()
      await gate.started(n)
      queue.enqueue(job(key, unitOf(1)))
    }
    gate.release()
    await gate.started(5)
    gate.release()
    await queue.idle()
    // Two kept, the least recently asked dropped first.
    expect(['a', 'b', 'c', 'd', 'e'].filter((k) => queue.finished(k) !== undefined)).toEqual(['d', 'e'])
  })

  it('skips the rest of a request after a skipped pixel, for the same reason', async () => {
    const gate = new Gate()
    const queue = new RecomputeQueue({ recompute: gate.recompute, signal: new AbortController().signal })
    const done: Array<[string, Recomputation[]]> = []
    queue.enqueue(job('a', unitOf(3), done))
    await gate.started(1)
    gate.release('libraries')
    await queue.idle()
    expect(gate.calls).toEqual([0])
    expect(done[0][1]).toEqual([{ skipped: 'libraries' }, { skipped: 'libraries' }, { skipped: 'libraries' }])
  })

  it('drops queued and running requests without a verdict when the verifier stops', async () => {
    const gate = new Gate()
    const life = new AbortController()
    const errors: unknown[] = []
    const queue = new RecomputeQueue({ recompute: gate.recompute, signal: life.signal, onError: (e) => errors.push(e) })
    queue.enqueue(job('a', unitOf(1)))
    queue.enqueue(job('b', unitOf(1)))
    await gate.started(1)
    life.abort()
    await queue.idle()
    expect(queue.finished('a')).toBeUndefined()
    expect(queue.finished('b')).toBeUndefined()
    expect(queue.estimate('b')).toBeUndefined()
    expect(errors).toEqual([])
  })

  it('keys a verdict by the unit and the judged replicas, in any order', () => {
    const good = (instanceId: string, digest: number): CheckedReplica => ({ ok: true, instanceId, signer: `key-${instanceId}`, digest: new Uint8Array([digest]), coreVersion: 1, result: fakeResult(plainUnit('u', 1)) })
    const bad: CheckedReplica = { ok: false, instanceId: 'z', reason: 'DIGEST_MISMATCH', detail: '' }
    const key = verdictKey('u', [good('a', 1), good('b', 1), bad])
    expect(verdictKey('u', [bad, good('b', 1), good('a', 1)])).toBe(key)
    expect(verdictKey('u', [good('a', 1), good('b', 2), bad])).not.toBe(key)
    expect(verdictKey('v', [good('a', 1), good('b', 1), bad])).not.toBe(key)
    expect(verdictKey('u', [good('a', 1), good('b', 1)])).not.toBe(key)
  })
})
