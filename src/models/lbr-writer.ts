import { cosmicAgeYr } from './cosmic-age.js'
import { N_INFRARED_COLUMNS } from './infrared-model.js'
import { N_OPTICAL_COLUMNS } from './optical-model.js'

// Fortran edit descriptors as get_optic_colors.f writes them (format 200): i10, 1pe10.2, 0pf10.4, and as POGS'
// infrared files show: f10.3 and 1pe12.3.
function pad (s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s
}
function fixed (v: number, d: number, w = 10): string {
  return pad(v.toFixed(d), w)
}
function sci (v: number, d: number, w: number): string {
  const s = v.toExponential(d).toUpperCase()
  const m = /^(-?\d\.\d+)E([+-])(\d+)$/.exec(s)
  return pad(m === null ? s : `${m[1]}E${m[2]}${m[3].padStart(2, '0')}`, w)
}

const OPTICAL_COLUMNS = ['#    index', 'tform/yr', 'gamma', 'Z/Zo', 'tauV', 'mu', 'M*', 'M*/(1-R)', 'SFR(1e6)', 'SFR(1e7)',
  'SFR(1e8)', 'SFR(1e9)', 'SFR(2e9)', 't(lastB)', 'Fb(1e6)', 'Fb(1e7)', 'Fb(1e8)', 'Fb(1e9)', 'Fb(2e9)', 'age(M)', 'age(r)',
  'Ld(tot)', 'fmu', 'L(Ha)', 'L(Hb)']
const INFRARED_COLUMNS = ['#      fmu', 'xi_C^ISM', 'T_W^BC', 'T_C^ISM', 'xi_PAH^BC', 'xi_MIR^BC', 'xi_W^BC']

/** The first header line of both files: cosmology and provenance (MAGPHYS' infrared files start the same way). */
export function cosmologyLine (z: number, what: string): string {
  return `#Ho= 70. km/s/Mpc; Omega= 0.30; Omega_lambda= 0.70; Age of universe at z=${z}: ${(cosmicAgeYr(z) / 1e9).toFixed(2)} Gyr; ${what}`
}

/** The two header lines of an optical library. */
export function opticalHeader (z: number, bands: string[], provenance: string): string {
  const names = OPTICAL_COLUMNS.map((c, k) => k === 0 ? c : pad(c, 10)).join('') + '    ' + bands.map((b) => pad(b, 10)).join('')
  return cosmologyLine(z, provenance) + '\n' + names + '\n'
}

/** The two header lines of an infrared library. */
export function infraredHeader (z: number, bands: string[], provenance: string): string {
  const names = INFRARED_COLUMNS.map((c, k) => k === 0 ? c : pad(c, 10)).join('') + pad('Mdust', 12) + bands.map((b) => pad(b, 10)).join('')
  return cosmologyLine(z, provenance) + '\n' + names + '\n'
}

/** One optical row: index, the 24 parameters (params[at..]) and magnitudes, in get_optic_colors' format 200. */
export function opticalRow (index: number, params: Float64Array, at: number, mags: ArrayLike<number>, magAt: number, nMags: number): string {
  const p = (k: number): number => params[at + k]
  let s = pad(String(index), 10) + sci(p(0), 2, 10)
  for (let k = 1; k <= 6; k++) s += fixed(p(k), 4)
  for (let k = 7; k <= 20; k++) s += sci(p(k), 2, 10)
  s += fixed(p(21), 4) + sci(p(22), 2, 10) + sci(p(23), 2, 10)
  for (let m = 0; m < nMags; m++) s += fixed(mags[magAt + m], 4)
  return s + '\n'
}

/** One infrared row: 7 parameters (f10.3), Mdust per Ldust (1pe12.3) and magnitudes (f10.4). */
export function infraredRow (params: Float64Array, at: number, mags: ArrayLike<number>, magAt: number, nMags: number): string {
  let s = ''
  for (let k = 0; k < N_INFRARED_COLUMNS - 1; k++) s += fixed(params[at + k], 3)
  s += sci(params[at + N_INFRARED_COLUMNS - 1], 3, 12)
  for (let m = 0; m < nMags; m++) s += fixed(mags[magAt + m], 4)
  return s + '\n'
}

export { N_OPTICAL_COLUMNS, N_INFRARED_COLUMNS }
