// Pixels that lost some bands (a detector gap, a saturated star's bleed, a band's shallower footprint): a recipe's
// `missingBands` fraction of the modelled pixels each lose 1-3 of their bands at random, but never so many that
// fewer than the fit's minimum of usable bands (flux > 0) remain, so every such pixel still tests the fit with
// its own band pattern.
import { MIN_BANDS } from '../../fit/index.js'
import type { Random } from './random.js'

/** A pixel that loses bands loses 1 to this many. */
export const MAX_BANDS_DROPPED = 3

/**
 * Sets flux and sigma to NaN in 1-3 random usable bands of each chosen pixel (`at` indexes the layers); returns
 * how many pixels lost bands. Pixels are visited in the order given, so the same order and random give the same drops.
 */
export function dropBands (flux: readonly Float64Array[], sigma: readonly Float64Array[], pixels: readonly number[], fraction: number, random: Random): number {
  let dropped = 0
  const usable: number[] = []
  for (const at of pixels) {
    if (random.uniform() >= fraction) continue
    const want = 1 + Math.floor(MAX_BANDS_DROPPED * random.uniform())
    usable.length = 0
    for (let b = 0; b < flux.length; b++) if (flux[b][at] > 0) usable.push(b)
    const n = Math.min(want, usable.length - MIN_BANDS)
    // Partial Fisher-Yates: the first n entries become a uniform random choice of distinct bands.
    for (let k = 0; k < n; k++) {
      const pick = k + Math.floor((usable.length - k) * random.uniform())
      const b = usable[pick]
      usable[pick] = usable[k]
      usable[k] = b
      flux[b][at] = Number.NaN
      sigma[b][at] = Number.NaN
    }
    if (n > 0) dropped++
  }
  return dropped
}
