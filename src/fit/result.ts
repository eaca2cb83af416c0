import type { N_PARAMETERS } from './parameters.js'

/**
 * The marginal likelihood of one parameter on its high-resolution grid (MAGPHYS' grids, grids.ts), stored sparsely:
 * `values[k]` is the normalised probability of bin `first + k` (0-based bin numbers). Bins outside are zero.
 */
export interface SparseHistogram {
  first: number
  values: Float64Array
}

/** Everything the fitting core computes for one pixel. Parameter arrays are in PARAMETER_NAMES order. */
export interface PixelFit {
  /** The observation's name (first column of observations.dat, or a pixel id). */
  name: string
  /** The observed redshift (used for the distance). */
  redshift: number
  /** The redshift of the library pair used (nearest, |dz| <= 0.005). */
  libraryRedshift: number
  /** Best-fit optical model: row position in the library (0-based, after the two header lines). */
  bestOptical: number
  /** The best-fit optical model's `index` column value, as MAGPHYS prints it. */
  bestOpticalIndex: number
  /** Best-fit infrared model: row position (0-based). */
  bestInfrared: number
  /** chi2 of the best fit (not reduced). */
  chi2: number
  /** Scale factor a of the best fit (its stellar mass, Msun). */
  scale: number
  /** Observed flux and sigma (Jy, after the error floor) per filter in filters.dat order; NaN where unused. */
  observedFlux: Float64Array
  observedSigma: Float64Array
  /** Best-fit model flux (Jy) per filter in filters.dat order. */
  bestFitFlux: Float64Array
  /** Number of filters used in the fit. */
  usedBands: number
  /** N_PARAMETERS x N_VALUES summary values, row-major by parameter (VALUE_NAMES order within a row). */
  summary: Float64Array
  /** High-resolution histograms, one per parameter. */
  histograms: SparseHistogram[] & { length: typeof N_PARAMETERS }
}
