// From unnormalised histograms to MAGPHYS' summaries (fit_sed.f: GET_PERCENTILES, DEGRADE_HIST, GET_HPBV).
import { GRIDS, LOW_GRIDS, type Grid, type LowGrid } from './grids.js'
import type { SparseHistogram } from './result.js'

/** The percentile limits, single-precision literals in MAGPHYS (data limit/0.025,0.16,0.50,0.84,0.975/). */
export const PERCENTILE_LIMITS = [0.025, 0.16, 0.50, 0.84, 0.975].map(Math.fround)

/**
 * MAGPHYS' percentile: the centre of the first bin at which the cumulative probability exceeds the limit
 * (summed from the first bin for each limit, as the original does).
 */
export function percentiles (g: Grid, p: Float64Array): number[] {
  return PERCENTILE_LIMITS.map((limit) => {
    let pless = 0
    let n = 0
    while (pless <= limit && n < g.nbin) {
      pless = pless + p[n]
      n++
    }
    return g.centres[Math.max(0, n - 1)]
  })
}

/** MAGPHYS' DEGRADE_HIST: the normalised high-resolution histogram summed into the low-resolution bins. */
export function degrade (g: Grid, low: LowGrid, p: Float64Array): Float64Array {
  const out = new Float64Array(low.nbin)
  for (let i = 0; i < g.nbin; i++) {
    const aux = ((g.centres[i] - low.min) / (low.max - low.min)) * low.nbin
    const b = Math.trunc(aux)
    // The original writes past the printed bins (e.g. SFR above 10^3); those values are never shown.
    if (b >= 0 && b < low.nbin) out[b] += p[i]
  }
  return out
}

/** GET_HPBV: the centre of the first low-resolution bin with the highest probability. */
export function highestProbabilityBin (low: LowGrid, p: Float64Array): number {
  let best = 0
  for (let b = 1; b < low.nbin; b++) if (p[b] > p[best]) best = b
  return low.centres[best]
}

/** The normalised high-resolution histogram of parameter `param`, its first nbin bins only. */
export function normalise (param: number, hist: Float64Array, ptot: number): Float64Array {
  const g = GRIDS[param]
  const p = new Float64Array(g.nbin)
  for (let b = 0; b < g.nbin; b++) p[b] = hist[b] / ptot
  return p
}

/** The non-zero span of a normalised histogram. */
export function sparse (p: Float64Array): SparseHistogram {
  let first = 0
  while (first < p.length && p[first] === 0) first++
  let last = p.length - 1
  while (last >= first && p[last] === 0) last--
  return { first: first > last ? 0 : first, values: p.slice(first, last + 1) }
}

/** Summary of one parameter: 5 percentiles, the low-resolution histogram and its highest-probability bin. */
export interface ParameterSummary {
  percentiles: number[]
  low: Float64Array
  hpbv: number
}

/** Summarises parameter `param` from its normalised histogram. */
export function summarise (param: number, p: Float64Array): ParameterSummary {
  const low = degrade(GRIDS[param], LOW_GRIDS[param], p)
  return { percentiles: percentiles(GRIDS[param], p), low, hpbv: highestProbabilityBin(LOW_GRIDS[param], low) }
}
