// The archive pass: each complete galaxy's archive is written to archives/ (pixel by pixel from the store, so memory
// does not grow with the galaxy, yielding to the event loop as it goes), added to Helia (pinned, provided),
// described in a signed archive record (protocols/archive-record.md) and recorded, which marks the galaxy
// archived. A crash before the record is stored just writes the archive again on the next start.
import { mkdir } from 'node:fs/promises'
import { setImmediate } from 'node:timers/promises'
import type { PrivateKey } from '@libp2p/interface'
import { openArchiveWriter } from '../../archive/archive-writer.js'
import { addFile, type ContentHelia } from '../../net/content.js'
import { sealEnvelope } from '../../net/envelope.js'
import { MESSAGE_CODECS } from '../../net/messages/index.js'
import type { WorkStore } from '../lifecycle/index.js'
import { storedArchive, type ArchiveInputComponents, type StoredArchive } from './archive-input.js'
import { creditTable } from './credit.js'
import type { CoordinatorEmitter } from './events.js'
import { archiveFile, archivesDir } from './paths.js'

/** What archiving needs. */
export interface ArchiverComponents extends ArchiveInputComponents {
  store: ArchiveInputComponents['store'] & Pick<WorkStore, 'galaxiesToArchive' | 'recordArchive' | 'volunteerCredit' | 'teamCredit'>
  dataDir: string
  helia: ContentHelia
  privateKey: PrivateKey
  /** The project key (signer of the records). */
  project: string
  events: CoordinatorEmitter
  signal: AbortSignal
  /** An archive was recorded (mirrors should pin it). */
  onArchived: () => void
}

/** Pixels written between turns of the event loop (a few milliseconds of work). */
const PIXELS_PER_TURN = 256

/**
 * Writes a galaxy's archive at `path` from the store, its pixels as they are read; returns how many were written.
 * An abort removes the partial file (and throws the signal's reason).
 */
export async function writeStoredArchive (path: string, archive: StoredArchive, signal?: AbortSignal): Promise<number> {
  const expectedPixels = archive.head.areas.reduce((n, a) => n + a.viablePixels, 0)
  const writer = await openArchiveWriter(path, archive.head, { expectedPixels })
  try {
    let n = 0
    for (const p of archive.pixels()) {
      writer.add(p)
      if (++n % PIXELS_PER_TURN === 0) {
        await setImmediate()
        signal?.throwIfAborted()
      }
    }
  } catch (err) {
    writer.abort()
    throw err
  }
  writer.close()
  return writer.pixels
}

/** Archives every complete galaxy (one pass). */
export async function archivePass (c: ArchiverComponents): Promise<void> {
  for (const galaxyId of c.store.galaxiesToArchive()) {
    if (c.signal.aborted) return
    await archiveGalaxy(c, galaxyId)
  }
}

async function archiveGalaxy (c: ArchiverComponents, galaxyId: number): Promise<void> {
  const archive = await storedArchive(c, galaxyId)
  const { head } = archive
  const path = archiveFile(c.dataDir, galaxyId, head.name)
  await mkdir(archivesDir(c.dataDir), { recursive: true })
  const pixels = await writeStoredArchive(path, archive, c.signal)
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
  // A ban may have reopened the galaxy while its archive was written (the pass yields to the event loop): it is not
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
