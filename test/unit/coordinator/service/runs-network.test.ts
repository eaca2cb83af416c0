// Two runs served by one coordinator, in one process on 127.0.0.1 (docs/coordinator.md#runs): the default run has
// libraries at z = 0.01, the second ("deep") at z = 0.02. Two galaxies dropped into the inbox without a run are
// given the run whose libraries cover their redshift; each unit names its own run's library pair (the second run's
// files under their prefixed manifest names); volunteers fit them and every archive equals `pogs galaxy fit` of its
// galaxy with its run's libraries; the catalogue names each galaxy's run. A galaxy naming a run that is not served,
// or whose bands no run has, is refused with a typed code and nothing else changes.
import { copyFile, readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFits, writeFits } from '../../../../src/galaxy/fits/index.js'
import { compareWithLocalFit } from '../../../helpers/local-fit-archive.js'
import { CoordinatorService, type CoordinatorEvents } from '../../../../src/coordinator/service/index.js'
import { catalogueEntries } from '../../../../src/coordinator/service/catalogue.js'
import { registeredRuns, registerRunFile } from '../../../../src/coordinator/service/run-registry.js'
import { Dirs, FAST_DHT, smallGalaxy, TestVerifier, TestVolunteer } from './helpers.js'

const dirs = new Dirs()
let near: { libraries: string, fits: string }
let deep: { libraries: string, fits: string }
let service: CoordinatorService
let dataDir: string
let project: string
const verifiers: TestVerifier[] = []
const volunteers: TestVolunteer[] = []

beforeAll(async () => {
  near = await smallGalaxy(dirs, { size: 12, seed: 3, stride: 60, name: 'near spiral' })
  deep = await smallGalaxy(dirs, { size: 12, seed: 4, stride: 60, name: 'deep spiral', redshift: 0.02 })
  dataDir = await dirs.make('pogs-coordinator-')
  verifiers.push(await TestVerifier.start(dirs), await TestVerifier.start(dirs))
  service = new CoordinatorService({
    dataDir,
    librariesDir: near.libraries,
    runs: [{ name: 'deep', dir: deep.libraries }],
    verifiers: verifiers.map((v) => v.peerId),
    lifecycle: { verifierQuorum: 2, mirrorReceipts: 1, pixelsPerUnit: 40 },
    dht: FAST_DHT,
    maintenanceIntervalMs: 1_000,
    retryBaseMs: 200
  })
  const ready = await service.start()
  project = ready.project
  // Both runs' files are in the manifest, the second run's under its prefix.
  expect(ready.libraries.map((l) => l.name).sort()).toEqual([
    'deep.filters.dat', 'deep.infrared_z0.0200.lbr', 'deep.optical_z0.0200.lbr', 'filters.dat', 'infrared_z0.0100.lbr', 'optical_z0.0100.lbr'
  ])
  // And the manifest names the runs: bands and files.
  expect(service.network.manifest.runs?.map((r) => [r.name, r.files.length, r.bands.length])).toEqual([[basename(near.libraries), 3, 6], ['deep', 3, 6]])
  expect(service.network.manifest.runs?.[1].files).toContain('deep.optical_z0.0200.lbr')
  for (const v of verifiers) await v.join(ready.addrs[0])
  volunteers.push(await TestVolunteer.start(dirs, ready.addrs[0], 'ann'), await TestVolunteer.start(dirs, ready.addrs[0], 'bob'))
}, 60_000)

afterAll(async () => {
  await service?.stop()
  for (const p of [...volunteers, ...verifiers]) await p?.stop()
  await dirs.remove()
})

describe('a coordinator with two runs', () => {
  const archived = new Map<string, CoordinatorEvents['archived']>()

  it('fits each galaxy with its run\'s libraries, chosen by its redshift', async () => {
    const added = [service.next('galaxy-added', (e) => e.galaxy === 'near spiral'), service.next('galaxy-added', (e) => e.galaxy === 'deep spiral')]
    const done = [service.next('archived', (e) => e.galaxy === 'near spiral'), service.next('archived', (e) => e.galaxy === 'deep spiral')]
    // Both galaxies cut into units (generation runs after each registration).
    const db = service.store.db
    const cut = service.next('unit-created', () =>
      (db.prepare(`SELECT count(*) AS n FROM galaxies WHERE status = 'generated'`).get() as { n: number }).n === 2)
    await service.addGalaxy(near.fits)
    await service.addGalaxy(deep.fits)
    await Promise.all(added)
    await cut
    const units = db.prepare(`SELECT u.id, u.libraries, g.name FROM work_units u JOIN galaxies g ON g.id = u.galaxy_id`).all() as Array<{ id: string, libraries: string, name: string }>
    // (The two runs' small infrared files happen to be equal, so share one CID: content addressing.)
    const cid = new Map(service.network.libraries.map((l) => [l.name, l.cid.toString()]))
    expect(new Set(units.map((u) => u.name))).toEqual(new Set(['near spiral', 'deep spiral']))
    for (const u of units) {
      const names = u.name === 'deep spiral' ? ['deep.optical_z0.0200.lbr', 'deep.infrared_z0.0200.lbr'] : ['optical_z0.0100.lbr', 'infrared_z0.0100.lbr']
      expect(u.libraries).toBe(names.map((n) => cid.get(n)).join(' '))
    }
    for (const v of volunteers) {
      const work = await v.work(project, 64)
      expect(work.units.length).toBe(units.length)
      const acks = await v.fitAndSubmit(project, work.units)
      expect(acks.every((a) => a.accepted)).toBe(true)
    }
    for (const e of await Promise.all(done)) archived.set(e.galaxy, e)
    // The catalogue names each galaxy's run.
    const entries = catalogueEntries(service.store, basename(near.libraries))
    expect(entries.map((e) => [e.galaxy, e.run])).toEqual([['deep spiral', 'deep'], ['near spiral', basename(near.libraries)]])
  }, 240_000)

  it('writes archives equal to pogs galaxy fit of each galaxy with its run\'s libraries', async () => {
    for (const g of [near, deep]) {
      const name = g === near ? 'near spiral' : 'deep spiral'
      const cmp = await compareWithLocalFit(archived.get(name)?.path ?? '', g.fits, g.libraries, await dirs.make())
      expect(cmp.differences).toEqual([])
      expect(cmp.compared).toBe(cmp.pixels)
    }
  }, 120_000)

  it('refuses a galaxy naming a run not served, and one whose bands no run has, changing nothing', async () => {
    const before = service.progress().galaxies
    const unknown = service.next('rejected', (e) => e.source === 'inbox')
    await service.addGalaxy(near.fits, { name: 'lost spiral', run: 'nowhere' })
    expect((await unknown).code).toBe('ERR_UNKNOWN_RUN')
    // A band no run's filters.dat has.
    const images = readFits(near.fits)
    const odd = join(await dirs.make(), 'odd.fits')
    writeFits(odd, images.map((img, k) => k === 1 ? { ...img, cards: img.cards.map((c) => c.keyword === 'FILTER' ? { ...c, value: 'SPIRE500' } : c) } : img))
    const noRun = service.next('rejected', (e) => e.source === 'inbox')
    await service.addGalaxy(odd, { name: 'odd spiral' })
    expect((await noRun).code).toBe('ERR_NO_RUN')
    expect(service.progress().galaxies).toEqual(before)
  }, 60_000)

  it('serves a run registered while it runs (pogs run add), and rejects a run file that cannot be one', async () => {
    // A third run: a copy of the first run's directory (its files equal, so their CIDs too).
    const late = await dirs.make('pogs-late-run-')
    for (const f of await readdir(near.libraries)) await copyFile(join(near.libraries, f), join(late, f))
    const sequence = service.network.manifest.sequence
    const added = service.next('run-added')
    registerRunFile(dataDir, { name: 'late', dir: late })
    expect(await added).toMatchObject({ run: 'late', libraries: 3, pairs: 1 })
    expect(service.network.manifest.sequence).toBeGreaterThan(sequence)
    expect(service.network.manifest.libraries.map((l) => l.name)).toContain('late.optical_z0.0100.lbr')
    expect(service.network.manifest.runs?.map((r) => r.name)).toEqual([basename(near.libraries), 'deep', 'late'])
    // A galaxy naming it is fitted with its files.
    const unit = service.next('unit-created')
    await service.addGalaxy(near.fits, { name: 'late spiral', run: 'late' })
    const [unitId] = (await unit).units
    const row = service.store.db.prepare('SELECT libraries FROM work_units WHERE id = ?').get(unitId) as { libraries: string }
    const cid = new Map(service.network.libraries.map((l) => [l.name, l.cid.toString()]))
    expect(row.libraries).toBe(`${cid.get('late.optical_z0.0100.lbr')} ${cid.get('late.infrared_z0.0100.lbr')}`)
    // A directory without library pairs is no run: rejected with its reason, nothing published.
    const empty = await dirs.make('pogs-empty-run-')
    await copyFile(join(near.libraries, 'filters.dat'), join(empty, 'filters.dat'))
    const before = service.network.manifest.sequence
    const refused = service.next('rejected', (e) => e.source === 'runs')
    registerRunFile(dataDir, { name: 'hollow', dir: empty })
    expect(await refused).toMatchObject({ code: 'ERR_RUNS', reason: expect.stringMatching(/no library pair/) })
    expect(service.network.manifest.sequence).toBe(before)
    expect(registeredRuns(dataDir).map((r) => r.name)).toEqual(['late'])
  }, 60_000)
})
