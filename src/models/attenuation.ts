import { BC_EXPONENT, ISM_EXPONENT, V_WAVELENGTH_A } from './constants.js'

/** (lambda / 5500 A)^-n for the birth-cloud and ISM exponents, precomputed once per wavelength grid. */
export interface AttenuationCurves {
  bc: Float64Array
  ism: Float64Array
}

export function attenuationCurves (wavelengths: Float64Array): AttenuationCurves {
  const bc = new Float64Array(wavelengths.length)
  const ism = new Float64Array(wavelengths.length)
  for (let k = 0; k < wavelengths.length; k++) {
    const x = wavelengths[k] / V_WAVELENGTH_A
    bc[k] = Math.pow(x, -BC_EXPONENT)
    ism[k] = Math.pow(x, -ISM_EXPONENT)
  }
  return { bc, ism }
}

/** The energy the dust absorbed (Lsun) and the ISM's share of it. */
export interface Absorbed {
  ldust: number
  fmu: number
}

/**
 * Charlot & Fall (2000) two-component attenuation as in dCCE08 eqs. 3-5: stars younger than 1e7 yr (`young`)
 * are seen through their birth clouds (tau = (1 - mu) tauV (lambda/5500)^-1.3) and the ISM, older stars
 * (`old`) through the ISM only (tau = mu tauV (lambda/5500)^-0.7). Writes the attenuated spectrum into `out` and
 * returns the absorbed luminosity (trapezoid over the whole grid) and the ISM's share of it (fmu).
 */
export function attenuate (young: Float64Array, old: Float64Array, tauV: number, mu: number, wavelengths: Float64Array, curves: AttenuationCurves, out: Float64Array): Absorbed {
  const tbc = (1 - mu) * tauV
  const tism = mu * tauV
  let prevBc = 0
  let prevIsm = 0
  let absBc = 0
  let absIsm = 0
  for (let k = 0; k < wavelengths.length; k++) {
    const eBc = Math.exp(-tbc * curves.bc[k])
    const eIsm = Math.exp(-tism * curves.ism[k])
    const throughBc = young[k] * eBc
    const bc = young[k] - throughBc
    const ism = (throughBc + old[k]) * (1 - eIsm)
    out[k] = (throughBc + old[k]) * eIsm
    if (k > 0) {
      const h = 0.5 * (wavelengths[k] - wavelengths[k - 1])
      absBc += h * (bc + prevBc)
      absIsm += h * (ism + prevIsm)
    }
    prevBc = bc
    prevIsm = ism
  }
  const ldust = absBc + absIsm
  return { ldust, fmu: ldust > 0 ? absIsm / ldust : 0 }
}

/** The transmission of line emission from birth clouds at one wavelength (A): through the clouds and the ISM. */
export function lineTransmission (lambda: number, tauV: number, mu: number): number {
  const x = lambda / V_WAVELENGTH_A
  return Math.exp(-(1 - mu) * tauV * Math.pow(x, -BC_EXPONENT) - mu * tauV * Math.pow(x, -ISM_EXPONENT))
}
