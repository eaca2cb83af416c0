import { IsedFormatError } from './errors.js'
import { readMaybeGzip } from './binary-file.js'

/**
 * A GALAXEV simple stellar population: ages (yr), wavelengths (A) and one spectrum per age, L_lambda in Lsun/A
 * per Msun formed, stored age-major (spectra[a * nWave + w]).
 */
export interface Ised {
  ages: Float64Array
  wavelengths: Float64Array
  spectra: Float64Array
}

// Fortran unformatted sequential records: a 4-byte little-endian length, the body, the same length again.
function records (bytes: Uint8Array, file: string, wanted: number): DataView[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: DataView[] = []
  let off = 0
  while (out.length < wanted) {
    if (off + 4 > bytes.length) throw new IsedFormatError(file, `truncated: record ${out.length + 1} of ${wanted} is missing`)
    const len = dv.getInt32(off, true)
    if (len < 0 || off + 8 + len > bytes.length) throw new IsedFormatError(file, `truncated in record ${out.length + 1} (length ${len} at byte ${off})`)
    if (dv.getInt32(off + 4 + len, true) !== len) throw new IsedFormatError(file, `record ${out.length + 1}: end marker does not match its length ${len}`)
    out.push(new DataView(bytes.buffer, bytes.byteOffset + off + 4, len))
    off += 8 + len
  }
  return out
}

/**
 * Reads a BC03 `.ised` (GALAXEV binary, plain or gzipped): record 1 holds the number of ages and the ages,
 * record 2 the number of wavelengths and the wavelengths, then one record per age with the spectrum (followed
 * by extra values we ignore). Later records (GALAXEV's extra tables) are not needed and not read.
 */
export function readIsed (path: string): Ised {
  return parseIsed(readMaybeGzip(path), path)
}

/** Parses `.ised` bytes; `file` names the source in errors. */
export function parseIsed (bytes: Uint8Array, file = 'ised'): Ised {
  const [head, waves] = records(bytes, file, 2)
  const nAges = head.byteLength >= 4 ? head.getInt32(0, true) : -1
  if (nAges <= 0 || nAges > 10_000 || head.byteLength < 4 + 4 * nAges) throw new IsedFormatError(file, `bad number of ages ${nAges}`)
  const nWave = waves.byteLength >= 4 ? waves.getInt32(0, true) : -1
  if (nWave <= 0 || nWave > 100_000 || waves.byteLength < 4 + 4 * nWave) throw new IsedFormatError(file, `bad number of wavelengths ${nWave}`)
  const ages = new Float64Array(nAges)
  for (let a = 0; a < nAges; a++) ages[a] = head.getFloat32(4 + 4 * a, true)
  const wavelengths = new Float64Array(nWave)
  for (let w = 0; w < nWave; w++) wavelengths[w] = waves.getFloat32(4 + 4 * w, true)
  const all = records(bytes, file, 2 + nAges)
  const spectra = new Float64Array(nAges * nWave)
  for (let a = 0; a < nAges; a++) {
    const r = all[2 + a]
    const n = r.byteLength >= 4 ? r.getInt32(0, true) : -1
    if (n !== nWave || r.byteLength < 4 + 4 * nWave) throw new IsedFormatError(file, `spectrum ${a + 1} has ${n} points, expected ${nWave}`)
    for (let w = 0; w < nWave; w++) spectra[a * nWave + w] = r.getFloat32(4 + 4 * w, true)
  }
  for (let a = 1; a < nAges; a++) if (!(ages[a] > ages[a - 1])) throw new IsedFormatError(file, `ages not increasing at ${a + 1}`)
  return { ages, wavelengths, spectra }
}
