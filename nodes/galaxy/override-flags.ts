// The flags that override what a galaxy FITS header says (`pogs galaxy add` and `pogs galaxy submit`), parsed and
// checked one way for both (docs/coordinator.md).
import { finiteNumber } from '../../src/util/args.js'
import { UsageError } from '../../src/util/errors.js'

/** parseCommandArgs options of the override flags. */
export const OVERRIDE_FLAGS = {
  name: { type: 'string' },
  redshift: { type: 'string' },
  ra: { type: 'string' },
  dec: { type: 'string' },
  snr: { type: 'string' }
} as const

/** The overrides given: name trimmed, redshift and S/N > 0, RA and Dec finite; UsageError otherwise. */
export interface GalaxyOverrideFlags {
  name?: string
  redshift?: number
  ra?: number
  dec?: number
  snr?: number
}

/** Parses the override flags' values (as parseCommandArgs returns them); absent flags stay absent. */
export function galaxyOverrides (values: { name?: string, redshift?: string, ra?: string, dec?: string, snr?: string }): GalaxyOverrideFlags {
  const redshift = finiteNumber(values.redshift, 'redshift')
  if (redshift !== undefined && !(redshift > 0)) throw new UsageError('--redshift must be > 0')
  const snr = finiteNumber(values.snr, 'snr')
  if (snr !== undefined && !(snr > 0)) throw new UsageError('--snr must be > 0')
  if (values.name !== undefined && values.name.trim() === '') throw new UsageError('--name must not be empty')
  const ra = finiteNumber(values.ra, 'ra')
  const dec = finiteNumber(values.dec, 'dec')
  return {
    ...(values.name !== undefined ? { name: values.name.trim() } : {}),
    ...(redshift !== undefined ? { redshift } : {}),
    ...(ra !== undefined ? { ra } : {}),
    ...(dec !== undefined ? { dec } : {}),
    ...(snr !== undefined ? { snr } : {})
  }
}
