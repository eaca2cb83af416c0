import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { GRIDS } from '../../src/fit/grids.js'
import type { PixelOutcome } from '../../src/fit/index.js'

/** Per file: lines that differ, percentile rows that differ, and percentile rows more than one bin off. */
export interface Comparison {
  lines: number
  differing: number
  percentileRows: number
  percentileRowsDiffering: number
  percentileRowsBeyondOneBin: number
  bestFitSame: boolean
}

/** Compares our `.fit` text with MAGPHYS' by our acceptance criteria (see below). */
export function compareFitTexts (mine: string, theirs: string): Comparison {
  const a = mine.split('\n')
  const b = theirs.split('\n')
  const c: Comparison = { lines: b.length, differing: 0, percentileRows: 0, percentileRowsDiffering: 0, percentileRowsBeyondOneBin: 0, bestFitSame: a[9] === b[9] }
  let param = -1
  for (let l = 0; l < Math.max(a.length, b.length); l++) {
    if (a[l] !== b[l]) c.differing++
    if ((b[l] ?? '').startsWith('#....percentiles')) {
      param++
      c.percentileRows++
      if (a[l + 1] !== b[l + 1]) {
        c.percentileRowsDiffering++
        const x = (a[l + 1] ?? '').trim().split(/\s+/).map(Number)
        const y = (b[l + 1] ?? '').trim().split(/\s+/).map(Number)
        const step = GRIDS[param].step
        if (x.length !== y.length || x.some((v, k) => !(Math.abs(v - y[k]) <= step * 1.0001))) c.percentileRowsBeyondOneBin++
      }
    }
  }
  return c
}

/**
 * Checks a reference set's outcomes against MAGPHYS' rowN.fit files by our acceptance criteria (same best fit,
 * every percentile row within one bin, >= 95% identical) and returns the per-file comparisons.
 */
export function expectReferenceMatch (dir: string, outcomes: PixelOutcome[]): Comparison[] {
  const comparisons: Comparison[] = []
  outcomes.forEach((o, r) => {
    expect(o.ok).toBe(true)
    if (!o.ok) return
    const c = compareFitTexts(o.text ?? '', readFileSync(join(dir, `row${r + 1}.fit`), 'utf8'))
    expect(c.bestFitSame).toBe(true)
    expect(c.percentileRowsBeyondOneBin).toBe(0)
    comparisons.push(c)
  })
  const rows = comparisons.reduce((n, c) => n + c.percentileRows, 0)
  const same = comparisons.reduce((n, c) => n + c.percentileRows - c.percentileRowsDiffering, 0)
  expect(rows).toBe(16 * outcomes.length)
  expect(same / rows).toBeGreaterThanOrEqual(0.95)
  return comparisons
}
