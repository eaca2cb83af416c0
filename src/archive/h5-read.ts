// Small, checked accessors over an open h5wasm file: every missing piece is ERR_NOT_ARCHIVE, not an h5wasm error.
import type { loadH5 } from './h5.js'
import { ArchiveError } from './errors.js'

type H5 = Awaited<ReturnType<typeof loadH5>>
export type H5File = InstanceType<H5['File']>
export type H5Dataset = InstanceType<H5['Dataset']>

interface Node { keys: () => string[], get: (name: string) => unknown }

/** Whether an object exists at path (h5wasm's get throws on some missing names instead of returning null). */
export function has (file: H5File, path: string): boolean {
  let group: Node = file
  const parts = path.split('/')
  for (const [k, part] of parts.entries()) {
    if (!group.keys().includes(part)) return false
    if (k < parts.length - 1) {
      const next = group.get(part)
      if (next === null || typeof next !== 'object' || !('keys' in next)) return false
      group = next as Node
    }
  }
  return true
}

/** The dataset at path, or ERR_NOT_ARCHIVE naming `source`. */
export function dataset (file: H5File, path: string, source: string): H5Dataset {
  const d = has(file, path) ? file.get(path) : null
  if (d === null || typeof d !== 'object' || !('shape' in d)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${source}: no ${path} (not a pogs galaxy archive)`)
  return d as H5Dataset
}

/** A string dataset's cells, flattened in C order. */
export function strings (d: H5Dataset): string[] {
  const v = d.json_value
  return (Array.isArray(v) ? v.flat(2) : [v]).map((s) => String(s ?? ''))
}

/** A string dataset of [rows, columns] as rows; a single row of empty strings (written for "none") is dropped. */
export function stringRows (d: H5Dataset, columns: number): string[][] {
  const cells = strings(d)
  const rows: string[][] = []
  for (let k = 0; k + columns <= cells.length; k += columns) rows.push(cells.slice(k, k + columns))
  return rows.filter((r) => r.some((c) => c !== ''))
}

/** A list-of-strings attribute (DIM3, COLUMNS, ...). */
export function stringList (d: H5Dataset, name: string, source: string): string[] {
  if (!(name in d.attrs)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${source}: ${d.path} has no ${name} attribute`)
  const v = d.get_attribute(name, true)
  return (Array.isArray(v) ? v : [v]).map(String)
}
