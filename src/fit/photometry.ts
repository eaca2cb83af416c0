// A pixel's photometry prepared as MAGPHYS prepares it: unfitted filters set to -99, fluxes and sigmas in
// Jy turned into Lsun/Hz, the 5% error floor, weights 1/sigma^2, and the filters split by rest wavelength.
import { magphysDistanceCm, fluxToLsunPerHz } from './cosmology.js'
import { MalformedInputError } from './errors.js'
import type { FilterSpec } from './filters-file.js'
import type { Observation } from './observations-file.js'

const ERROR_FLOOR = Math.fround(0.05)
/** Rest wavelengths (um) below which a filter sees stars only, and above which it sees dust only. */
export const STELLAR_LIMIT_UM = 2.5
export const DUST_LIMIT_UM = 10

/** The photometry of one pixel in MAGPHYS' units, ready for the chi2 loop. */
export interface Photometry {
  nfilt: number
  /** Fluxes and sigmas as MAGPHYS holds them (Lsun/Hz where used; raw values elsewhere, -99 for fit? = 0). */
  flux: Float64Array
  sigma: Float64Array
  weight: Float64Array
  /** Indices of the filters used (flux > 0), ascending. */
  used: Int32Array
  /** Number of filters with rest wavelength < 10 um (stellar + mixed), and of those > 2.5 um among them. */
  nSfh: number
  nMix: number
  /** Number of filters with rest wavelength > 2.5 um (mixed + dust-only). */
  nIr: number
  distCm: number
}

/** Checks that filters are in increasing wavelength order, which the library columns assume. */
export function checkFilterOrder (filters: readonly FilterSpec[], file = 'filters.dat'): void {
  for (let k = 1; k < filters.length; k++) {
    if (!(filters[k].lambdaEff >= filters[k - 1].lambdaEff)) {
      throw new MalformedInputError(file, k + 1, `filters must be listed by increasing wavelength (${filters[k].name} after ${filters[k - 1].name})`)
    }
  }
}

/** Prepares a pixel's photometry for the fit. NaN fluxes or sigmas mean no data. */
export function preparePhotometry (obs: Observation, filters: readonly FilterSpec[]): Photometry {
  const nfilt = filters.length
  const z = obs.redshift
  const distCm = magphysDistanceCm(z)
  const flux = new Float64Array(nfilt)
  const sigma = new Float64Array(nfilt)
  const weight = new Float64Array(nfilt)
  const used: number[] = []
  let nSfh = 0
  let nMix = 0
  let nIr = 0
  for (let k = 0; k < nfilt; k++) {
    let fk = Number.isNaN(obs.flux[k]) ? 0 : obs.flux[k]
    let sk = Number.isNaN(obs.sigma[k]) ? 0 : obs.sigma[k]
    if (!filters[k].fit) {
      fk = -99
      sk = -99
    }
    if (fk > 0) {
      fk = fluxToLsunPerHz(fk, distCm)
      sk = fluxToLsunPerHz(sk, distCm)
      used.push(k)
    }
    if (sk < ERROR_FLOOR * fk) sk = ERROR_FLOOR * fk
    flux[k] = fk
    sigma[k] = sk
    if (sk > 0) weight[k] = 1 / (sk * sk)
    const rest = filters[k].lambdaEff / (1 + z)
    if (rest < DUST_LIMIT_UM) nSfh++
    if (rest > STELLAR_LIMIT_UM) nIr++
    if (rest > STELLAR_LIMIT_UM && rest <= DUST_LIMIT_UM) nMix++
  }
  return { nfilt, flux, sigma, weight, used: Int32Array.from(used), nSfh, nMix, nIr, distCm }
}
