import { describe, expect, it } from 'vitest'
import type { UnitResult } from '../../../src/work/unit-result.js'
import { recomputedDifference, recomputeWithin, samplePixel, shouldRecompute } from '../../../src/verifier/recompute.js'
import { alterResult, fakeResult, plainUnit } from '../work/helpers.js'

const honest = fakeResult(plainUnit('g1-u7', 4), 1)

/** The honest result with summary value 40 of pixel 2 scaled by (1 + relative). */
const nudged = (relative: number): UnitResult => alterResult(honest, (fit, k) => { if (k === 2) fit.summary[40] *= 1 + relative })

describe('recompute sampling', () => {
  it('samples units with the given probability: 0 never, 1 always', () => {
    expect(shouldRecompute(0, () => 0)).toBe(false)
    expect(shouldRecompute(1, () => 0.999999)).toBe(true)
    expect(shouldRecompute(0.1, () => 0.05)).toBe(true)
    expect(shouldRecompute(0.1, () => 0.15)).toBe(false)
    let n = 0
    for (let i = 0; i < 10_000; i++) if (shouldRecompute(0.1, Math.random)) n++
    expect(n).toBeGreaterThan(800)
    expect(n).toBeLessThan(1200)
  })

  it('samples fitted pixels only, uniformly', () => {
    // Pixel 1 is unfitted: indexes 0, 2, 3 remain.
    expect(samplePixel(honest, () => 0)).toBe(0)
    expect(samplePixel(honest, () => 0.34)).toBe(2)
    expect(samplePixel(honest, () => 0.999999)).toBe(3)
    const unfitted: UnitResult = { unitId: 'u', pixels: [{ x: 0, y: 0, unfitted: { reason: 'too-few-bands', message: '' } }] }
    expect(samplePixel(unfitted, () => 0.5)).toBeUndefined()
  })

  it('compares a recomputed pixel with the claimed one within tolerance', () => {
    const [p0, p1] = honest.pixels
    expect(recomputedDifference(p0, p0)).toBeUndefined()
    expect(recomputedDifference(p0, nudged(1e-2).pixels[0])).toBeUndefined() // pixel 0 untouched
    expect(recomputedDifference(nudged(1e-2).pixels[2], honest.pixels[2])).toContain('summary[40]')
    expect(recomputedDifference(p0, { ...p1, x: p0.x, y: p0.y })).toContain('fitted in one only')
    expect(recomputedDifference(p1, p1)).toBeUndefined()
    expect(recomputedDifference(p1, { x: p1.x, y: p1.y, unfitted: { reason: 'no-compatible-models', message: '' } })).toContain('another reason')
  })
})

describe('bounded recomputation', () => {
  const unit = plainUnit('g1-u7', 4)
  const pixel = honest.pixels[1]
  /** A recomputation that never ends on its own, only when its signal aborts (as a pixel's fit would not). */
  const endless = async (_u: unknown, _k: number, signal: AbortSignal): Promise<undefined> =>
    await new Promise((_resolve, reject) => { signal.addEventListener('abort', () => { reject(signal.reason) }, { once: true }) })

  it('gives the recomputed pixel, or says the libraries were not held', async () => {
    expect(await recomputeWithin(async () => pixel, unit, 1, new AbortController().signal, 1_000)).toEqual({ pixel })
    expect(await recomputeWithin(async () => undefined, unit, 1, new AbortController().signal, 1_000)).toEqual({ skipped: 'libraries' })
  })

  it('gives up after its time, even when the fit does not stop: the verdict goes without it', async () => {
    const never = async (): Promise<undefined> => await new Promise(() => {})
    expect(await recomputeWithin(never, unit, 1, new AbortController().signal, 20)).toEqual({ skipped: 'timeout' })
    expect(await recomputeWithin(endless, unit, 1, new AbortController().signal, 20)).toEqual({ skipped: 'timeout' })
  })

  it('passes the request\'s end on: an aborted request rejects', async () => {
    const request = new AbortController()
    const running = recomputeWithin(endless, unit, 1, request.signal, 60_000)
    request.abort(new Error('gone'))
    await expect(running).rejects.toThrow('gone')
    await expect(recomputeWithin(async () => pixel, unit, 1, request.signal, 60_000)).rejects.toThrow('gone')
  })

  it('a recomputation that fails for its own reasons fails the request', async () => {
    await expect(recomputeWithin(async () => { throw new Error('pool broke') }, unit, 1, new AbortController().signal, 60_000)).rejects.toThrow('pool broke')
  })
})
