import { describe, expect, it } from 'vitest'
import { ContentGate } from '../../../src/volunteer/content-gate.js'
import { ProgressMeter } from '../../../src/volunteer/progress.js'
import { backoffMs, untilAborted, Waker } from '../../../src/volunteer/waker.js'

describe('waits, backoff and the content gate', () => {
  it('a wake ends a wait, is remembered when nobody waits, and an abort ends it too', async () => {
    const w = new Waker()
    const signal = new AbortController().signal
    const waiting = w.wait(undefined, signal)
    w.wake()
    await waiting
    w.wake()
    await w.wait(undefined, signal) // returns at once: the wake above was kept
    const stop = new AbortController()
    const stopped = w.wait(undefined, stop.signal)
    stop.abort()
    await stopped
    const t0 = performance.now()
    await w.wait(20, signal)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15)
  })

  it('backs off from the minimum, doubling, capped, within +-25%', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0.5)).toBe(1000)
    expect(backoffMs(3, 1000, 60_000, () => 0.5)).toBe(4000)
    expect(backoffMs(30, 1000, 60_000, () => 0.5)).toBe(60_000)
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(750)
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1250)
  })

  it('stops waiting for a promise on abort without an unhandled rejection later', async () => {
    const stop = new AbortController()
    let reject!: (e: Error) => void
    const p = new Promise<number>((_resolve, r) => { reject = r })
    const waiting = untilAborted(p, stop.signal)
    stop.abort(new Error('stopped'))
    await expect(waiting).rejects.toThrow('stopped')
    reject(new Error('late'))
    expect(await untilAborted(Promise.resolve(7), new AbortController().signal)).toBe(7)
  })

  it('lets shared operations run together and an exclusive one alone', async () => {
    const gate = new ContentGate()
    const order: string[] = []
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const a = gate.shared(async () => { order.push('a start'); await held; order.push('a end') })
    const b = gate.shared(async () => { order.push('b') })
    const gc = gate.exclusive(async () => { order.push('gc') })
    const c = gate.shared(async () => { order.push('c') })
    await b
    expect(order).toEqual(['a start', 'b'])
    release()
    await Promise.all([a, gc, c])
    expect(order).toEqual(['a start', 'b', 'a end', 'gc', 'c'])
  })

  it('says units done and pixels per second', () => {
    let now = 1_000_000
    const m = new ProgressMeter(() => now)
    expect(m.update({ type: 'waiting', retryAfterS: 5 })).toBeUndefined()
    m.update({ type: 'fitting', unitId: 'u', instanceId: 'i', pixels: 100 })
    now += 4000
    m.update({ type: 'fitted', unitId: 'u', instanceId: 'i', pixels: 100, seconds: 4, cpuMs: 8000, resultCid: 'x', digest: 'y' })
    expect(m.update({ type: 'submitted', unitId: 'u', instanceId: 'i', accepted: true, reason: '', errorCode: 0 })).toBe('progress: 1 units fitted (1 accepted), 100 pixels, 25.0 pixels/s')
  })
})
