import { describe, expect, it } from 'vitest'
import type { UnitResult } from '../../../src/work/unit-result.js'
import { recomputedDifference, samplePixel, shouldRecompute } from '../../../src/verifier/recompute.js'
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
