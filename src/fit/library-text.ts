// Parsing the text of MAGPHYS' library files (.lbr) into shared typed arrays: no file system, so the browser
// volunteer parses what it fetched exactly as a Node peer parses its files (library.ts reads the files).
import { MalformedInputError } from './errors.js'
import { isSpaceCode, scanNumber } from './number-scan.js'

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

/** A library's data lines: where each starts and ends in the text and its line number (1-based), blank lines and
 * the header left out. Lines end at \n, a \r before it dropped, as text.split(/\r?\n/) cuts them. */
interface DataLines {
  count: number
  start: Int32Array
  end: Int32Array
  line: Int32Array
}

function dataLines (text: string): DataLines {
  let cap = 1024
  let start = new Int32Array(cap)
  let end = new Int32Array(cap)
  let line = new Int32Array(cap)
  let count = 0
  let at = 0
  for (let n = 0; at <= text.length; n++) {
    let stop = text.indexOf('\n', at)
    if (stop < 0) stop = text.length
    const next = stop + 1
    if (stop > at && text.charCodeAt(stop - 1) === 13) stop--
    if (n >= LIBRARY_HEADER_LINES) {
      let k = at
      while (k < stop && isSpaceCode(text.charCodeAt(k))) k++
      if (k < stop) {
        if (count === cap) {
          cap *= 2
          const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => { const b = new Int32Array(cap); b.set(a); return b }
          start = grow(start)
          end = grow(end)
          line = grow(line)
        }
        start[count] = k
        end[count] = stop
        line[count] = n + 1
        count++
      }
    }
    at = next
  }
  return { count, start, end, line }
}

/** Notes the tokens of text[from, to) as pairs (start, end) in `bounds`, as many as it holds, and returns how many
 * tokens there are (whitespace as split(/\s+/) sees it in latin1 text). */
function lineTokens (text: string, from: number, to: number, bounds: Int32Array): number {
  let n = 0
  let k = from
  while (k < to) {
    while (k < to && isSpaceCode(text.charCodeAt(k))) k++
    if (k === to) break
    const s = k
    while (k < to && !isSpaceCode(text.charCodeAt(k))) k++
    if (2 * n < bounds.length) {
      bounds[2 * n] = s
      bounds[2 * n + 1] = k
    }
    n++
  }
  return n
}

/** The numbers of tokens [first, first + count) of a line into `into` from `at`; MalformedInputError names the file,
 * line and column of the first that is not a number. */
function parseRowNumbers (path: string, line: number, text: string, bounds: Int32Array, first: number, into: Float64Array, at: number, count: number): void {
  for (let c = 0; c < count; c++) {
    const s = bounds[2 * (first + c)]
    const e = bounds[2 * (first + c) + 1]
    const v = scanNumber(text, s, e)
    if (v === undefined || Number.isNaN(v)) throw new MalformedInputError(path, line, `column ${first + c + 1} ${JSON.stringify(text.slice(s, e))} is not a number`)
    into[at + c] = v
  }
}

/** A line's token count and bounds (the bounds array grown to hold them all). */
function tokensOf (text: string, lines: DataLines, r: number, bounds: Int32Array): { n: number, bounds: Int32Array } {
  let n = lineTokens(text, lines.start[r], lines.end[r], bounds)
  if (2 * n > bounds.length) {
    bounds = new Int32Array(2 * n)
    n = lineTokens(text, lines.start[r], lines.end[r], bounds)
  }
  return { n, bounds }
}

/** Parses an optical library's text (as readOpticalLibrary reads it); `name` labels errors. */
export function parseOpticalLibrary (text: string, name: string): OpticalLibrary {
  const path = name
  const lines = dataLines(text)
  if (lines.count === 0) throw new MalformedInputError(path, LIBRARY_HEADER_LINES + 1, 'no models')
  const first = tokensOf(text, lines, 0, new Int32Array(128))
  const firstCount = first.n
  let bounds = first.bounds
  const nMags = firstCount - 1 - N_OPTICAL_PARAMS
  if (nMags < 0) throw new MalformedInputError(path, lines.line[0], `expected index and ${N_OPTICAL_PARAMS} parameters, found ${firstCount} columns`)
  const n = lines.count
  const index = new Int32Array(new SharedArrayBuffer(n * 4))
  const params = shared64(n * N_OPTICAL_PARAMS)
  const mags = shared64(n * nMags)
  for (let r = 0; r < n; r++) {
    const line = lines.line[r]
    const row = tokensOf(text, lines, r, bounds)
    bounds = row.bounds
    if (row.n < 1 + N_OPTICAL_PARAMS + nMags) throw new MalformedInputError(path, line, `expected ${1 + N_OPTICAL_PARAMS + nMags} columns, found ${row.n}`)
    const idx = scanNumber(text, bounds[0], bounds[1])
    if (idx === undefined || !Number.isInteger(idx)) throw new MalformedInputError(path, line, `index ${JSON.stringify(text.slice(bounds[0], bounds[1]))} is not an integer`)
    index[r] = idx
    parseRowNumbers(path, line, text, bounds, 1, params, r * N_OPTICAL_PARAMS, N_OPTICAL_PARAMS)
    parseRowNumbers(path, line, text, bounds, 1 + N_OPTICAL_PARAMS, mags, r * nMags, nMags)
    if (!(params[r * N_OPTICAL_PARAMS + 5] > 0)) throw new MalformedInputError(path, line, 'stellar mass M* must be > 0')
  }
  return { n, nMags, index, params, mags }
}

/** Parses an infrared library's text (as readInfraredLibrary reads it); `name` labels errors. */
export function parseInfraredLibrary (text: string, name: string): InfraredLibrary {
  const path = name
  const lines = dataLines(text)
  if (lines.count === 0) throw new MalformedInputError(path, LIBRARY_HEADER_LINES + 1, 'no models')
  const first = tokensOf(text, lines, 0, new Int32Array(128))
  const firstCount = first.n
  let bounds = first.bounds
  const nMags = firstCount - N_INFRARED_PARAMS
  if (nMags < 0) throw new MalformedInputError(path, lines.line[0], `expected ${N_INFRARED_PARAMS} parameters, found ${firstCount} columns`)
  const n = lines.count
  const params = shared64(n * N_INFRARED_PARAMS)
  const mags = shared64(n * nMags)
  for (let r = 0; r < n; r++) {
    const line = lines.line[r]
    const row = tokensOf(text, lines, r, bounds)
    bounds = row.bounds
    if (row.n < N_INFRARED_PARAMS + nMags) throw new MalformedInputError(path, line, `expected ${N_INFRARED_PARAMS + nMags} columns, found ${row.n}`)
    parseRowNumbers(path, line, text, bounds, 0, params, r * N_INFRARED_PARAMS, N_INFRARED_PARAMS)
    parseRowNumbers(path, line, text, bounds, N_INFRARED_PARAMS, mags, r * nMags, nMags)
  }
  return { n, nMags, params, mags }
}
