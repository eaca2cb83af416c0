import { MalformedInputError } from './errors.js'
import { parseNumber, readTextFile, tokens } from './text-file.js'

/** One pixel's photometry: flux and sigma in Jy per filter, in filters.dat order. NaN means no data. */
export interface Observation {
  name: string
  redshift: number
  flux: Float64Array
  sigma: Float64Array
}

/** The rows of an observations file: the readable ones, and each malformed row with its error. */
export interface ObservationsFile {
  rows: Observation[]
  errors: MalformedInputError[]
}

/** Reads a MAGPHYS observations.dat for `nFilters` filters (name, redshift, then flux and sigma per filter). */
export function readObservations (path: string, nFilters: number): ObservationsFile {
  return parseObservations(readTextFile(path), nFilters, path)
}

/**
 * Parses observations text. `#` lines and blank lines are skipped. A row that cannot be read is reported in
 * `errors` and the other rows are kept: one bad pixel does not stop the rest.
 */
export function parseObservations (text: string, nFilters: number, file = 'observations.dat'): ObservationsFile {
  const rows: Observation[] = []
  const errors: MalformedInputError[] = []
  const lines = text.split(/\r?\n/)
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    try {
      rows.push(parseRow(tokens(line), nFilters, file, n + 1))
    } catch (err) {
      if (err instanceof MalformedInputError) errors.push(err)
      else throw err
    }
  }
  return { rows, errors }
}

function parseRow (t: string[], nFilters: number, file: string, line: number): Observation {
  const want = 2 + 2 * nFilters
  if (t.length < want) throw new MalformedInputError(file, line, `expected ${want} columns (name, redshift, flux and sigma for ${nFilters} filters), found ${t.length}`)
  const name = t[0]
  const redshift = parseNumber(t[1])
  if (redshift === undefined || !Number.isFinite(redshift)) throw new MalformedInputError(file, line, `redshift ${JSON.stringify(t[1])} is not a number`)
  if (redshift <= 0) throw new MalformedInputError(file, line, `redshift must be > 0, got ${t[1]}`)
  const flux = new Float64Array(nFilters)
  const sigma = new Float64Array(nFilters)
  for (let k = 0; k < nFilters; k++) {
    const f = parseNumber(t[2 + 2 * k])
    const s = parseNumber(t[3 + 2 * k])
    if (f === undefined) throw new MalformedInputError(file, line, `flux ${k + 1} ${JSON.stringify(t[2 + 2 * k])} is not a number`)
    if (s === undefined) throw new MalformedInputError(file, line, `sigma ${k + 1} ${JSON.stringify(t[3 + 2 * k])} is not a number`)
    if (f > 0 && s < 0) throw new MalformedInputError(file, line, `sigma ${k + 1} is negative (${t[3 + 2 * k]})`)
    flux[k] = f
    sigma[k] = s
  }
  return { name, redshift, flux, sigma }
}
