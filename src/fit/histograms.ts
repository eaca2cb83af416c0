// What the chi2 loops accumulate for one pixel (unnormalised high-resolution histograms, total probability, best
// fit), shared by every chi2 loop; they bin with grids.ts's binOf, as fit_sed.f does.
import { GRIDS } from './grids.js'

/** MAGPHYS' starting chi2 (a single-precision literal): no pair reached it means no fit. */
export const CHI2_START = Math.fround(1e30)
/** fit_sed.f adds the dust-only bands to a pair's chi2 only while the stellar and mixed bands give less than this. */
export const CHI2_DUST_CUT = 600

/** Parameter positions (PARAMETER_NAMES order) of the four parameters that mix a pair's scale with its models. */
export const P_MSTAR = 5
export const P_LDUST = 6
export const P_MDUST = 14
export const P_SFR = 15

/** Unnormalised high-resolution histograms, total probability and the best fit of one pixel. */
export interface Accumulated {
  hist: Float64Array[]
  ptot: number
  bestOptical: number
  bestInfrared: number
  bestChi2: number
  bestScale: number
  /** Energy-balanced pairs the pixel has (visited or shown not to matter). */
  pairs: number
}

/** Empty histograms. The sSFR one is as long as the SFR one: MAGPHYS clamps sSFR bins with the SFR bin count. */
export function newHistograms (): Float64Array[] {
  return GRIDS.map((g, p) => new Float64Array(p === 4 ? GRIDS[15].nbin : g.nbin))
}
