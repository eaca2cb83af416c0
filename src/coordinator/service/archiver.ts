// The archive pass (docs/coordinator.md#archive-step). A galaxy's archive is written while it is computed: the
// areas of each assimilated unit are added to its partial archive (archives/<archive>.partial) in the archive
// thread (archive-thread.ts), a checkpoint each time, and the database records which units the file holds. Once the
// galaxy is complete, finishing only writes its area table and provenance, closes the file and renames it; then it
// is added to Helia (pinned, provided), described in a signed archive record (protocols/archive-record.md) and
// recorded, which marks the galaxy archived. A file that does not hold what the database says (a crash between a
// write and its record, a damaged file) is started again from the database, and a crash before the archive record
// is stored just finishes the archive again on the next start.
import { mkdir } from 'node:fs/promises'
import type { PrivateKey } from '@libp2p/interface'
import type { ArchiveHead } from '../../archive/archive-input.js'
import { partialPath } from '../../archive/partial-path.js'
import type { ContentHelia } from '../../net/content.js'
import { addFile } from '../../net/content-files.js'
import { sealEnvelope } from '../../net/envelope.js'
import { MESSAGE_CODECS } from '../../net/messages/index.js'
import { PogsError } from '../../util/errors.js'
import type { WorkStore } from '../lifecycle/index.js'
import { archivePixels, storedArchiveHead, type ArchiveInputComponents } from './archive-input.js'
import type { ArchiveThread, OpenSpec } from './archive-thread.js'
import { creditTable } from './credit.js'
import type { CoordinatorEmitter } from './events.js'
import { archiveFile, archivesDir } from './paths.js'

/** What writing archives needs. */
export interface ArchiveWriteComponents extends ArchiveInputComponents {
  store: ArchiveInputComponents['store'] & Pick<WorkStore, 'unitsToArchive' | 'partialArchive' | 'partialArchiveAreas' | 'recordPartialArchive' |
  'resetPartialArchive' | 'partialArchiveComplete'>
  dataDir: string
  thread: ArchiveThread
  events: CoordinatorEmitter
  signal: AbortSignal
}

/** What archiving needs. */
export interface ArchiverComponents extends ArchiveWriteComponents {
  store: ArchiveWriteComponents['store'] & Pick<WorkStore, 'galaxiesToArchive' | 'recordArchive' | 'volunteerCredit' | 'teamCredit' | 'galaxiesWithUnitsToArchive'>
  helia: ContentHelia
  privateKey: PrivateKey
  /** The project key (signer of the records). */
  project: string
  /** An archive was recorded (mirrors should pin it). */
  onArchived: () => void
}

/** Assimilated units added to a partial archive per checkpoint, at most, and no more once they hold this many
 * pixels: each checkpoint rewrites the list chunks and strips it left part written, and each pixel in flight costs
 * the archive thread its decoded fit (~1,500 pixels: ~160 MiB peak over the baseline at 128 x 128, against ~250
 * MiB for 6,400 in one go; archive-scale benchmark). */
const UNITS_PER_CHECKPOINT = 64
const PIXELS_PER_CHECKPOINT = 1500

/** Adds every assimilated unit to its galaxy's partial archive, then archives every complete galaxy (one pass). */
export async function archivePass (c: ArchiverComponents): Promise<void> {
  for (const galaxyId of c.store.galaxiesWithUnitsToArchive()) {
    if (c.signal.aborted) return
    await addAssimilated(c, galaxyId)
  }
  for (const galaxyId of c.store.galaxiesToArchive()) {
    if (c.signal.aborted) return
    await archiveGalaxy(c, galaxyId)
  }
}

/** The galaxy's name, its archive file and its partial archive. */
async function files (c: ArchiveWriteComponents, galaxyId: number): Promise<{ name: string, path: string, partial: string }> {
  const name = c.store.galaxy(galaxyId)?.name ?? String(galaxyId)
  await mkdir(archivesDir(c.dataDir), { recursive: true })
  const path = archiveFile(c.dataDir, galaxyId, name)
  return { name, path, partial: partialPath(path) }
}

/** What the thread needs to open the galaxy's partial archive: read only when it does not have it open. */
function openSpec (c: ArchiveWriteComponents, galaxyId: number): () => Promise<OpenSpec> {
  return async () => ({ head: await storedArchiveHead(c, galaxyId, { provenance: false }), areas: c.store.partialArchiveAreas(galaxyId) })
}

/**
 * Adds the galaxy's assimilated units that its partial archive lacks, a checkpoint at a time. A file the thread
 * cannot resume, or that fails, is forgotten and written again from the database; a record a ban reset meanwhile
 * leaves the file stale, and it is removed.
 */
export async function addAssimilated (c: ArchiveWriteComponents, galaxyId: number): Promise<void> {
  const { name, partial } = await files(c, galaxyId)
  let rebuilt = false
  for (;;) {
    if (c.signal.aborted) return
    const units = c.store.unitsToArchive(galaxyId, UNITS_PER_CHECKPOINT, PIXELS_PER_CHECKPOINT)
    if (units.length === 0) return
    const record = c.store.partialArchive(galaxyId)
    // Outside the thread's failures: pixels that cannot be read (dropped histograms) say nothing about the file.
    const areas = await archivePixels(c, galaxyId, units)
    let after
    try {
      after = await c.thread.append({ galaxyId, file: partial, record, areas }, openSpec(c, galaxyId))
    } catch (err) {
      // Once: a file that fails again after a fresh start has a cause a rebuild does not remove.
      if (rebuilt || record === undefined) throw err
      startAgain(c, galaxyId, name, err)
      rebuilt = true
      continue
    }
    if (!c.store.recordPartialArchive(galaxyId, record, units.map((u) => u.unitId), after)) {
      await c.thread.discard(galaxyId, partial)
      return
    }
    c.events.emit('archive-progress', { galaxy: name, galaxyId, areas: after.areas, pixels: after.pixels, rebuilt })
  }
}

/**
 * Completes a complete galaxy's archive: its last units added, its area table and provenance written, the file
 * closed and renamed into place. Undefined when it is not complete (any more) or the pass stops.
 */
export async function finishArchive (c: ArchiveWriteComponents, galaxyId: number): Promise<{ path: string, head: ArchiveHead, pixels: number } | undefined> {
  await addAssimilated(c, galaxyId)
  // Stopped, or reopened by a ban meanwhile: finished on a later pass.
  if (c.signal.aborted || c.store.galaxy(galaxyId)?.status !== 'complete' || !c.store.partialArchiveComplete(galaxyId)) return undefined
  const { path, partial } = await files(c, galaxyId)
  const head = await storedArchiveHead(c, galaxyId)
  const record = c.store.partialArchive(galaxyId)
  try {
    const pixels = await c.thread.finish({ galaxyId, file: partial, record, head, path }, openSpec(c, galaxyId))
    return { path, head, pixels }
  } catch (err) {
    // Every unit is marked in a file that cannot be finished (damaged, gone): the next pass writes it again.
    if (record !== undefined) startAgain(c, galaxyId, head.name, err)
    throw err
  }
}

/** Forgets the galaxy's partial archive after the thread failed on it: it is written again from the database. */
function startAgain (c: ArchiveWriteComponents, galaxyId: number, name: string, err: unknown): void {
  c.events.emit('warning', { code: err instanceof PogsError ? err.code : 'ERR_ARCHIVE_WRITE', message: `galaxy ${name}: its partial archive is written again from the database: ${(err as Error).message}` })
  c.store.resetPartialArchive(galaxyId)
}

async function archiveGalaxy (c: ArchiverComponents, galaxyId: number): Promise<void> {
  const finished = await finishArchive(c, galaxyId)
  if (finished === undefined) return
  const { path, head, pixels } = finished
  // One read of the archive: imported into Helia, measured and hashed as it streams.
  const { cid, size, sha256 } = await addFile(c.helia, path, { signal: c.signal })
  const payload = MESSAGE_CODECS['archive-record'].encode({
    project: c.project,
    galaxy: head.name,
    cid,
    sha256,
    size,
    createdMs: Date.parse(head.run.created),
    pixels,
    areas: head.areas.length
  })
  const record = await sealEnvelope(c.privateKey, { kind: 'archive-record', payload })
  // A ban may have reopened the galaxy while its archive was finished (the pass yields to the event loop): it is not
  // recorded, and once complete again the galaxy is archived anew.
  if (c.store.galaxy(galaxyId)?.status !== 'complete') return
  c.store.recordArchive(galaxyId, { cid: cid.toString(), path, record })
  c.events.emit('archived', {
    galaxy: head.name,
    galaxyId,
    path,
    cid: cid.toString(),
    sha256: Buffer.from(sha256).toString('hex'),
    size,
    pixels
  })
  c.events.emit('credit', creditTable(c.store))
  c.onArchived()
}
