// The CPU time one pixel's fit costs on one core (docs/fitting.md#speed), the number work units are sized by and
// every deadline and timeout downstream derives from (docs/galaxy.md#work-units). A pixel takes one of two paths:
// the optical-only path when no fitted band lies beyond 2.5 um rest frame, the general pair loop otherwise; each
// costs a fixed part plus a part per model pair visited (and, if measured, per pair and band).
//
// THE MEASURED CONSTANTS LIVE HERE, and only here: OPTICAL_PATH_COST, GENERAL_PATH_COST and
// REFERENCE_COMPATIBLE_FRACTION, from `npm run bench -- fit` (docs/fitting.md#speed: the fit alone, libraries
// loaded, one thread, 49,312 x 50,000 models at z = 0.01, ~6.6e8 energy-balanced pairs). Measure again and change
// them when the fit loop changes.
import type { FilterSpec } from './filters-file.js'
import { STELLAR_LIMIT_UM } from './photometry.js'

/** The cost of one fit path: seconds = fixedSeconds + pairs x (perPairSeconds + perPairBandSeconds x bands). */
export interface PathCost {
  /** Per pixel whatever the libraries (photometry, per-model chi2 outside the pair loop, summaries). */
  readonly fixedSeconds: number
  /** Per model pair the fit visits. */
  readonly perPairSeconds: number
  /** Per pair visited and fitted band (0 where the path's pair cost does not grow with the bands). */
  readonly perPairBandSeconds: number
}

/** Energy-balanced (compatible) pairs per pixel in the reference measurement (z = 0.01). */
const REFERENCE_PAIRS = 6.6e8

/** Optical-only path: 0.09 s per pixel at REFERENCE_PAIRS (median of the 17 real z01 pixels, whose low signal to
 * noise keeps every model in play: the path's worst case; the slowest of the medians measured, 0.068-0.091 s). */
export const OPTICAL_PATH_COST: PathCost = { fixedSeconds: 0, perPairSeconds: 0.09 / REFERENCE_PAIRS, perPairBandSeconds: 0 }

/** General (bounded pair loop) path: 1.4 s per pixel at REFERENCE_PAIRS, from z01-wise (WISE at signal to noise 10
 * in every band: the slowest set measured; medians 1.22-1.33 s, mean 1.39 s, with the window W' of
 * docs/fitting.md#skipping-pairs-that-cannot-matter; run 3's pixels take 0.44 s, run 5's 0.06 s). The cost follows how
 * many pairs lie close to the best fit, which grows as the bands beyond 2.5 um constrain less. */
export const GENERAL_PATH_COST: PathCost = { fixedSeconds: 0, perPairSeconds: 1.4 / REFERENCE_PAIRS, perPairBandSeconds: 0 }

/** The share of all optical x infrared pairs that are compatible (energy-balanced), used when the compatible pair
 * count is not known (the coordinator knows only the libraries' model counts): ~6.6e8 of 49,312 x 50,000. */
export const REFERENCE_COMPATIBLE_FRACTION = REFERENCE_PAIRS / (49_312 * 50_000)

/** What a pixel's cost depends on. */
export interface PixelCostInput {
  /** Models in the optical and infrared libraries of the pair. */
  opticalModels: number
  infraredModels: number
  /** Compatible pairs the fit visits, when known (the pair screen's count); default: all pairs times
   * REFERENCE_COMPATIBLE_FRACTION. */
  compatiblePairs?: number
  /** Bands fitted. */
  bands: number
  /** Whether some fitted band lies beyond 2.5 um rest frame (see seesDust): the general path. */
  seesDust: boolean
}

/** Estimated CPU seconds one pixel's fit takes on one core (>= 0). Throws RangeError on a negative or non-finite
 * count. */
export function estimatePixelSeconds (input: PixelCostInput): number {
  const { opticalModels, infraredModels, bands } = input
  for (const [name, v] of Object.entries({ opticalModels, infraredModels, bands, compatiblePairs: input.compatiblePairs ?? 0 })) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite count >= 0, got ${v}`)
  }
  const pairs = input.compatiblePairs ?? opticalModels * infraredModels * REFERENCE_COMPATIBLE_FRACTION
  const path = input.seesDust ? GENERAL_PATH_COST : OPTICAL_PATH_COST
  return path.fixedSeconds + pairs * (path.perPairSeconds + path.perPairBandSeconds * bands)
}

/**
 * Whether the fit takes the general path for these filters at redshift z: some fitted band lies beyond 2.5 um
 * rest frame, as the fit decides per pixel (photometry.ts: bands from `firstIr` on). A pixel lacking data in those
 * bands still takes the optical path, so this is the galaxy's worst case.
 */
export function seesDust (filters: readonly FilterSpec[], redshift: number): boolean {
  return filters.some((f) => f.fit && f.lambdaEff / (1 + redshift) > STELLAR_LIMIT_UM)
}
