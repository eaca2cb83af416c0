// The coordinator's archive step (archiver.ts, docs/coordinator.md#archive-step): units are added to the galaxy's
// partial archive in the archive thread as they are assimilated; the archive thread stopped and started again
// resumes the same file; a file that holds more than its record (a crash between a write and its record), a damaged
// file, or a record a ban reset, is written again from the database; every way ends in the archive that writeArchive
// writes from the same stored pixels at once. Synthetic well-formed fits (nothing is fitted), a real store, a real
// archive thread.
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compareArchives } from '../../../../src/archive/compare-archives.js'
import { openArchive } from '../../../../src/archive/read-archive.js'
import { writeArchive } from '../../../../src/archive/write-archive.js'
import type { PixelRecord, WorkStore } from '../../../../src/coordinator/lifecycle/index.js'
import { archivePixels, storedArchiveHead } from '../../../../src/coordinator/service/archive-input.js'
import { ArchiveThread } from '../../../../src/coordinator/service/archive-thread.js'
import { addAssimilated, finishArchive, type ArchiveWriteComponents } from '../../../../src/coordinator/service/archiver.js'
import { archiveFile } from '../../../../src/coordinator/service/paths.js'
import { partialPath } from '../../../../src/archive/partial-archive.js'
import { CoordinatorEmitter, type CoordinatorEvents } from '../../../../src/coordinator/service/events.js'
import { pixelRecord } from '../../../../src/coordinator/service/pixel-records.js'
import { decodePixelFit } from '../../../../src/fit/index.js'
import { archiveInputComponents, registerGalaxy, verifyAll } from '../../../helpers/archive-project.js'
import { tempDir } from '../../../helpers/reference-data.js'
import { syntheticFit } from '../../../helpers/synthetic-fit.js'

/** 20 x 20 pixels, every one viable, in units of 30 (14 units): small, because comparing archives reads every
 * pixel's histograms one by one from the compressed archive. */
const SIZE = 20
const PIXELS_PER_UNIT = 30
const threads: ArchiveThread[] = []
afterEach(async () => { await Promise.all(threads.splice(0).map(async (t) => { await t.close() })) })

interface Step {
  store: WorkStore
  /** The archive's path, and its partial archive's. */
  path: string
  partial: string
  filters: number
  galaxyId: number
  dataDir: string
  components: (thread: ArchiveThread) => ArchiveWriteComponents
  progress: Array<CoordinatorEvents['archive-progress']>
  warnings: Array<CoordinatorEvents['warning']>
}

/** A galaxy registered, cut and verified; nothing assimilated yet. */
async function project (): Promise<Step> {
  const dataDir = tempDir('pogs-archive-step-')
  const { store, galaxyId, catalogue } = await registerGalaxy(dataDir, SIZE, 'archive step galaxy', PIXELS_PER_UNIT)
  verifyAll(store)
  const events = new CoordinatorEmitter()
  const progress: Step['progress'] = []
  const warnings: Step['warnings'] = []
  events.on('archive-progress', (e) => { progress.push(e) })
  events.on('warning', (e) => { warnings.push(e) })
  const path = archiveFile(dataDir, galaxyId, 'archive step galaxy')
  return {
    store,
    path,
    partial: partialPath(path),
    filters: catalogue.length,
    galaxyId,
    dataDir,
    progress,
    warnings,
    components: (thread) => ({ ...archiveInputComponents(dataDir, store), store, dataDir, thread, events, signal: new AbortController().signal })
  }
}

function newThread (): ArchiveThread {
  const t = new ArchiveThread()
  threads.push(t)
  return t
}

/** Assimilates up to `n` verified units with synthetic fits; returns how many. */
function assimilate (s: Step, n: number): number {
  const { store } = s
  const units = store.awaitingAssimilation(n)
  for (const u of units) {
    const records: PixelRecord[] = []
    for (const [position, p] of (store.unitPixelMap(u.unitId) ?? []).entries()) {
      if (p.ringer) continue
      records.push({ ...pixelRecord(p.x, p.y, syntheticFit(`px ${p.x} ${p.y}`, p.x, p.y, s.filters, { binsPerPixel: 80, scatter: 0.1 }, 7)), position })
    }
    store.assimilate(u.unitId, records)
  }
  return units.length
}

/** The finished archive equals writeArchive of the same stored pixels written at once. */
async function expectWholeArchive (s: Step, path: string): Promise<void> {
  const c = s.components(newThread())
  const head = await storedArchiveHead(c, s.galaxyId)
  const units = s.store.unitsToArchive(s.galaxyId, 1e9)
  expect(units).toEqual([])
  // Every assimilated pixel, read as the archive step reads them (all units, marked in or not).
  s.store.resetPartialArchive(s.galaxyId)
  const areas = await archivePixels(c, s.galaxyId, s.store.unitsToArchive(s.galaxyId, 1e9))
  const pixels = areas.flatMap((a) => a.pixels.map((p) => ({ x: p.x, y: p.y, area: p.area, fit: decodePixelFit(p.fit) })))
  const whole = join(s.dataDir, 'whole.h5')
  await writeArchive(whole, { ...head, areas: head.areas.map((a) => ({ ...a, pixels: pixels.filter((p) => p.area === a.index).map((p): [number, number] => [p.x, p.y]) })), pixels })
  const [a, b] = await Promise.all([openArchive(whole), openArchive(path)])
  try {
    const cmp = compareArchives(a, b)
    expect(cmp.differences).toEqual([])
    expect(cmp.compared).toBe(pixels.length)
    expect(b.facts.pixelsProcessed).toBe(pixels.length)
    expect(b.facts.areaCount).toBe(head.areas.length)
  } finally {
    a.close()
    b.close()
  }
}

describe('archive step', () => {
  it('adds units as they are assimilated, resumes the same file after the thread restarts, and finishes it', async () => {
    const s = await project()
    const units = s.store.unitStateCounts().verified ?? 0
    expect(units).toBeGreaterThan(4)
    assimilate(s, Math.floor(units / 2))
    const first = newThread()
    await addAssimilated(s.components(first), s.galaxyId)
    const record = s.store.partialArchive(s.galaxyId)
    expect(record?.areas).toBeGreaterThan(0)
    expect(s.progress.at(-1)).toMatchObject({ areas: record?.areas, pixels: record?.pixels, rebuilt: false })
    const partial = s.partial
    expect(existsSync(partial)).toBe(true)
    // The coordinator stops: the thread checkpoints and closes its files.
    await first.close()
    const bytesBefore = statSync(partial).size

    assimilate(s, units)
    expect(s.store.galaxiesToArchive()).toEqual([s.galaxyId])
    const second = newThread()
    const done = await finishArchive(s.components(second), s.galaxyId)
    expect(s.warnings).toEqual([])
    expect(s.progress.every((p) => !p.rebuilt)).toBe(true)
    // Resumed: the first checkpoint after the restart counted on from the record.
    expect(s.progress.find((p) => p.areas > (record?.areas ?? 0))?.areas).toBeGreaterThan(record?.areas ?? 0)
    expect(done?.path).toBe(s.path)
    expect(existsSync(partial)).toBe(false)
    expect(statSync(done?.path ?? '').size).toBeGreaterThan(bytesBefore)
    await expectWholeArchive(s, done?.path ?? '')
  })

  it('writes the file again from the database when it holds more than its record, or is damaged', async () => {
    const s = await project()
    const units = s.store.unitStateCounts().verified ?? 0
    assimilate(s, 2)
    const thread = newThread()
    const c = s.components(thread)
    await addAssimilated(c, s.galaxyId)
    // A crash after the thread wrote more units but before the database recorded them.
    assimilate(s, 2)
    const record = s.store.partialArchive(s.galaxyId)
    const more = s.store.unitsToArchive(s.galaxyId, 2)
    await thread.append({ galaxyId: s.galaxyId, file: s.partial, record, areas: await archivePixels(c, s.galaxyId, more) }, async () => { throw new Error('open') })
    await thread.close()
    expect(s.store.partialArchive(s.galaxyId)).toEqual(record)

    const again = newThread()
    await addAssimilated(s.components(again), s.galaxyId)
    expect(s.warnings.map((w) => w.code)).toEqual(['ERR_ARCHIVE_RESUME'])
    expect(s.progress.at(-1)).toMatchObject({ rebuilt: true })
    expect(s.store.partialArchive(s.galaxyId)?.areas).toBeGreaterThan(record?.areas ?? 0)
    await again.close()

    // A damaged file: refused, written again.
    writeFileSync(s.partial, 'not HDF5')
    assimilate(s, units)
    const third = newThread()
    const done = await finishArchive(s.components(third), s.galaxyId)
    expect(s.warnings.map((w) => w.code)).toEqual(['ERR_ARCHIVE_RESUME', 'ERR_ARCHIVE_RESUME'])
    await expectWholeArchive(s, done?.path ?? '')
  })

  it('writes the file again when it cannot be finished: the finish fails once, the next pass archives', async () => {
    const s = await project()
    assimilate(s, 1000)
    const first = newThread()
    await addAssimilated(s.components(first), s.galaxyId)
    await first.close()
    // Every unit is in the file by the record, and the file is damaged before the galaxy is finished.
    writeFileSync(s.partial, 'not HDF5')
    const second = newThread()
    const failed = await finishArchive(s.components(second), s.galaxyId).then(() => undefined, (e: unknown) => (e as { code?: string }).code)
    expect(failed).toBe('ERR_ARCHIVE_RESUME')
    expect(s.store.partialArchive(s.galaxyId)).toBeUndefined()
    const done = await finishArchive(s.components(second), s.galaxyId)
    expect(s.warnings.map((w) => w.code)).toEqual(['ERR_ARCHIVE_RESUME'])
    await expectWholeArchive(s, done?.path ?? '')
  })

  it('starts the file again when a ban resets the record while the thread holds it open', async () => {
    const s = await project()
    const units = s.store.unitStateCounts().verified ?? 0
    assimilate(s, 3)
    const thread = newThread()
    await addAssimilated(s.components(thread), s.galaxyId)
    const before = s.store.partialArchive(s.galaxyId)?.areas ?? 0
    expect(before).toBeGreaterThan(0)
    // What a ban does to the galaxy's record (bans.ts): every assimilated unit is to be written again.
    s.store.resetPartialArchive(s.galaxyId)
    assimilate(s, units)
    const done = await finishArchive(s.components(thread), s.galaxyId)
    // The open file no longer matched the record: the thread began a new one, without a failure (the old file
    // would have refused the units sent again).
    expect(s.warnings).toEqual([])
    expect(s.progress.at(-1)).toMatchObject({ pixels: SIZE * SIZE, rebuilt: false })
    await expectWholeArchive(s, done?.path ?? '')
  })
})
