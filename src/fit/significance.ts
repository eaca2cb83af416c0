// Which pairs can matter to a pixel's outputs. A pair of probability p adds p to ptot and to one bin of each
// histogram; MAGPHYS adds every pair, however small. We skip pairs whose chi2 exceeds the best chi2 by more than
// a window chosen so that all skipped pairs together hold at most SKIPPED_PROBABILITY of the total: with n pairs,
// each skipped one has p < p_best * exp(-window / 2) and ptot >= p_best, so together they hold less than
// n * exp(-window / 2) * ptot = SKIPPED_PROBABILITY * ptot. Every normalised histogram bin and every cumulative sum
// the percentiles read therefore moves by less than 1e-10 (docs/fitting.md#skipping-pairs-that-cannot-matter).

/** Largest share of a pixel's total probability that the skipped pairs may hold together. */
export const SKIPPED_PROBABILITY = 1e-10

/** How far above the best chi2 a pair may lie and still be added, for a pixel with `pairs` pairs in all. */
export function chi2Window (pairs: number): number {
  return 2 * Math.log(Math.max(1, pairs) / SKIPPED_PROBABILITY)
}
