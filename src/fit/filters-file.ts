import { MalformedInputError } from './errors.js'
import { parseNumber, readTextFile, tokens } from './text-file.js'

/** One row of a MAGPHYS filters.dat: name, effective wavelength (um), filter id, and whether it is fitted. */
export interface FilterSpec {
  name: string
  lambdaEff: number
  id: number
  fit: boolean
}

/**
 * Reads a MAGPHYS filters.dat. Lines starting with `#` and blank lines are skipped (MAGPHYS skips the first
 * line, which is a `#` header in every file we know). Rows: name, lambda_eff [um], filter id, fit? (0 or 1).
 */
export function readFilters (path: string): FilterSpec[] {
  return parseFilters(readTextFile(path), path)
}

/** Parses filters.dat text; `file` names the source in errors. */
export function parseFilters (text: string, file = 'filters.dat'): FilterSpec[] {
  const filters: FilterSpec[] = []
  const lines = text.split(/\r?\n/)
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const t = tokens(line)
    if (t.length < 4) throw new MalformedInputError(file, n + 1, `expected name, lambda_eff, filter_id, fit? but found ${t.length} column(s)`)
    const lambdaEff = parseNumber(t[1])
    const id = parseNumber(t[2])
    const fit = parseNumber(t[3])
    if (lambdaEff === undefined || !Number.isFinite(lambdaEff) || lambdaEff <= 0) throw new MalformedInputError(file, n + 1, `lambda_eff ${JSON.stringify(t[1])} is not a positive number`)
    if (id === undefined || !Number.isInteger(id)) throw new MalformedInputError(file, n + 1, `filter id ${JSON.stringify(t[2])} is not an integer`)
    if (fit !== 0 && fit !== 1) throw new MalformedInputError(file, n + 1, `fit? must be 0 or 1, got ${JSON.stringify(t[3])}`)
    filters.push({ name: t[0], lambdaEff, id, fit: fit === 1 })
  }
  if (filters.length === 0) throw new MalformedInputError(file, lines.length, 'no filters')
  return filters
}
