import { GRIDS } from '../../src/fit/grids.js'

/** Per file: lines that differ, percentile rows that differ, and percentile rows more than one bin off. */
export interface Comparison {
  lines: number
  differing: number
  percentileRows: number
  percentileRowsDiffering: number
  percentileRowsBeyondOneBin: number
  bestFitSame: boolean
}

/** Compares our `.fit` text with MAGPHYS' by the issue's criteria. */
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
