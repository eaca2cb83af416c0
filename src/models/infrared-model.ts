import {
  BETA_COLD, BETA_WARM, C_M_PER_S, DUST_MASS_FACTOR, H_PLANCK, ISM_SHARES, K_BOLTZMANN,
  KAPPA_850_M2_KG, L_SUN_W, M_SUN_KG, T_C_ISM_RANGE, T_W_BC_RANGE, T_W_ISM, XI_BC_COMPONENT_MAX,
  XI_BC_NONWARM_MAX, XI_BC_PAH_SHARE_MAX, XI_C_ISM_RANGE
} from './constants.js'
import { greyBody, normalise, type DustTemplates } from './dust-templates.js'
import { uniform } from './priors.js'
import type { Rng } from './rng.js'

/** Parameters per infrared model in the .lbr layout. */
export const N_INFRARED_COLUMNS = 8

/** One infrared model's parameters (dCCE08 section 2.2; priors in docs/models.md#infrared-library). */
export interface DustParams {
  fmu: number
  xiC: number
  tW: number
  tC: number
  xiPahBc: number
  xiMirBc: number
  xiWBc: number
}

const FMU = uniform(0, 1)
const XI_C = uniform(XI_C_ISM_RANGE[0], XI_C_ISM_RANGE[1])
const T_W = uniform(T_W_BC_RANGE[0], T_W_BC_RANGE[1])
const T_C = uniform(T_C_ISM_RANGE[0], T_C_ISM_RANGE[1])
const NONWARM = uniform(0, XI_BC_NONWARM_MAX)
const PAH_SHARE = uniform(0, XI_BC_PAH_SHARE_MAX)
/** Redraws are rare (a quarter of the draws); the bound only guards the loop. */
const MAX_REDRAWS = 1000

/** Draws one infrared model's parameters. */
export function drawDust (rng: Rng): DustParams {
  const fmu = FMU(rng.next())
  const xiC = XI_C(rng.next())
  const tW = T_W(rng.next())
  const tC = T_C(rng.next())
  let s = 0
  let r = 0
  for (let k = 0; k < MAX_REDRAWS; k++) {
    s = NONWARM(rng.next())
    r = PAH_SHARE(rng.next())
    if (r * s <= XI_BC_COMPONENT_MAX && (1 - r) * s <= XI_BC_COMPONENT_MAX) break
  }
  return { fmu, xiC, tW, tC, xiPahBc: r * s, xiMirBc: (1 - r) * s, xiWBc: 1 - s }
}

/** Work buffers for one thread. */
export interface DustScratch {
  warmBc: Float64Array
  warmIsm: Float64Array
  cold: Float64Array
  spectrum: Float64Array
  massWarm: (t: number) => number
  massCold: (t: number) => number
}

export function dustScratch (t: DustTemplates): DustScratch {
  const n = t.wavelengths.length
  const warmIsm = new Float64Array(n)
  normalise(t.wavelengths, greyBody(t.wavelengths, T_W_ISM, BETA_WARM, warmIsm))
  return {
    warmBc: new Float64Array(n),
    warmIsm,
    cold: new Float64Array(n),
    spectrum: new Float64Array(n),
    massWarm: dustMassScaler(t.wavelengths, BETA_WARM),
    massCold: dustMassScaler(t.wavelengths, BETA_COLD)
  }
}

/** int(kappa_lambda B_lambda(T) dlambda) in W kg^-1 sr^-1, kappa = 0.077 m^2/kg (850 um / lambda)^beta. */
export function kappaPlanckIntegral (grid: Float64Array, t: number, beta: number): number {
  const hck = H_PLANCK * C_M_PER_S / K_BOLTZMANN
  let s = 0
  let prev = 0
  for (let k = 0; k < grid.length; k++) {
    const lm = grid[k] * 1e-10
    const x = hck / (lm * t)
    const b = x > 700 ? 0 : 2 * H_PLANCK * C_M_PER_S * C_M_PER_S / Math.pow(lm, 5) / Math.expm1(x)
    const v = KAPPA_850_M2_KG * Math.pow(850e-6 / lm, beta) * b
    if (k > 0) s += 0.5 * (v + prev) * (lm - grid[k - 1] * 1e-10)
    prev = v
  }
  return s
}

/** Dust mass (Msun) per Lsun emitted by a grey body at temperature t: M = L / (4 pi int(kappa B dlambda)). */
export function dustMassPerLsun (grid: Float64Array, t: number, beta: number): number {
  return L_SUN_W / (4 * Math.PI * kappaPlanckIntegral(grid, t, beta)) / M_SUN_KG
}

/**
 * dustMassPerLsun for many temperatures: int(kappa B) scales as T^(4 + beta) (exactly over all wavelengths; on
 * the 1 um - 1 cm grid to better than 1e-6 for 15-60 K), so one integral at a reference temperature serves all.
 */
export function dustMassScaler (grid: Float64Array, beta: number): (t: number) => number {
  const ref = 30
  const m = dustMassPerLsun(grid, ref, beta)
  return (t) => m * Math.pow(ref / t, 4 + beta)
}

/**
 * The spectrum of one model per unit total dust luminosity (dCCE08 eqs. 10-12) into scratch.spectrum, and its
 * dust mass per unit Ldust: M_d = 1.1 (M_W^BC + M_W^ISM + M_C^ISM) (dCCE08).
 */
export function synthesizeInfrared (t: DustTemplates, p: DustParams, scratch: DustScratch): number {
  const { wavelengths, pah, mir } = t
  const { warmBc, warmIsm, cold, spectrum } = scratch
  normalise(wavelengths, greyBody(wavelengths, p.tW, BETA_WARM, warmBc))
  normalise(wavelengths, greyBody(wavelengths, p.tC, BETA_COLD, cold))
  const bc = 1 - p.fmu
  const ism = p.fmu
  const warmShare = 1 - p.xiC
  const aPah = bc * p.xiPahBc + ism * warmShare * ISM_SHARES.pah
  const aMir = bc * p.xiMirBc + ism * warmShare * ISM_SHARES.mir
  const aWBc = bc * p.xiWBc
  const aWIsm = ism * warmShare * ISM_SHARES.warm
  const aC = ism * p.xiC
  for (let k = 0; k < wavelengths.length; k++) {
    spectrum[k] = aPah * pah[k] + aMir * mir[k] + aWBc * warmBc[k] + aWIsm * warmIsm[k] + aC * cold[k]
  }
  return DUST_MASS_FACTOR * (aWBc * scratch.massWarm(p.tW) + aWIsm * scratch.massWarm(T_W_ISM) + aC * scratch.massCold(p.tC))
}
