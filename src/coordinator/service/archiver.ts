// The archive pass: each complete galaxy's archive is written to archives/, added to Helia (pinned, provided),
// described in a signed archive record (protocols/archive-record.md) and recorded, which marks the galaxy
// archived. A crash before the record is stored just writes the archive again on the next start.
import { mkdir } from 'node:fs/promises'
import type { PrivateKey } from '@libp2p/interface'
import { writeArchive } from '../../archive/write-archive.js'
import { addFile, type ContentHelia } from '../../net/content.js'
import { sealEnvelope } from '../../net/envelope.js'
import { MESSAGE_CODECS } from '../../net/messages/index.js'
import type { WorkStore } from '../lifecycle/index.js'
import { buildArchiveInput, type ArchiveInputComponents } from './archive-input.js'
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

/** Archives every complete galaxy (one pass). */
export async function archivePass (c: ArchiverComponents): Promise<void> {
  for (const galaxyId of c.store.galaxiesToArchive()) {
    if (c.signal.aborted) return
    await archiveGalaxy(c, galaxyId)
  }
}

async function archiveGalaxy (c: ArchiverComponents, galaxyId: number): Promise<void> {
  const input = await buildArchiveInput(c, galaxyId)
  const path = archiveFile(c.dataDir, galaxyId, input.name)
  await mkdir(archivesDir(c.dataDir), { recursive: true })
  await writeArchive(path, input)
  // One read of the archive: imported into Helia, measured and hashed as it streams.
  const { cid, size, sha256 } = await addFile(c.helia, path, { signal: c.signal })
  const payload = MESSAGE_CODECS['archive-record'].encode({
    project: c.project,
    galaxy: input.name,
    cid,
    sha256,
    size,
    createdMs: Date.parse(input.run.created),
    pixels: input.pixels.length,
    areas: input.areas.length
  })
  const record = await sealEnvelope(c.privateKey, { kind: 'archive-record', payload })
  c.store.recordArchive(galaxyId, { cid: cid.toString(), path, record })
  c.events.emit('archived', {
    galaxy: input.name,
    galaxyId,
    path,
    cid: cid.toString(),
    sha256: Buffer.from(sha256).toString('hex'),
    size,
    pixels: input.pixels.length
  })
  c.events.emit('credit', creditTable(c.store))
  c.onArchived()
}
