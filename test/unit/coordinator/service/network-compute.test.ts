// The network computes, in one process on 127.0.0.1: a galaxy dropped into the coordinator's inbox is cut
// into units, two volunteers fit every unit with the real pieces and submit signed results, two verifiers agree,
// the units are assimilated, the archive is written, signed and pinned by a mirror, and the histograms leave the
// database. The archive's science (and the input's WCS) equals `pogs galaxy fit` of the same galaxy with the same
// libraries.
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareArchives } from '../../../../src/archive/compare-archives.js'
import { openArchive } from '../../../../src/archive/read-archive.js'
import { writeArchive } from '../../../../src/archive/write-archive.js'
import { PARAMETER_NAMES, VALUE_NAMES, readFilters } from '../../../../src/fit/index.js'
import { readFits } from '../../../../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../../../../src/galaxy/galaxy-input.js'
import { fitGalaxy } from '../../../../src/local-fit/fit-galaxy.js'
import { CoordinatorService, type CoordinatorEvents } from '../../../../src/coordinator/service/index.js'
import { openEnvelope } from '../../../../src/net/envelope.js'
import { MESSAGE_CODECS } from '../../../../src/net/messages/index.js'
import { TEST_WCS } from '../../archive/wcs-cards.js'
import { Dirs, FAST_DHT, smallGalaxy, TestMirror, TestVerifier, TestVolunteer } from './helpers.js'

const dirs = new Dirs()
let galaxy: { libraries: string, fits: string }
let dataDir: string
let service: CoordinatorService
let project: string
let addr: string
const verifiers: TestVerifier[] = []
let mirror: TestMirror
const volunteers: TestVolunteer[] = []
const events: Array<{ name: string, event: unknown }> = []

function coordinator (): CoordinatorService {
  const s = new CoordinatorService({
    dataDir,
    librariesDir: galaxy.libraries,
    verifiers: verifiers.map((v) => v.peerId),
    mirrors: [mirror.peerId],
    // Several units from a small galaxy; the demo's verifier quorum (2 of 2) and receipts (1).
    lifecycle: { verifierQuorum: 2, mirrorReceipts: 1, pixelsPerUnit: 40 },
    dht: FAST_DHT,
    maintenanceIntervalMs: 1_000,
    retryBaseMs: 200
  })
  for (const name of ['galaxy-added', 'unit-created', 'result', 'verdict', 'assimilated', 'archived', 'receipt', 'detail-dropped', 'rejected', 'error', 'verify-failed', 'pin-failed'] as const) {
    s.on(name, (event) => { events.push({ name, event }) })
  }
  return s
}

beforeAll(async () => {
  galaxy = await smallGalaxy(dirs, { size: 16, seed: 7, stride: 50, wcs: TEST_WCS })
  dataDir = await dirs.make('pogs-coordinator-')
  verifiers.push(await TestVerifier.start(dirs), await TestVerifier.start(dirs))
  mirror = await TestMirror.start(dirs)
  service = coordinator()
  const ready = await service.start()
  project = ready.project
  addr = ready.addrs[0]
  for (const v of verifiers) await v.join(addr)
  await mirror.join(project, addr)
  volunteers.push(await TestVolunteer.start(dirs, addr, 'ann'), await TestVolunteer.start(dirs, addr, 'bob'))
}, 60_000)

afterAll(async () => {
  await service?.stop()
  for (const p of [...volunteers, ...verifiers, mirror]) await p?.stop()
  await dirs.remove()
})

describe('a galaxy through the network', () => {
  let archived: CoordinatorEvents['archived']

  it('goes from the inbox through volunteers, verifiers and assimilation into a pinned archive', async () => {
    const added = service.next('galaxy-added')
    const created = service.next('unit-created')
    await service.addGalaxy(galaxy.fits)
    const g = await added
    expect(g).toMatchObject({ galaxy: 'test spiral', duplicate: false })
    expect(g.areas).toBeGreaterThan(2)
    const units = await created
    expect(units.count).toBeGreaterThan(1)

    const archivedNext = service.next('archived')
    const receipt = service.next('receipt')
    const dropped = service.next('detail-dropped')
    for (const v of volunteers) {
      const work = await v.work(project, 64)
      expect(work.units.map((u) => u.unitId).sort()).toEqual([...units.units].sort())
      for (const a of work.units) {
        expect(a.nonce).toHaveLength(16)
        expect(a.libraryCids).toHaveLength(2)
        expect(a.estimatedCpuS).toBeGreaterThanOrEqual(1)
      }
      const acks = await v.fitAndSubmit(project, work.units)
      expect(acks.every((a) => a.accepted)).toBe(true)
    }
    archived = await archivedNext
    expect((await receipt).mirror).toBe(mirror.peerId)
    expect((await dropped).galaxy).toBe('test spiral')
    expect(events.filter((e) => e.name === 'rejected' || e.name === 'error')).toEqual([])

    // Every unit was verified by both verifiers in one round and assimilated once.
    const verdicts = events.filter((e) => e.name === 'verdict').map((e) => e.event as CoordinatorEvents['verdict'])
    expect(verdicts).toHaveLength(2 * units.count)
    expect(verdicts.every((v) => v.agree && v.round === 1)).toBe(true)
    expect(events.filter((e) => e.name === 'assimilated')).toHaveLength(units.count)
    expect(service.progress().units).toEqual({ assimilated: units.count })
    expect(service.progress().galaxies).toEqual([{ name: 'test spiral', status: 'archived' }])
    // The histograms left the database once the mirror held the archive; the summaries stay.
    const counts = service.store.db.prepare('SELECT count(*) AS n, count(histograms) AS h FROM pixel_results').get() as { n: number, h: number }
    expect(counts.h).toBe(0)
    expect(counts.n).toBe(archived.pixels)
  }, 240_000)

  it('writes an archive whose science equals pogs galaxy fit of the same galaxy with the same libraries', async () => {
    const catalogue = readFilters(join(galaxy.libraries, 'filters.dat'))
    const local = await fitGalaxy(galaxyFromFits(readFits(galaxy.fits), catalogue), { libraries: galaxy.libraries, catalogue, threads: 2 })
    const localPath = join(await dirs.make(), 'local.h5')
    // Uncompressed: reading histograms back one by one decompresses a whole chunk each time (compareArchives).
    await writeArchive(localPath, local.archive, { compress: false })
    const net = await openArchive(archived.path)
    const loc = await openArchive(localPath)
    try {
      const cmp = compareArchives(net, loc)
      expect(cmp.differences).toEqual([])
      expect(cmp.compared).toBe(local.archive.pixels.length)
      expect(archived.pixels).toBe(local.archive.pixels.length)
      for (const p of PARAMETER_NAMES) for (const v of VALUE_NAMES) expect(net.map(p, v)).toEqual(loc.map(p, v))
      expect(net.facts.areaCount).toBe(loc.facts.areaCount)
      // The input's WCS reached both archives (compareArchives compared them card for card).
      expect(net.facts.wcs).toEqual(TEST_WCS)
      // Provenance: both volunteers, both verifiers and the result CID for every area; the libraries by CID.
      const vols = volunteers.map((v) => v.peerId).sort()
      const vers = verifiers.map((v) => v.peerId).sort()
      for (const a of net.facts.provenance) {
        expect([...a.volunteers].sort()).toEqual(vols)
        expect([...a.verifierKeys].sort()).toEqual(vers)
        expect(a.resultCids.length).toBeGreaterThanOrEqual(1)
        expect(a.assimilated).not.toBe('')
      }
      expect(net.facts.libraries.map((l) => l.name)).toEqual(loc.facts.libraries.map((l) => l.name))
      expect(net.facts.libraries.map((l) => l.sha256)).toEqual(loc.facts.libraries.map((l) => l.sha256))
      expect(net.facts.libraries.every((l) => l.cid !== '')).toBe(true)
    } finally {
      net.close()
      loc.close()
    }
  }, 120_000)

  it('signs an archive record, credits both volunteers equally, and the mirror holds the archive', async () => {
    const [info] = service.archives()
    expect(info).toMatchObject({ galaxy: 'test spiral', cid: archived.cid, path: archived.path, receipts: 1 })
    const record = service.store.archives()[0].record
    const env = await openEnvelope(record, 'archive-record')
    expect(env.signer.toString()).toBe(project)
    const body = MESSAGE_CODECS['archive-record'].decode(env.payload)
    expect(body).toMatchObject({ project, galaxy: 'test spiral', size: archived.size, pixels: archived.pixels })
    expect(body.cid.toString()).toBe(archived.cid)
    expect(Buffer.from(body.sha256).toString('hex')).toBe(archived.sha256)
    expect(await mirror.node.helia.pins.isPinned(CID.parse(archived.cid))).toBe(true)

    const credit = service.credit()
    expect(credit.volunteers.map((v) => v.peerId).sort()).toEqual(volunteers.map((v) => v.peerId).sort())
    expect(credit.volunteers[0].total).toBeGreaterThan(0)
    expect(credit.volunteers[0].total).toBe(credit.volunteers[1].total)
    expect(credit.volunteers.map((v) => v.name).sort()).toEqual(['ann', 'bob'])
    expect(credit.teams).toMatchObject([{ name: 'testers', total: 2 * credit.volunteers[0].total }])
  })

  it('resumes after a restart on the same data directory without redoing anything', async () => {
    await service.stop()
    const before = events.length
    service = coordinator()
    await service.start()
    await service.runPasses()
    expect(events.slice(before).filter((e) => ['unit-created', 'assimilated', 'archived', 'receipt'].includes(e.name))).toEqual([])
    expect(service.progress().galaxies).toEqual([{ name: 'test spiral', status: 'archived' }])
    expect(service.archives()).toMatchObject([{ cid: archived.cid, receipts: 1 }])
    // Adding the same galaxy again is a no-op.
    const again = service.next('galaxy-added')
    await service.addGalaxy(galaxy.fits)
    expect((await again).duplicate).toBe(true)
  }, 60_000)
})
