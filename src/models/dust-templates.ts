import { join } from 'node:path'
import { readMaybeGzip } from './binary-file.js'
import { BETA_WARM, C_M_PER_S, H_PLANCK, K_BOLTZMANN, MIR_TEMPERATURES } from './constants.js'
import { ModelDataError } from './errors.js'

/** The infrared wavelength grid (A, increasing) and the fixed templates on it, each of unit luminosity (Lsun/A per Lsun). */
export interface DustTemplates {
  wavelengths: Float64Array
  pah: Float64Array
  mir: Float64Array
}

// DL07 columns: lambda (um), then for each of 22 Umin a pair (delta-function U = Umin, power law Umin..1e6).
// Umin = 1.00 is the 9th: its delta-function column is column 18 (1-based), the Milky Way's diffuse ISM.
const DL07_UMIN1_COLUMN = 18
const DL07_HIGH_QPAH = 'DL07_MW3.1_60.dat.gz'
const DL07_LOW_QPAH = 'DL07_MW3.1_00.dat.gz'
/** Beyond this (um) the DL07 difference is small-grain continuum, not PAH bands: the template is cut (tapered) there. */
const PAH_CUT_UM = 20

function readDl07 (path: string): { um: Float64Array, jnu: Float64Array } {
  const um: number[] = []
  const jnu: number[] = []
  for (const line of readMaybeGzip(path).toString('latin1').split(/\r?\n/)) {
    const t = line.trim()
    if (t === '' || t.startsWith('#')) continue
    const c = t.split(/\s+/)
    const l = Number(c[0])
    const v = Number(c[DL07_UMIN1_COLUMN - 1])
    if (!Number.isFinite(l) || !Number.isFinite(v)) throw new ModelDataError(path, `row ${JSON.stringify(t.slice(0, 40))} has no column ${DL07_UMIN1_COLUMN}`)
    um.push(l)
    jnu.push(v)
  }
  if (um.length < 10) throw new ModelDataError(path, 'too few rows')
  return { um: Float64Array.from(um), jnu: Float64Array.from(jnu) }
}

/** Normalises a spectrum (per A) on a grid (A) to unit integral, by the trapezoid rule, in place. */
export function normalise (grid: Float64Array, l: Float64Array): Float64Array {
  let s = 0
  for (let k = 1; k < grid.length; k++) s += 0.5 * (grid[k] - grid[k - 1]) * (l[k] + l[k - 1])
  if (s > 0) for (let k = 0; k < l.length; k++) l[k] /= s
  return l
}

const HC_K = H_PLANCK * C_M_PER_S / K_BOLTZMANN
const POWERS = new WeakMap<Float64Array, Map<number, Float64Array>>()

// lambda^(-5-beta) on a grid, computed once per grid and beta: the grey bodies are evaluated per model.
function powers (grid: Float64Array, beta: number): Float64Array {
  let byBeta = POWERS.get(grid)
  if (byBeta === undefined) POWERS.set(grid, byBeta = new Map())
  let p = byBeta.get(beta)
  if (p === undefined) {
    p = grid.map((l) => Math.pow(l * 1e-10, -5 - beta))
    byBeta.set(beta, p)
  }
  return p
}

/** Modified black body lambda^-beta B_lambda(T) on a grid (A), unnormalised, into `out`. */
export function greyBody (grid: Float64Array, t: number, beta: number, out: Float64Array): Float64Array {
  const p = powers(grid, beta)
  const a = HC_K / (t * 1e-10)
  for (let k = 0; k < grid.length; k++) {
    const x = a / grid[k]
    out[k] = x > 700 ? 0 : p[k] / Math.expm1(x)
  }
  return out
}

/**
 * Builds the fixed infrared templates on the DL07 wavelength grid (1 um - 1 cm):
 * - PAH: Draine & Li 2007 (ApJ 657, 810) Milky Way models at U = 1, the emission of the model with the most
 *   PAHs (q_PAH = 4.58 %) minus the one with the fewest (0.47 %), negative residuals clipped and the far-IR
 *   tail beyond 20 um tapered away: the PAH bands (3.3 ... 17 um) as DL07 compute them for the diffuse ISM.
 * - hot mid-IR continuum: grey bodies with beta = 1.5 at 130 K and 250 K of equal luminosity (dCCE08).
 */
export function loadDustTemplates (dl07Dir: string): DustTemplates {
  const hiQ = readDl07(join(dl07Dir, DL07_HIGH_QPAH))
  const loQ = readDl07(join(dl07Dir, DL07_LOW_QPAH))
  const n = hiQ.um.length
  if (loQ.um.length !== n || loQ.um.some((v, k) => v !== hiQ.um[k])) throw new ModelDataError(dl07Dir, 'DL07 files are not on one wavelength grid')
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => hiQ.um[a] - hiQ.um[b])
  const wavelengths = new Float64Array(n)
  const pah = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const j = order[k]
    const um = hiQ.um[j]
    wavelengths[k] = um * 1e4
    // j_nu -> L_lambda ~ j_nu / lambda^2
    const d = Math.max(0, hiQ.jnu[j] - loQ.jnu[j]) / (um * um)
    pah[k] = um <= PAH_CUT_UM ? d : d * Math.exp(-(((um - PAH_CUT_UM) / 2) ** 2))
  }
  normalise(wavelengths, pah)
  const mir = new Float64Array(n)
  const tmp = new Float64Array(n)
  for (const t of MIR_TEMPERATURES) {
    normalise(wavelengths, greyBody(wavelengths, t, BETA_WARM, tmp))
    for (let k = 0; k < n; k++) mir[k] += tmp[k] / MIR_TEMPERATURES.length
  }
  return { wavelengths, pah, mir }
}
