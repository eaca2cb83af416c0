// Parsing the text of MAGPHYS' library files (.lbr) into shared typed arrays: no file system, so the browser
// volunteer parses what it fetched exactly as a Node peer parses its files (library.ts reads the files).
import { MalformedInputError } from './errors.js'
import { parseNumber, tokens } from './text-tokens.js'

/** Parameters per optical model in the .lbr layout (after the index column). */
export const N_OPTICAL_PARAMS = 24
/** Parameters per infrared model in the .lbr layout. */
export const N_INFRARED_PARAMS = 8
/** MAGPHYS skips two header lines in both library files (read(21,*) twice). */
export const LIBRARY_HEADER_LINES = 2

/**
 * A stellar-population library: per model (row position 0..n-1) the index column, 24 parameters and AB
 * magnitudes. Arrays live in SharedArrayBuffers so worker threads share one copy.
 */
export interface OpticalLibrary {
  n: number
  nMags: number
  index: Int32Array
  params: Float64Array
  mags: Float64Array
}

/** A dust-emission library: per model 8 parameters and AB magnitudes (bands beyond 2.5 um rest frame). */
export interface InfraredLibrary {
  n: number
  nMags: number
  params: Float64Array
  mags: Float64Array
}

/** The optical and infrared libraries computed for one redshift. */
export interface LibraryPair {
  redshift: number
  optical: OpticalLibrary
  infrared: InfraredLibrary
}

function shared64 (n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8))
}

function dataRows (path: string, text: string): Array<{ line: number, t: string[] }> {
  const lines = text.split(/\r?\n/)
  const rows: Array<{ line: number, t: string[] }> = []
  for (let n = LIBRARY_HEADER_LINES; n < lines.length; n++) {
    const t = tokens(lines[n])
    if (t.length > 0) rows.push({ line: n + 1, t })
  }
  return rows
}

function parseRowNumbers (path: string, line: number, t: string[], from: number, into: Float64Array, at: number, count: number): void {
  for (let c = 0; c < count; c++) {
    const v = parseNumber(t[from + c])
    if (v === undefined || Number.isNaN(v)) throw new MalformedInputError(path, line, `column ${from + c + 1} ${JSON.stringify(t[from + c])} is not a number`)
    into[at + c] = v
  }
}

/** Parses an optical library's text (as readOpticalLibrary reads it); `name` labels errors. */
export function parseOpticalLibrary (text: string, name: string): OpticalLibrary {
  const path = name
  const rows = dataRows(path, text)
  if (rows.length === 0) throw new MalformedInputError(path, LIBRARY_HEADER_LINES + 1, 'no models')
  const nMags = rows[0].t.length - 1 - N_OPTICAL_PARAMS
  if (nMags < 0) throw new MalformedInputError(path, rows[0].line, `expected index and ${N_OPTICAL_PARAMS} parameters, found ${rows[0].t.length} columns`)
  const n = rows.length
  const index = new Int32Array(new SharedArrayBuffer(n * 4))
  const params = shared64(n * N_OPTICAL_PARAMS)
  const mags = shared64(n * nMags)
  for (let r = 0; r < n; r++) {
    const { line, t } = rows[r]
    if (t.length < 1 + N_OPTICAL_PARAMS + nMags) throw new MalformedInputError(path, line, `expected ${1 + N_OPTICAL_PARAMS + nMags} columns, found ${t.length}`)
    const idx = parseNumber(t[0])
    if (idx === undefined || !Number.isInteger(idx)) throw new MalformedInputError(path, line, `index ${JSON.stringify(t[0])} is not an integer`)
    index[r] = idx
    parseRowNumbers(path, line, t, 1, params, r * N_OPTICAL_PARAMS, N_OPTICAL_PARAMS)
    parseRowNumbers(path, line, t, 1 + N_OPTICAL_PARAMS, mags, r * nMags, nMags)
    if (!(params[r * N_OPTICAL_PARAMS + 5] > 0)) throw new MalformedInputError(path, line, 'stellar mass M* must be > 0')
  }
  return { n, nMags, index, params, mags }
}

/** Parses an infrared library's text (as readInfraredLibrary reads it); `name` labels errors. */
export function parseInfraredLibrary (text: string, name: string): InfraredLibrary {
  const path = name
  const rows = dataRows(path, text)
  if (rows.length === 0) throw new MalformedInputError(path, LIBRARY_HEADER_LINES + 1, 'no models')
  const nMags = rows[0].t.length - N_INFRARED_PARAMS
  if (nMags < 0) throw new MalformedInputError(path, rows[0].line, `expected ${N_INFRARED_PARAMS} parameters, found ${rows[0].t.length} columns`)
  const n = rows.length
  const params = shared64(n * N_INFRARED_PARAMS)
  const mags = shared64(n * nMags)
  for (let r = 0; r < n; r++) {
    const { line, t } = rows[r]
    if (t.length < N_INFRARED_PARAMS + nMags) throw new MalformedInputError(path, line, `expected ${N_INFRARED_PARAMS + nMags} columns, found ${t.length}`)
    parseRowNumbers(path, line, t, 0, params, r * N_INFRARED_PARAMS, N_INFRARED_PARAMS)
    parseRowNumbers(path, line, t, N_INFRARED_PARAMS, mags, r * nMags, nMags)
  }
  return { n, nMags, params, mags }
}
