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
}

/** The smallest image that still holds a disc, a bulge and a hole. */
export const MIN_SYNTH_SIZE = 8
/** Beyond this the in-memory images (bands x size^2 doubles) stop being sensible for a synthetic galaxy. */
export const MAX_SYNTH_SIZE = 2048

/** Checks a recipe read from flags or a seeds file; throws GalaxyInputError(ERR_BAD_RECIPE). */
export function checkRecipe (r: SynthRecipe): SynthRecipe {
  const bad = (why: string): never => { throw new GalaxyInputError('ERR_BAD_RECIPE', `synthetic galaxy recipe: ${why}`) }
  if (typeof r.name !== 'string' || r.name === '') bad('name must be a non-empty string')
  if (!Number.isInteger(r.size) || r.size < MIN_SYNTH_SIZE || r.size > MAX_SYNTH_SIZE) bad(`size must be an integer from ${MIN_SYNTH_SIZE} to ${MAX_SYNTH_SIZE}, got ${String(r.size)}`)
  if (!Number.isFinite(r.redshift) || r.redshift <= 0) bad(`redshift must be a positive number, got ${String(r.redshift)}`)
  if (!Number.isInteger(r.seed)) bad(`seed must be an integer, got ${String(r.seed)}`)
  if (!Number.isFinite(r.ra) || r.ra < 0 || r.ra >= 360) bad(`ra must be in [0, 360), got ${String(r.ra)}`)
  if (!Number.isFinite(r.dec) || r.dec < -90 || r.dec > 90) bad(`dec must be in [-90, 90], got ${String(r.dec)}`)
  return r
}
