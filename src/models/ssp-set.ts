import { join } from 'node:path'
import { SSP_METALLICITIES, Z_SUN, Z_RANGE_SOLAR, sspFileStem } from './constants.js'
import { applyKernel, filterKernel } from './convolution.js'
import { ModelDataError } from './errors.js'
import type { FilterCurve } from './filter-curves.js'
import { readIsed, type Ised } from './ised.js'
import { columnAtAges, readColorColumn } from './ssp-tables.js'

/** One metallicity's SSP with the per-age quantities the synthesis needs. */
export interface Ssp extends Ised {
  z: number
  /** Stellar mass (living stars + remnants) per Msun formed (.4color column 11). */
  mstar: Float64Array
  /** Ionising photons per second per Msun formed (.3color column 6 is its log10). */
  nly: Float64Array
  /** Rest-frame r-band L_nu (Lsun/Hz) per Msun formed, for r-light-weighted ages. */
  lr: Float64Array
}

/** The SSPs of the metallicities that bracket the prior's range, on one wavelength and age grid. */
export interface SspSet {
  ssps: Ssp[]
  ages: Float64Array
  wavelengths: Float64Array
  /** Age-bin edges (yr): bin a spans [edges[a], edges[a + 1]], around ages[a]. */
  edges: Float64Array
}

/** Reads one metallicity's `.ised`, `.4color` and `.3color` from `dir` (plain or .gz). */
export function readSsp (dir: string, tag: string, z: number, rCurve: FilterCurve): Ssp {
  const stem = join(dir, sspFileStem(tag))
  const pick = (ext: string): string => `${stem}.${ext}.gz`
  const ised = readIsed(pick('ised'))
  const c4 = pick('4color')
  const c3 = pick('3color')
  const mstar = columnAtAges(readColorColumn(c4, 11), ised.ages, c4)
  const nly = columnAtAges(readColorColumn(c3, 6), ised.ages, c3).map((v) => v > 0 ? Math.pow(10, v) : 0)
  const kernel = filterKernel(rCurve, ised.wavelengths, 0)
  const nw = ised.wavelengths.length
  const lr = new Float64Array(ised.ages.length)
  for (let a = 0; a < ised.ages.length; a++) lr[a] = applyKernel(kernel, ised.spectra.subarray(a * nw, (a + 1) * nw))
  return { ...ised, z, mstar, nly, lr }
}

/** The metallicities needed for Z/Zsun in the prior's range: the SSPs bracketing it. */
export function neededMetallicities (): Array<{ tag: string, z: number }> {
  const lo = Z_RANGE_SOLAR[0] * Z_SUN
  const hi = Z_RANGE_SOLAR[1] * Z_SUN
  const m = SSP_METALLICITIES
  let i0 = 0
  while (i0 < m.length - 1 && m[i0 + 1].z <= lo) i0++
  let i1 = m.length - 1
  while (i1 > 0 && m[i1 - 1].z >= hi) i1--
  return m.slice(i0, i1 + 1)
}

/** Loads the SSP set from a BC03 directory. All files must share the age and wavelength grids. */
export function loadSspSet (dir: string, rCurve: FilterCurve): SspSet {
  const ssps = neededMetallicities().map(({ tag, z }) => readSsp(dir, tag, z, rCurve))
  const { ages, wavelengths } = ssps[0]
  for (const s of ssps) {
    if (s.ages.length !== ages.length || s.wavelengths.length !== wavelengths.length || s.wavelengths.some((w, k) => w !== wavelengths[k])) {
      throw new ModelDataError(dir, `SSP Z = ${s.z} is not on the same age and wavelength grid as Z = ${ssps[0].z}`)
    }
  }
  const edges = new Float64Array(ages.length + 1)
  for (let a = 1; a < ages.length; a++) edges[a] = 0.5 * (ages[a - 1] + ages[a])
  edges[ages.length] = ages[ages.length - 1]
  return { ssps, ages, wavelengths, edges }
}

/** The two SSPs bracketing metallicity zSolar and the weight of the upper one, linear in log Z. */
export function metallicityWeights (set: SspSet, zSolar: number): { lo: number, hi: number, f: number } {
  const lz = Math.log10(zSolar * Z_SUN)
  const s = set.ssps
  let k = 0
  while (k < s.length - 2 && Math.log10(s[k + 1].z) < lz) k++
  const a = Math.log10(s[k].z)
  const b = Math.log10(s[k + 1].z)
  const f = Math.min(1, Math.max(0, (lz - a) / (b - a)))
  return { lo: k, hi: k + 1, f }
}
