// The histograms a reopened galaxy's kept pixels lost. Once R mirrors held a galaxy's archive, its histograms left
// the database (dropDetail); a ban that reopens some of its units (bans.ts) sends only those units' pixels back to
// work, so the new archive needs the other pixels' histograms from the previous archive: its file at the path the
// archives row names (still the previous record until the new one replaces it), else its content by CID from Helia
// (the coordinator pinned it). Each fit is the stored summary (every scalar, exact) with the archived histograms.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { ArchiveError } from '../../archive/errors.js'
import type { GalaxyArchive } from '../../archive/read-archive.js'
import { archivedHistograms } from '../../archive/read-histograms.js'
import type { PixelFit } from '../../fit/index.js'
import type { ContentHelia } from '../../net/content.js'
import { writeToFile } from '../../net/content-files.js'
import type { StoredPixel, WorkStore } from '../lifecycle/index.js'
import { PREVIOUS_ARCHIVE_TIMEOUT_MS } from './constants.js'
import { DetailUnavailableError } from './errors.js'
import { storedFit } from './pixel-records.js'
import { timeoutSignal } from '../../util/timeout-signal.js'

/** What reading dropped detail back needs. */
export interface ArchivedDetailComponents {
  store: Pick<WorkStore, 'archiveOf'>
  /** Where the previous archive is fetched from when its file is gone or damaged; without it, only the file. */
  helia?: ContentHelia
  signal?: AbortSignal
}

/**
 * The full fits of the stored pixels whose histograms were dropped, keyed "x,y"; empty (nothing read) when none
 * was. DetailUnavailableError when neither the previous archive's file nor its content holds them all.
 */
export async function droppedDetailFits (c: ArchivedDetailComponents, galaxyId: number, stored: readonly StoredPixel[]): Promise<Map<string, PixelFit>> {
  const dropped = stored.filter((p) => p.histograms === null)
  if (dropped.length === 0) return new Map()
  const previous = c.store.archiveOf(galaxyId)
  if (previous === undefined) throw new DetailUnavailableError(`galaxy ${galaxyId}: ${dropped.length} pixels lack histograms and no archive is recorded`)
  const fromFile = await readFits(previous.path, dropped)
  if (fromFile.fits !== undefined) return fromFile.fits
  if (c.helia === undefined) throw new DetailUnavailableError(`galaxy ${galaxyId}: previous archive ${previous.path}: ${fromFile.why}`)
  const dir = await mkdtemp(join(tmpdir(), 'pogs-previous-archive-'))
  try {
    const path = join(dir, 'previous.h5')
    const signal = AbortSignal.any([timeoutSignal(PREVIOUS_ARCHIVE_TIMEOUT_MS), ...(c.signal === undefined ? [] : [c.signal])])
    try {
      await writeToFile(c.helia, CID.parse(previous.cid), path, { signal })
    } catch (err) {
      throw new DetailUnavailableError(`galaxy ${galaxyId}: previous archive ${previous.path}: ${fromFile.why}; its content ${previous.cid} cannot be read`, { cause: err })
    }
    const fromContent = await readFits(path, dropped)
    if (fromContent.fits !== undefined) return fromContent.fits
    throw new DetailUnavailableError(`galaxy ${galaxyId}: previous archive ${previous.path}: ${fromFile.why}; its content ${previous.cid}: ${fromContent.why}`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The dropped pixels' fits from one archive file, or why it cannot give them all. */
async function readFits (path: string, dropped: readonly StoredPixel[]): Promise<{ fits?: Map<string, PixelFit>, why: string }> {
  let archive: GalaxyArchive
  try {
    // Loaded here, on this rare path only: the coordinator's main thread otherwise never loads HDF5 (the archive
    // thread writes the archives).
    const { openArchive } = await import('../../archive/read-archive.js')
    archive = await openArchive(path)
  } catch (err) {
    if (err instanceof ArchiveError) return { why: err.message }
    throw err
  }
  try {
    const fits = new Map<string, PixelFit>()
    for (const p of dropped) {
      const histograms = archivedHistograms(archive, p.x, p.y)
      if (histograms === undefined) return { why: `pixel (${p.x}, ${p.y}) is not in it` }
      fits.set(`${p.x},${p.y}`, { ...storedFit(p), histograms })
    }
    return { fits, why: '' }
  } catch (err) {
    if (err instanceof ArchiveError) return { why: err.message }
    throw err
  } finally {
    archive.close()
  }
}
