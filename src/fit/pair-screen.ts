// An exact shortcut for the general pair loop. exp(-chi2/2) is exactly 0 in double precision once chi2 > ~1490,
// and a pair's chi2 is never below the best chi2 its optical model reaches on the pure-stellar bands alone
// (min over a of sum w (f - a m)^2 = F - N^2/D). An optical model whose floor is above SCREEN_CHI2 therefore
// adds nothing to any histogram or to ptot, and is skipped with all its partners.
import type { Photometry } from './photometry.js'

/** exp(-0.5 * 1500) underflows to 0; the margin above 1490 covers rounding of the floor. */
export const SCREEN_CHI2 = 1500

/** The chi2 floor of optical model `row / nSfh`: its best fit to the used pure-stellar bands alone. */
export function stellarFloor (ph: Photometry, fo: Float64Array, row: number): number {
  const firstIr = ph.nSfh - ph.nMix
  let n = 0
  let d = 0
  let ff = 0
  for (const k of ph.used) {
    if (k >= firstIr) break
    const m = fo[row + k]
    const wk = ph.weight[k]
    n += m * ph.flux[k] * wk
    d += m * m * wk
    ff += ph.flux[k] * ph.flux[k] * wk
  }
  return d > 0 ? ff - n * n / d : 0
}
