// Library magnitudes turned into the luminosity densities the fit compares with (fit_sed.f, library reading):
// Lsun/Hz per unit stellar mass (optical) or per unit dust luminosity (infrared), divided by (1+z) of the pixel.
import type { FitContext } from './context.js'
import { pow } from './libm/index.js'

const f = Math.fround
const AB_TO_LSUN = f(3.117336e6)
const AB_ZERO = f(48.6)
const POGSON = f(0.4)

/** Converts one AB magnitude to Lsun/Hz as MAGPHYS does. */
export function abMagToLsunPerHz (mag: number): number {
  return AB_TO_LSUN * pow(10, -(POGSON * (mag + AB_ZERO)))
}

/** Model fluxes for one redshift: `optical[i * nSfh + k]` and `infrared[j * nIr + k]`. */
export interface ModelFluxes {
  redshift: number
  nSfh: number
  nIr: number
  optical: Float64Array
  infrared: Float64Array
}

/**
 * Model fluxes of every library model for the first `nSfh` magnitude columns of the optical library and the
 * first `nIr` of the infrared one, for a pixel at redshift z (MAGPHYS divides by the pixel's 1+z).
 */
export function computeModelFluxes (ctx: FitContext, z: number, nSfh: number, nIr: number): ModelFluxes {
  const { optical, infrared } = ctx.libs
  const opt = new Float64Array(optical.n * nSfh)
  for (let i = 0; i < optical.n; i++) {
    const mstar = ctx.tables.mstar[i]
    for (let k = 0; k < nSfh; k++) {
      let v = abMagToLsunPerHz(optical.mags[i * optical.nMags + k])
      v = v / mstar
      opt[i * nSfh + k] = v / (1 + z)
    }
  }
  const ir = new Float64Array(infrared.n * nIr)
  for (let j = 0; j < infrared.n; j++) {
    for (let k = 0; k < nIr; k++) {
      ir[j * nIr + k] = abMagToLsunPerHz(infrared.mags[j * infrared.nMags + k]) / (1 + z)
    }
  }
  return { redshift: z, nSfh, nIr, optical: opt, infrared: ir }
}

const cache = new WeakMap<FitContext, ModelFluxes>()

/** computeModelFluxes, remembering the last redshift per context (a galaxy's pixels share one redshift). */
export function modelFluxesFor (ctx: FitContext, z: number, nSfh: number, nIr: number): ModelFluxes {
  const hit = cache.get(ctx)
  if (hit !== undefined && hit.redshift === z && hit.nSfh === nSfh && hit.nIr === nIr) return hit
  const fresh = computeModelFluxes(ctx, z, nSfh, nIr)
  cache.set(ctx, fresh)
  return fresh
}
