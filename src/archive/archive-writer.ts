// Writes a galaxy's HDF5 archive (docs/archive.md) one pixel at a time, with memory bounded by the image's width
// (two bands of 64 rows of the cubes) and a chunk of each list, not by the number of pixels: the head (everything
// but the pixels) opens the file, each pixel is checked and written as it comes, close() completes it. The file is
// written under a temporary name and renamed when closed: a reader never sees half an archive, and abort() (or a
// failure) leaves any earlier archive untouched. writeArchive (a whole input at once) is this writer.
import { accessSync, constants, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ArchiveHead, ArchivePixel } from './archive-input.js'
import { checkArchiveHead, pixelChecker } from './check-input.js'
import { ArchiveError } from './errors.js'
import { loadH5, LIBVER } from './h5.js'
import { AREA_COLUMNS, AREA_USER_COLUMNS, ARCHIVE_FORMAT, GZIP_LEVEL, LIBRARY_COLUMNS } from './layout.js'
import { HistogramWriter } from './write-histograms.js'
import { writeAreas, writeGalaxyGroup, writePixelCount, writeProvenance } from './write-metadata.js'
import { PixelWriter } from './write-pixels.js'

type H5File = InstanceType<Awaited<ReturnType<typeof loadH5>>['File']>

/** Cube bands held by default: an area's strip of 7 rows lies in at most two bands of 64. */
const DEFAULT_CUBE_BANDS = 2

export interface WriteArchiveInit {
  /** gzip the cube, the histogram grid and the histogram list (default true; false writes ~3x faster, larger). */
  compress?: boolean
  /** How many pixels will be written, when known: sizes the per-pixel lists' chunks (default 4096 rows). */
  expectedPixels?: number
  /** How many histogram rows will be written, when known: sizes the list's chunks (default 2^17 rows). */
  expectedHistogramRows?: number
  /**
   * Bands of 64 image rows of the two cubes held in memory (default 2: enough for pixels in scan order, area by
   * area). A pixel of a band written already makes it read back and written again, slowly: pixels in random order
   * want every band held (Infinity).
   */
  cubeBands?: number
}

/** An archive being written: add() each pixel, then close(), or abort(). */
export interface ArchiveWriter {
  /** Checks and writes one fitted pixel (ArchiveError ERR_ARCHIVE_INPUT when it cannot be represented). */
  add: (p: ArchivePixel) => void
  /** Pixels written so far. */
  readonly pixels: number
  /** Completes the archive and renames it into place. */
  close: () => void
  /** Gives up: removes the temporary file, leaves any earlier archive. */
  abort: () => void
}

function writeError (path: string, err: unknown): ArchiveError {
  if (err instanceof ArchiveError) return err
  return new ArchiveError('ERR_ARCHIVE_WRITE', `cannot write ${path}: ${(err as Error).message}`, { cause: err })
}

/**
 * Opens the archive `path` for `head`. Throws ArchiveError ERR_ARCHIVE_INPUT for a head it cannot represent and
 * ERR_ARCHIVE_WRITE when the directory cannot take the file, both before anything is written.
 */
export async function openArchiveWriter (path: string, head: ArchiveHead, init: WriteArchiveInit = {}): Promise<ArchiveWriter> {
  checkArchiveHead(head)
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
  const abort = (): void => {
    try { file?.close() } catch { /* already failing: the first error is the one to report */ }
    file = undefined
    rmSync(temp, { force: true })
  }
  // Any failure removes the temporary file; input errors keep their code, the rest are ERR_ARCHIVE_WRITE.
  const guarded = <T>(step: () => T): T => {
    try {
      return step()
    } catch (err) {
      abort()
      throw writeError(path, err)
    }
  }
  const { pixels, histograms } = guarded(() => {
    file = new h5.File(temp, 'w', { libver: LIBVER })
    writeGalaxyGroup(file, head, ARCHIVE_FORMAT)
    const datasets = { storage, expectedPixels: init.expectedPixels, banding: { held: init.cubeBands ?? DEFAULT_CUBE_BANDS } }
    return {
      pixels: new PixelWriter(file, head, datasets),
      histograms: new HistogramWriter(file, head, datasets, init.expectedHistogramRows)
    }
  })
  const check = pixelChecker(head)
  return {
    add: (p) => guarded(() => {
      if (file === undefined) throw new Error('the archive writer is closed')
      check(p)
      pixels.add(p)
      histograms.add(p)
    }),
    get pixels () { return pixels.count },
    close: () => guarded(() => {
      if (file === undefined) throw new Error('the archive writer is closed')
      pixels.close()
      histograms.close()
      writePixelCount(file, pixels.count)
      writeAreas(file, head, AREA_COLUMNS, AREA_USER_COLUMNS)
      writeProvenance(file, head, LIBRARY_COLUMNS)
      file.close()
      file = undefined
      renameSync(temp, path)
    }),
    abort
  }
}
