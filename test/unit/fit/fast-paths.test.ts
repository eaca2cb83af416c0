import { describe, expect, it } from 'vitest'
import { fastLog10 } from '../../../src/fit/fast-log10.js'
import { GRIDS } from '../../../src/fit/grids.js'
import { P_MSTAR } from '../../../src/fit/histograms.js'
import { BELOW_HALF_ULP, boundedLoopWindow, chi2Window, NEAR_WINDOW, SKIPPED_PROBABILITY } from '../../../src/fit/significance.js'
import { seededRandom } from '../../../src/galaxy/synth/random.js'

// The arithmetic shortcuts of the bounded pair loop, each against what it replaces
// (docs/fitting.md#the-bounded-pair-loop, docs/fitting.md#skipping-pairs-that-cannot-matter).

describe('fastLog10', () => {
  it('is within 4e-15 of Math.log10 from 1e-30 to 1e30', () => {
    const random = seededRandom(7).uniform
    let worst = 0
    for (let n = 0; n < 200_000; n++) {
      const x = 10 ** ((random() - 0.5) * 60)
      worst = Math.max(worst, Math.abs(fastLog10(x) - Math.log10(x)))
    }
    expect(worst).toBeLessThan(4e-15)
    expect(worst).toBeGreaterThan(0) // it is an approximation: the guard below is what makes bins exact
  })

  it("gives Math.log10's answer for zero, negatives, subnormals, infinities and NaN, and exact powers of two", () => {
    for (const x of [0, -0, -1, -1e-300, 5e-324, 1e-310, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      expect(Object.is(fastLog10(x), Math.log10(x)), String(x)).toBe(true)
    }
    for (let e = -60; e <= 60; e++) expect(Math.abs(fastLog10(2 ** e) - e * Math.log10(2))).toBeLessThan(1e-14)
  })

  it('bins like Math.log10 wherever a value lies further than 1e-9 bins from an edge (the loop asks Math.log10 otherwise)', () => {
    const g = GRIDS[P_MSTAR]
    const perDex = g.nbin / (g.max - g.min)
    const random = seededRandom(11).uniform
    let checked = 0
    for (let n = 0; n < 200_000; n++) {
      const q = 10 ** (4 + random() * 8)
      const off = random() * 3 - g.min
      const x = (fastLog10(q) + off) * perDex
      const d = x - Math.trunc(x)
      if (Math.abs(Math.abs(d) - 0.5) > 0.5 - 1e-9) continue
      expect(Math.trunc(x)).toBe(Math.trunc((Math.log10(q) + off) * perDex))
      checked++
    }
    expect(checked).toBeGreaterThan(199_000)
  })
})

describe('chi2Window', () => {
  it('is 2 ln(n / 1e-10) when only the best pair is known, and narrows by 2 ln K for K times its probability near it', () => {
    const n = 6.6e8
    expect(chi2Window(n)).toBeCloseTo(2 * Math.log(n / SKIPPED_PROBABILITY), 12)
    expect(chi2Window(n, 1e6)).toBeCloseTo(2 * Math.log(n / SKIPPED_PROBABILITY) - 2 * Math.log(1e6), 9)
    // n exp(-W/2) p_best is the most the skipped pairs can hold; with K p_best <= ptot that is SKIPPED_PROBABILITY of ptot.
    const K = 4.66e5
    expect(n * Math.exp(-chi2Window(n, K) / 2) / K).toBeLessThanOrEqual(SKIPPED_PROBABILITY * (1 + 1e-9))
  })

  it('never narrows below NEAR_WINDOW (the pairs whose probability K counts must be added) nor widens for K < 1', () => {
    expect(chi2Window(10, 1e30)).toBe(NEAR_WINDOW)
    expect(chi2Window(1e6, 0.5)).toBe(chi2Window(1e6))
    expect(chi2Window(1e6, Number.NaN)).toBe(chi2Window(1e6))
  })
})

describe('boundedLoopWindow', () => {
  it('skips on real libraries only pairs that, added alone to the total, could not change its double', () => {
    const n = 6.6e8
    for (const K of [1.6e4, 4.66e5, 8.6e5]) {
      const w = boundedLoopWindow(n, K)
      expect(w).toBeLessThan(chi2Window(n, K))
      // A pair at the window's edge against the least total the near mass allows (K p_best, p_best = 1): adding it
      // leaves that total as it was, and the total only grows from there.
      const edge = Math.exp(-w / 2)
      expect(edge).toBeLessThanOrEqual(BELOW_HALF_ULP * K * (1 + 1e-9))
      for (const total of [K, K * 1.999, K * 1.5]) expect(total + edge).toBe(total)
    }
  })

  it('keeps chi2Window\'s narrower window for small libraries and never narrows below NEAR_WINDOW', () => {
    expect(boundedLoopWindow(2500, 10)).toBe(chi2Window(2500, 10))
    expect(boundedLoopWindow(6.6e8, 1e30)).toBe(NEAR_WINDOW)
    expect(boundedLoopWindow(6.6e8, 0.5)).toBe(boundedLoopWindow(6.6e8, 1))
  })
})
