// What a synthetic galaxy is made from: the `pogs galaxy synth` flags, and the recipes in seeds/galaxies/.
import { GalaxyInputError } from '../errors.js'

export interface SynthRecipe {
  /** OBJECT of the FITS file. */
  name: string
  /** Image side in pixels (the image is size x size). */
  size: number
  redshift: number
  /** Seeds geometry, model choice, holes and noise: the same recipe always gives the same bytes. */
  seed: number
  /** Sky position written to the header (degrees). */
  ra: number
  dec: number
  /**
   * Signal-to-noise range [low, high]: when set, each pixel's band gets sigma = flux / snr with snr drawn
   * log-uniformly in the range, instead of the survey-like noise model of noise.ts.
   */
  snr?: [number, number]
  /** Fraction of the modelled pixels that lose 1-3 random bands (never below the fit's minimum of usable bands). */
  missingBands?: number
}

/** The smallest image that still holds a disc, a bulge and a hole. */
export const MIN_SYNTH_SIZE = 8
/** Beyond this the in-memory images (bands x size^2 doubles) stop being sensible for a synthetic galaxy. */
export const MAX_SYNTH_SIZE = 2048
/** A signal-to-noise below 1 is no detection; above 1e4 the noise is below the float32 FITS layers' precision. */
export const SNR_LIMITS: [number, number] = [1, 1e4]

/** Checks a recipe read from flags or a seeds file; throws GalaxyInputError(ERR_BAD_RECIPE). */
export function checkRecipe (r: SynthRecipe): SynthRecipe {
  const bad = (why: string): never => { throw new GalaxyInputError('ERR_BAD_RECIPE', `synthetic galaxy recipe: ${why}`) }
  if (typeof r.name !== 'string' || r.name === '') bad('name must be a non-empty string')
  if (!Number.isInteger(r.size) || r.size < MIN_SYNTH_SIZE || r.size > MAX_SYNTH_SIZE) bad(`size must be an integer from ${MIN_SYNTH_SIZE} to ${MAX_SYNTH_SIZE}, got ${String(r.size)}`)
  if (!Number.isFinite(r.redshift) || r.redshift <= 0) bad(`redshift must be a positive number, got ${String(r.redshift)}`)
  if (!Number.isInteger(r.seed)) bad(`seed must be an integer, got ${String(r.seed)}`)
  if (!Number.isFinite(r.ra) || r.ra < 0 || r.ra >= 360) bad(`ra must be in [0, 360), got ${String(r.ra)}`)
  if (!Number.isFinite(r.dec) || r.dec < -90 || r.dec > 90) bad(`dec must be in [-90, 90], got ${String(r.dec)}`)
  if (r.snr !== undefined) {
    const [lo, hi] = Array.isArray(r.snr) && r.snr.length === 2 ? r.snr : [Number.NaN, Number.NaN]
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= SNR_LIMITS[0] && lo <= hi && hi <= SNR_LIMITS[1])) {
      bad(`snr must be [low, high] with ${SNR_LIMITS[0]} <= low <= high <= ${SNR_LIMITS[1]}, got ${JSON.stringify(r.snr)}`)
    }
  }
  if (r.missingBands !== undefined && !(Number.isFinite(r.missingBands) && r.missingBands >= 0 && r.missingBands <= 1)) {
    bad(`missingBands must be a fraction from 0 to 1, got ${String(r.missingBands)}`)
  }
  return r
}
