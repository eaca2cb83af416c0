// A galaxy's archive written while its results arrive (docs/archive.md#writing-while-results-arrive): the file is
// opened with the galaxy's head, each area's pixels are added as the area's unit is assimilated, a checkpoint
// writes what was gathered and flushes the file, and finishing writes what only the complete galaxy knows (the
// pixel count, the area table with its provenance, the creation time), closes the file and renames it into place.
// The cubes are banded by the areas' strips (7 rows): a strip is written, compressed, once its last area came, so
// pixels in any order of areas cost no read-back while at most `heldStrips` strips are open. The file under
// construction is `<archive>.partial`; a checkpointed one can be resumed by a later process, given the areas it
// holds and its row counts (which the caller keeps beside it): anything else about it is refused as
// ERR_ARCHIVE_RESUME, and the caller starts the file again from its own records.
import { existsSync, renameSync, rmSync } from 'node:fs'
import type { ArchiveArea, ArchiveHead, ArchivePixel } from './archive-input.js'
import { checkArchiveHead, pixelChecker } from './check-input.js'
import { ArchiveError } from './errors.js'
import { loadH5, LIBVER } from './h5.js'
import { AREA_COLUMNS, AREA_USER_COLUMNS, ARCHIVE_FORMAT, CHUNK_XY, GZIP_LEVEL, LIBRARY_COLUMNS, PATHS } from './layout.js'
import { HistogramWriter } from './write-histograms.js'
import { writeAreas, writeGalaxyGroup, writePixelCount, writeProvenance } from './write-metadata.js'
import { PixelWriter, type PixelDatasetsInit } from './write-pixels.js'
export { partialPath } from './partial-path.js'

type H5 = Awaited<ReturnType<typeof loadH5>>
type H5File = InstanceType<H5['File']>
type H5Group = InstanceType<H5['Group']>

/** Strips held in memory by default: 16 strips of 7 rows of a 512-pixel-wide galaxy are 33 MB of cube cells. */
export const DEFAULT_HELD_STRIPS = 16

/** What a checkpointed file holds: the caller keeps it to resume the file later. */
export interface PartialProgress {
  /** Rows of the per-pixel lists (fitted pixels). */
  pixels: number
  /** Rows of the histogram list. */
  histogramRows: number
}

/** What a file to resume holds, as its caller recorded at the last checkpoint. */
export interface PartialContents extends PartialProgress {
  /** The areas added. */
  areas: number[]
}

export interface PartialArchiveInit {
  /** Strips of cube cells held in memory at most (DEFAULT_HELD_STRIPS). */
  heldStrips?: number
  /** gzip the cubes and the histogram list (default true). */
  compress?: boolean
}

/** An archive being written as results arrive. */
export interface PartialArchive {
  /** Adds an area's fitted pixels (none when none was fitted); ArchiveError ERR_ARCHIVE_INPUT for an unknown area,
   * one added before, or a pixel not of it, before anything of the area is written. */
  addArea: (area: number, pixels: readonly ArchivePixel[]) => void
  /** Writes what was gathered and flushes the file: it then holds every area added, and can be resumed. */
  checkpoint: () => PartialProgress
  /** Areas added so far. */
  readonly areas: number
  /** Completes the archive with the final head (its provenance and creation time) and renames it to `path`;
   * returns the number of fitted pixels. */
  finish: (head: ArchiveHead, path: string) => number
  /** Checkpoints and closes the file, to be resumed later. */
  close: () => void
  /** Closes and removes the file. */
  discard: () => void
}

/**
 * Rows per cube band: the areas' strip height when every area lies in one strip of it (cutAreas' areas do), so
 * that a strip's chunks are complete once its areas are; otherwise CHUNK_XY (any order still works, by reading
 * bands back).
 */
export function stripRows (areas: readonly ArchiveArea[]): number {
  const h = areas.reduce((m, a) => Math.max(m, a.y1 - a.y0), 0)
  if (h < 1 || h > CHUNK_XY) return CHUNK_XY
  return areas.every((a) => a.y0 % h === 0 && a.y1 <= a.y0 + h) ? h : CHUNK_XY
}

function writeError (path: string, err: unknown): ArchiveError {
  if (err instanceof ArchiveError) return err
  return new ArchiveError('ERR_ARCHIVE_WRITE', `cannot write ${path}: ${(err as Error).message}`, { cause: err })
}

/** Starts the partial archive of `head` in `file` (any earlier one there is removed). */
export async function createPartialArchive (file: string, head: ArchiveHead, init: PartialArchiveInit = {}): Promise<PartialArchive> {
  checkArchiveHead(head)
  const h5 = await loadH5()
  rmSync(file, { force: true })
  let f: H5File | undefined
  try {
    f = new h5.File(file, 'w', { libver: LIBVER })
    writeGalaxyGroup(f, head, ARCHIVE_FORMAT)
    return new OpenPartialArchive(file, f, head, [], init)
  } catch (err) {
    try { f?.close() } catch { /* already failing */ }
    rmSync(file, { force: true })
    throw writeError(file, err)
  }
}

/**
 * Opens the partial archive `file` of `head` again, which holds `contents` as its last checkpoint left it.
 * ArchiveError ERR_ARCHIVE_RESUME when it is missing, unreadable, of another galaxy, or holds other row counts
 * (a process stopped between its last write and the caller's record): the caller starts it again.
 */
export async function resumePartialArchive (file: string, head: ArchiveHead, contents: PartialContents, init: PartialArchiveInit = {}): Promise<PartialArchive> {
  checkArchiveHead(head)
  const refuse = (why: string, cause?: unknown): ArchiveError =>
    new ArchiveError('ERR_ARCHIVE_RESUME', `cannot resume ${file}: ${why}`, cause === undefined ? undefined : { cause })
  if (!existsSync(file)) throw refuse('it does not exist')
  const h5 = await loadH5()
  let f: H5File | undefined
  try {
    f = new h5.File(file, 'a')
    const g = f.get(PATHS.galaxy) as H5Group | null
    const attr = (name: string): unknown => g?.attrs[name]?.value
    if (attr('format') !== ARCHIVE_FORMAT || attr('name') !== head.name) throw refuse('it is not a partial archive of this galaxy')
    const archive = new OpenPartialArchive(file, f, head, contents.areas, init)
    const at = archive.rows()
    if (at.pixels !== contents.pixels || at.histogramRows !== contents.histogramRows) {
      throw refuse(`it holds ${at.pixels} pixels and ${at.histogramRows} histogram rows, not ${contents.pixels} and ${contents.histogramRows}`)
    }
    return archive
  } catch (err) {
    try { f?.close() } catch { /* already failing */ }
    throw err instanceof ArchiveError && err.code === 'ERR_ARCHIVE_RESUME' ? err : refuse((err as Error).message, err)
  }
}

class OpenPartialArchive implements PartialArchive {
  private file: H5File | undefined
  private readonly pixels: PixelWriter
  private readonly histograms: HistogramWriter
  private readonly check: (p: ArchivePixel) => void
  private readonly byIndex: Map<number, ArchiveArea>
  private readonly added: Set<number>
  /** Per band: areas still to come. */
  private readonly missing = new Map<number, number>()
  private readonly bandRows: number

  constructor (private readonly path: string, file: H5File, private readonly head: ArchiveHead, done: readonly number[], init: PartialArchiveInit) {
    this.file = file
    this.byIndex = new Map(head.areas.map((a) => [a.index, a]))
    this.added = new Set(done)
    for (const a of done) if (!this.byIndex.has(a)) throw new Error(`area ${a} is not the galaxy's`)
    this.bandRows = stripRows(head.areas)
    const bandOf = (a: ArchiveArea): number => Math.floor(a.y0 / this.bandRows)
    for (const a of head.areas) if (!this.added.has(a.index)) this.missing.set(bandOf(a), (this.missing.get(bandOf(a)) ?? 0) + 1)
    const datasets: PixelDatasetsInit = {
      storage: { gzip: init.compress === false ? undefined : GZIP_LEVEL },
      expectedPixels: head.areas.reduce((n, a) => n + a.viablePixels, 0),
      banding: {
        held: init.heldStrips ?? DEFAULT_HELD_STRIPS,
        bandRows: this.bandRows,
        // A checkpoint writes every band that was changed: each band of an added area is in the file.
        written: done.map((a) => bandOf(this.byIndex.get(a) as ArchiveArea))
      },
      resume: done.length > 0 || file.get(PATHS.pixelGroup) !== null
    }
    this.pixels = new PixelWriter(file, head, datasets)
    this.histograms = new HistogramWriter(file, head, datasets, undefined)
    this.check = pixelChecker(head)
  }

  get areas (): number {
    return this.added.size
  }

  rows (): PartialProgress {
    return { pixels: this.pixels.count, histogramRows: this.histograms.count }
  }

  addArea (index: number, pixels: readonly ArchivePixel[]): void {
    const f = this.open()
    const area = this.byIndex.get(index)
    const bad = (why: string): never => { throw new ArchiveError('ERR_ARCHIVE_INPUT', `galaxy ${this.head.name}: ${why}`) }
    if (area === undefined) bad(`area ${index} is not in the archive`)
    else if (this.added.has(index)) bad(`area ${index} was added before`)
    else {
      for (const p of pixels) {
        if (p.area !== index || p.x < area.x0 || p.x >= area.x1 || p.y < area.y0 || p.y >= area.y1) bad(`pixel (${p.x}, ${p.y}) is not of area ${index}`)
        this.check(p)
      }
      this.guarded(f, () => {
        for (const p of pixels) {
          this.pixels.add(p)
          this.histograms.add(p)
        }
      })
      this.added.add(index)
      const band = Math.floor(area.y0 / this.bandRows)
      const left = (this.missing.get(band) ?? 1) - 1
      this.missing.set(band, left)
      if (left === 0) this.guarded(f, () => { this.pixels.release(band); this.histograms.release(band) })
    }
  }

  checkpoint (): PartialProgress {
    const f = this.open()
    this.guarded(f, () => {
      this.pixels.checkpoint()
      this.histograms.checkpoint()
      f.flush()
    })
    return this.rows()
  }

  finish (head: ArchiveHead, path: string): number {
    const f = this.open()
    checkArchiveHead(head)
    if (head.name !== this.head.name || head.width !== this.head.width || head.height !== this.head.height || head.areas.length !== this.head.areas.length) {
      throw new ArchiveError('ERR_ARCHIVE_INPUT', `galaxy ${this.head.name}: the final head is of another galaxy`)
    }
    return this.guarded(f, () => {
      this.pixels.close()
      this.histograms.close()
      const n = this.pixels.count
      writePixelCount(f, n)
      writeAreas(f, head, AREA_COLUMNS, AREA_USER_COLUMNS)
      writeProvenance(f, head, LIBRARY_COLUMNS)
      // The archive was made when it was completed, as a whole archive written at once says.
      const g = f.get(PATHS.galaxy) as H5Group
      g.delete_attribute('created')
      g.create_attribute('created', head.run.created)
      f.close()
      this.file = undefined
      renameSync(this.path, path)
      return n
    })
  }

  close (): void {
    if (this.file === undefined) return
    this.checkpoint()
    this.file.close()
    this.file = undefined
  }

  discard (): void {
    try { this.file?.close() } catch { /* removed anyway */ }
    this.file = undefined
    rmSync(this.path, { force: true })
  }

  private open (): H5File {
    if (this.file === undefined) throw new ArchiveError('ERR_ARCHIVE_WRITE', `${this.path} is closed`)
    return this.file
  }

  /** A write that fails leaves the file unknown: it is closed, and resuming it will be refused or rebuilt. */
  private guarded<T> (f: H5File, step: () => T): T {
    try {
      return step()
    } catch (err) {
      try { f.close() } catch { /* already failing */ }
      this.file = undefined
      throw writeError(this.path, err)
    }
  }
}
