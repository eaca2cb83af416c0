// Which pairs can matter to a pixel's outputs. A pair of probability p adds p to ptot and to one bin of each
// histogram; MAGPHYS adds every pair, however small. We skip pairs whose chi2 exceeds the best chi2 by more than
// a window chosen so that all skipped pairs together hold at most SKIPPED_PROBABILITY of the total
// (docs/fitting.md#skipping-pairs-that-cannot-matter). With n pairs, each skipped one has
// p < p_best exp(-window / 2), so together they hold less than n p_best exp(-window / 2). The total is at least
// K p_best, where K >= 1 is the summed exp(-(chi2 - best) / 2) of any pairs the sum includes (the best pair alone
// gives K = 1; the pairs within NEAR_WINDOW of the best, which every window includes, give more). So the window
// 2 ln(n / (SKIPPED_PROBABILITY K)) keeps the skipped share below SKIPPED_PROBABILITY, and every normalised
// histogram bin and every cumulative sum the percentiles read moves by less than 1e-10.
//
// The bounded pair loop may also skip a pair that is below what double precision can add to the total: one of
// p < 2^-54 ptot, less than half an ulp of ptot, so that ptot + p rounds to ptot. With ptot >= K p_best, every pair
// beyond 2 ln(2^54 / K) is such a pair. That bounds each skipped pair, not their sum: the tests hold the outputs to
// those of fit_sed.f's loop (docs/fitting.md#skipping-pairs-that-cannot-matter).
import { log } from './libm/index.js'

/** Largest share of a pixel's total probability that the skipped pairs may hold together. */
export const SKIPPED_PROBABILITY = 1e-10

/** The narrowest window: pairs this close to the best are always added, so their probability may count in K. */
export const NEAR_WINDOW = 10

/** A share of a double below half its ulp: for x = m 2^e with m in [1, 2), half an ulp is 2^(e - 53) > 2^-54 x. */
export const BELOW_HALF_ULP = 2 ** -54

/** K, a lower bound on ptot / p_best, from the pairs' summed probability near the best (1 if not known):
 * windowExp's relative error (< 2.1e-14) could make nearMass a hair too large; a 1e-12 haircut keeps it a bound. */
function lowerBoundK (nearMass: number): number {
  return nearMass > 1 ? nearMass * (1 - 1e-12) : 1
}

/** How far above the best chi2 a pair may lie and still be added, for a pixel with `pairs` pairs in all, when the
 * pairs within NEAR_WINDOW of the best hold `nearMass` times the best pair's probability (1 if not known): the
 * skipped pairs together hold less than SKIPPED_PROBABILITY of the total. */
export function chi2Window (pairs: number, nearMass = 1): number {
  return Math.max(NEAR_WINDOW, 2 * log(Math.max(1, pairs) / (SKIPPED_PROBABILITY * lowerBoundK(nearMass))))
}

/** The bounded pair loop's window: the narrower of chi2Window's and the one beyond which each pair is below half an
 * ulp of the total (p < 2^-54 K p_best <= 2^-54 ptot). The second is the narrower for more than ~1.8e6 pairs. */
export function boundedLoopWindow (pairs: number, nearMass: number): number {
  const belowUlp = Math.max(NEAR_WINDOW, 2 * log(1 / (BELOW_HALF_ULP * lowerBoundK(nearMass))))
  return Math.min(chi2Window(pairs, nearMass), belowUlp)
}
