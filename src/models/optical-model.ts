import { lineTransmission, attenuate, type AttenuationCurves } from './attenuation.js'
import {
  BIRTH_CLOUD_AGE_YR, HALPHA_A, HALPHA_ERG_PER_PHOTON, HALPHA_HBETA, HBETA_A, L_SUN_ERG_S, SFR_AVERAGING_YR
} from './constants.js'
import { burstMass, massFormed, type SfhParams } from './sfh.js'
import { metallicityWeights, type SspSet } from './ssp-set.js'

/** Parameters per optical model in the .lbr layout (after the index column). */
export const N_OPTICAL_COLUMNS = 24

/** Work buffers of one synthesis thread (owned by the caller, reused for every model). */
export interface OpticalScratch {
  young: Float64Array
  old: Float64Array
  /** The attenuated spectrum (Lsun/A per the model's mass) after `synthesizeOptical`. */
  spectrum: Float64Array
}

export function opticalScratch (set: SspSet): OpticalScratch {
  const n = set.wavelengths.length
  return { young: new Float64Array(n), old: new Float64Array(n), spectrum: new Float64Array(n) }
}

/**
 * Synthesises one model (dCCE08 section 2.1): the SSPs of the two bracketing metallicities summed with the
 * mass the SFH formed in each SSP age bin, young (< 1e7 yr) and old stars kept apart, then attenuated.
 * Writes the 24 .lbr parameters into params[at..at+23] (normalisation: the continuous component forms 1 Msun)
 * and leaves the attenuated spectrum in scratch.spectrum.
 */
export function synthesizeOptical (set: SspSet, curves: AttenuationCurves, sfh: SfhParams, scratch: OpticalScratch, params: Float64Array, at: number): void {
  const { young, old, spectrum } = scratch
  const nw = set.wavelengths.length
  young.fill(0)
  old.fill(0)
  const { lo, hi, f } = metallicityWeights(set, sfh.zSolar)
  const sLo = set.ssps[lo]
  const sHi = set.ssps[hi]
  let mstar = 0
  let mformed = 0
  let ageMass = 0
  let lr = 0
  let ageLr = 0
  let nly = 0
  for (let a = 0; a < set.ages.length; a++) {
    const p = set.edges[a]
    const q = set.edges[a + 1]
    if (p >= sfh.tform) break
    const split = Math.min(Math.max(BIRTH_CLOUD_AGE_YR, p), q)
    const my = massFormed(sfh, p, split)
    const mo = massFormed(sfh, split, q)
    const m = my + mo
    if (m <= 0) continue
    const age = set.ages[a]
    mformed += m
    mstar += m * ((1 - f) * sLo.mstar[a] + f * sHi.mstar[a])
    ageMass += m * age
    const l = m * ((1 - f) * sLo.lr[a] + f * sHi.lr[a])
    lr += l
    ageLr += l * age
    nly += my * ((1 - f) * sLo.nly[a] + f * sHi.nly[a])
    const base = a * nw
    const specLo = sLo.spectra
    const specHi = sHi.spectra
    if (my > 0) {
      const wl = my * (1 - f)
      const wh = my * f
      for (let k = 0; k < nw; k++) young[k] += wl * specLo[base + k] + wh * specHi[base + k]
    }
    if (mo > 0) {
      const wl = mo * (1 - f)
      const wh = mo * f
      for (let k = 0; k < nw; k++) old[k] += wl * specLo[base + k] + wh * specHi[base + k]
    }
  }
  const { ldust, fmu } = attenuate(young, old, sfh.tauV, sfh.mu, set.wavelengths, curves, spectrum)
  const lha = nly * HALPHA_ERG_PER_PHOTON / L_SUN_ERG_S
  let k = at
  params[k++] = sfh.tform
  params[k++] = sfh.gamma
  params[k++] = sfh.zSolar
  params[k++] = sfh.tauV
  params[k++] = sfh.mu
  params[k++] = mstar
  params[k++] = mformed
  for (const t of SFR_AVERAGING_YR) params[k++] = massFormed(sfh, 0, t) / t
  params[k++] = lastBurst(sfh)
  for (const t of SFR_AVERAGING_YR) params[k++] = burstMass(sfh, 0, t) / mformed
  params[k++] = ageMass / mformed
  params[k++] = lr > 0 ? ageLr / lr : 0
  params[k++] = ldust
  params[k++] = fmu
  params[k++] = lha * lineTransmission(HALPHA_A, sfh.tauV, sfh.mu)
  params[k] = lha / HALPHA_HBETA * lineTransmission(HBETA_A, sfh.tauV, sfh.mu)
}

/** Time since the start of the last burst that has begun (yr); tform when there was none (as POGS' library). */
function lastBurst (sfh: SfhParams): number {
  let t = sfh.tform
  for (const b of sfh.bursts) if (b.start > 0 && b.start < t) t = b.start
  return t
}
