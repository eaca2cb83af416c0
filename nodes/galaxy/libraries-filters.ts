import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readFilters, type FilterSpec } from '../../src/fit/index.js'
import { UsageError } from '../../src/util/errors.js'

/** The bands of a library directory: `--filters FILE`, else the filters.dat the libraries were built for. */
export function libraryFilters (librariesDir: string, filtersFlag: string | undefined): FilterSpec[] {
  const path = filtersFlag ?? join(librariesDir, 'filters.dat')
  if (filtersFlag === undefined && !existsSync(path)) throw new UsageError(`no filters.dat in ${librariesDir}: pass --filters FILE (the bands of the libraries' magnitude columns)`)
  return readFilters(path)
}
