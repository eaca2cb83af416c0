import { ModelDataError } from './errors.js'
import { readMaybeGzip } from './binary-file.js'

/** One column of a GALAXEV `.Ncolor` table by age: log-age (yr) and the values. */
export interface ColorColumn {
  logAge: Float64Array
  values: Float64Array
}

/**
 * Reads column `column` (1-based, as numbered in the table's header) of a GALAXEV `.1color`/`.3color`/`.4color`
 * table, plain or gzipped. Rows starting with `#` are headers.
 */
export function readColorColumn (path: string, column: number): ColorColumn {
  const lines = readMaybeGzip(path).toString('latin1').split(/\r?\n/)
  const ages: number[] = []
  const values: number[] = []
  for (let n = 0; n < lines.length; n++) {
    const t = lines[n].trim()
    if (t === '' || t.startsWith('#')) continue
    const cols = t.split(/\s+/)
    const a = Number(cols[0])
    const v = Number(cols[column - 1])
    if (cols.length < column || !Number.isFinite(a) || !Number.isFinite(v)) throw new ModelDataError(path, `line ${n + 1}: column ${column} is not a number`)
    ages.push(a)
    values.push(v)
  }
  if (ages.length === 0) throw new ModelDataError(path, 'no rows')
  return { logAge: Float64Array.from(ages), values: Float64Array.from(values) }
}

/**
 * A table column at each of the `.ised` ages (yr). The tables start at the first non-zero age; age 0 (the
 * `.ised`'s first spectrum) takes the first row's value.
 */
export function columnAtAges (col: ColorColumn, ages: Float64Array, file: string): Float64Array {
  const out = new Float64Array(ages.length)
  let k = 0
  for (let a = 0; a < ages.length; a++) {
    if (ages[a] <= 0) { out[a] = col.values[0]; continue }
    const la = Math.log10(ages[a])
    while (k < col.logAge.length && col.logAge[k] < la - 1e-4) k++
    if (k >= col.logAge.length || Math.abs(col.logAge[k] - la) > 1e-4) throw new ModelDataError(file, `no row for age ${ages[a]} yr`)
    out[a] = col.values[k]
  }
  return out
}
