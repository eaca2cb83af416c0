import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { LibraryNotFoundError, MalformedInputError } from './errors.js'
import { parseNumber, readTextFile, tokens } from './text-file.js'

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

/** Where a redshift's two library files are. */
export interface LibraryFiles {
  redshift: number
  optical: string
  infrared: string
}

const OPTICAL_NAME = /^(?:starformhist_cb07|optical)_z(\d+\.\d+)\.lbr(?:\.gz)?$/
const INFRARED_NAME = /^(?:infrared_dce08|infrared)_z(\d+\.\d+)\.lbr(?:\.gz)?$/

/**
 * A pair named outright: `opticalName` and `infraredName` in `dir`, each a library name in either convention, possibly
 * after a prefix (a coordinator's second run names its files `RUN.optical_z0.0100.lbr`), both of one redshift.
 * LibraryNotFoundError when the names are not such a pair.
 */
export function namedPair (dir: string, opticalName: string, infraredName: string): LibraryFiles {
  const o = /(?:^|\.)(?:starformhist_cb07|optical)_z(\d+\.\d+)\.lbr(?:\.gz)?$/.exec(opticalName)
  const i = /(?:^|\.)(?:infrared_dce08|infrared)_z(\d+\.\d+)\.lbr(?:\.gz)?$/.exec(infraredName)
  if (o === null || i === null || Number(o[1]) !== Number(i[1]) || [opticalName, infraredName].some((n) => n.includes('/') || n.includes('\\'))) {
    throw new LibraryNotFoundError(`${JSON.stringify(opticalName)} and ${JSON.stringify(infraredName)} are not an optical and infrared library of one redshift`)
  }
  return { redshift: Number(o[1]), optical: join(dir, opticalName), infrared: join(dir, infraredName) }
}

/**
 * Lists the library pairs in a directory, by redshift, in both naming conventions (MAGPHYS'
 * `starformhist_cb07_z0.0100.lbr` + `infrared_dce08_z0.0100.lbr`, ours `optical_z0.0100.lbr` +
 * `infrared_z0.0100.lbr`), plain or gzipped. Sorted by redshift.
 */
export function listLibraries (dir: string): LibraryFiles[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    throw new LibraryNotFoundError(`cannot read libraries directory ${dir}: ${(err as Error).message}`)
  }
  const optical = new Map<string, string>()
  const infrared = new Map<string, string>()
  for (const name of names.sort()) {
    const o = OPTICAL_NAME.exec(name)
    if (o !== null && !optical.has(o[1])) optical.set(o[1], join(dir, name))
    const i = INFRARED_NAME.exec(name)
    if (i !== null && !infrared.has(i[1])) infrared.set(i[1], join(dir, name))
  }
  const pairs: LibraryFiles[] = []
  for (const [z, path] of optical) {
    const ir = infrared.get(z)
    if (ir !== undefined) pairs.push({ redshift: Number(z), optical: path, infrared: ir })
  }
  return pairs.sort((a, b) => a.redshift - b.redshift)
}

function shared64 (n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8))
}

function dataRows (path: string): Array<{ line: number, t: string[] }> {
  const lines = readTextFile(path).split(/\r?\n/)
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

/**
 * Reads an optical (stellar) library as MAGPHYS does: two header lines skipped (so POGS' files, which have
 * one, lose their first model), then index, 24 parameters and the magnitudes of every row.
 */
export function readOpticalLibrary (path: string): OpticalLibrary {
  const rows = dataRows(path)
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

/** Reads an infrared (dust) library: two header lines skipped, then 8 parameters and magnitudes per row. */
export function readInfraredLibrary (path: string): InfraredLibrary {
  const rows = dataRows(path)
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

/** Reads both libraries of one redshift. */
export function readLibraryPair (files: LibraryFiles): LibraryPair {
  return { redshift: files.redshift, optical: readOpticalLibrary(files.optical), infrared: readInfraredLibrary(files.infrared) }
}
