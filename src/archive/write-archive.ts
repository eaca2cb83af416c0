// Writes a galaxy's HDF5 archive (docs/archive.md) with h5wasm, in a format HDF5 1.10 reads, under a temporary
// name renamed into place when complete: a reader never sees half an archive, and a failed write leaves any
// earlier archive untouched.
import { accessSync, constants, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { GalaxyArchiveInput } from './archive-input.js'
import { checkArchiveInput } from './check-input.js'
import { ArchiveError } from './errors.js'
import { loadH5, LIBVER } from './h5.js'
import { AREA_COLUMNS, AREA_USER_COLUMNS, ARCHIVE_FORMAT, GZIP_LEVEL, LIBRARY_COLUMNS } from './layout.js'
import { writeHistograms } from './write-histograms.js'
import { writeGalaxyGroup, writeAreas, writeProvenance } from './write-metadata.js'
import { writePixels } from './write-pixels.js'

type H5File = InstanceType<Awaited<ReturnType<typeof loadH5>>['File']>

export interface WriteArchiveInit {
  /** gzip the cube, the histogram grid and the histogram list (default true; false writes ~3x faster, larger). */
  compress?: boolean
}

/**
 * Writes `input` as the HDF5 archive `path`. Throws ArchiveError ERR_ARCHIVE_INPUT for input it cannot represent
 * and ERR_ARCHIVE_WRITE when the directory cannot take the file, both before anything is written.
 */
export async function writeArchive (path: string, input: GalaxyArchiveInput, init: WriteArchiveInit = {}): Promise<void> {
  checkArchiveInput(input)
  // Checked here because HDF5 would print its error stack to stderr before failing.
  const dir = dirname(path)
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory')
    accessSync(dir, constants.W_OK)
  } catch {
    throw new ArchiveError('ERR_ARCHIVE_WRITE', `cannot write ${path}: ${dir} is not a writable directory`)
  }
  const storage = { gzip: init.compress === false ? undefined : GZIP_LEVEL }
  const h5 = await loadH5()
  const temp = `${path}.tmp-${process.pid}`
  let file: H5File | undefined
  try {
    file = new h5.File(temp, 'w', { libver: LIBVER })
    writeGalaxyGroup(file, input, ARCHIVE_FORMAT)
    writeAreas(file, input, AREA_COLUMNS, AREA_USER_COLUMNS)
    writePixels(file, input, storage)
    writeHistograms(file, input, storage)
    writeProvenance(file, input, LIBRARY_COLUMNS)
    file.close()
    file = undefined
    renameSync(temp, path)
  } catch (err) {
    try { file?.close() } catch { /* already failing: the first error is the one to report */ }
    rmSync(temp, { force: true })
    if (err instanceof ArchiveError) throw err
    throw new ArchiveError('ERR_ARCHIVE_WRITE', `cannot write ${path}: ${(err as Error).message}`, { cause: err })
  }
}
