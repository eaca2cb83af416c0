// Luminosity distance exactly as MAGPHYS computes it (fit_sed.f: COSMOL_C, DL, FUNL, MIDPNT): the integral for a
// flat universe with a cosmological constant by the midpoint rule, refined until two estimates agree to 1e-4.
// The constants are single-precision Fortran literals stored in double variables, hence Math.fround.
import { pow } from './libm/index.js'

const H0 = 70
const OMEGA = Math.fround(0.30)
const C_KMS = 3e5
const START = Math.fround(1e-10)
const TOLERANCE = Math.fround(1e-4)
/** cm per Mpc as MAGPHYS writes it (a single-precision literal). */
export const CM_PER_MPC = Math.fround(3.086e24)

function deceleration (): number {
  return (3 * OMEGA / 2) - 1
}

function midpoint (func: (x: number) => number, a: number, b: number, s: number, n: number): number {
  if (n === 1) return (b - a) * func(0.5 * (a + b))
  const it = pow(3, n - 2)
  const tnm = it
  const del = (b - a) / (3 * tnm)
  const ddel = del + del
  let x = a + 0.5 * del
  let sum = 0
  for (let j = 1; j <= it; j++) {
    sum = sum + func(x)
    x = x + ddel
    sum = sum + func(x)
    x = x + del
  }
  return (s + (b - a) * sum / tnm) / 3
}

/** Luminosity distance in Mpc for H0 = 70, Omega_m = 0.3, Omega_Lambda = 0.7, computed as MAGPHYS does. */
export function luminosityDistanceMpc (z: number): number {
  if (z <= 0) return Math.fround(1e-5)
  const q = deceleration()
  const omega0 = (2 * (q + 1)) / 3
  const omegainv = 1 / omega0
  const funl = (x: number): number => 1 / Math.sqrt((pow(x, 3) + omegainv) - 1)
  const a = 1
  const b = 1 + z
  let s0 = START
  let s = 0
  for (let npts = 1; ; npts++) {
    s = midpoint(funl, a, b, s, npts)
    const epsr = Math.abs(s - s0) / s0
    if (epsr < TOLERANCE) break
    s0 = s
  }
  const dd2 = (C_KMS * (1 + z)) / (H0 * Math.sqrt(omega0))
  return s * dd2
}

/** MAGPHYS' `dist` (cm, divided by sqrt(1+z)) used to turn Jy into Lsun/Hz. */
export function magphysDistanceCm (z: number): number {
  return luminosityDistanceMpc(z) * CM_PER_MPC / Math.sqrt(1 + z)
}

const JY = Math.fround(1e-23)
const CGS_TO_LSUN = Math.fround(3.283608731e-33)

/** The factor that turns a flux density in Jy into a luminosity density in Lsun/Hz at redshift z (MAGPHYS). */
export function janskyToLsunPerHz (z: number): number {
  const d = magphysDistanceCm(z)
  return JY * CGS_TO_LSUN * (d * d)
}

/** Converts one flux in Jy to Lsun/Hz with MAGPHYS' order of operations. */
export function fluxToLsunPerHz (fluxJy: number, distCm: number): number {
  return fluxJy * JY * CGS_TO_LSUN * (distCm * distCm)
}
