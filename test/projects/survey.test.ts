// A survey across runs and redshifts, each role its own process on loopback (docs/coordinator.md#runs,
// docs/work-lifecycle.md#locality): the coordinator serves run 1 (the real POGS libraries, SDSS u + PS1 grizy, at
// z = 0.01 and 0.02) and a WISE run (GALEX + SDSS + WISE, built by `pogs models build` for the same two redshifts
// and added with `pogs run add` while the coordinator runs). Four small galaxies, one per run and redshift, two there
// when the volunteers come and two arriving while they work: two dropped into the inbox, two submitted over the
// network by an authorised research group's key; a fifth from a stranger's key is refused. Four volunteers fit them.
// Every archive equals `pogs galaxy fit` of its galaxy with its run's libraries; each volunteer fetched only the libraries of the units it was given; then the
// coordinator stops and a new peer lists the catalogue and fetches every archive from the mirror by name. The same
// survey runs with locality off, and the library downloads of both are reported and compared.
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compareArchives } from '../../src/archive/compare-archives.js'
import { openArchive } from '../../src/archive/read-archive.js'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair } from '../../src/fit/index.js'
import { writeFits } from '../../src/galaxy/fits/index.js'
import { synthesizeGalaxy } from '../../src/galaxy/synth/synthesize.js'
import { EVENTS_FILE, LocalNetwork } from '../../src/localnet/local-network.js'
import { scriptCommand, type RoleEvent } from '../../src/localnet/role-process.js'
import { loadOrCreateIdentity } from '../../src/net/identity.js'
import { manifestStoreIn } from '../../src/net/manifest-files.js'
import { pogsArgv, runPogs } from '../helpers/cli.js'
import { compareWithLocalFit } from '../helpers/local-fit-archive.js'
import { DATA } from '../helpers/reference-data.js'

const RUN1 = join(DATA, 'magphys')
const WISE_FILTERS = join(DATA, 'pogs-runs', 'run0003_filters.dat')
const dirs: string[] = []
let root: string
let wise: string
/** The galaxies: name, run (the libraries it is synthesized from and must be fitted with), redshift, how it
 * arrives. */
const GALAXIES = [
  { name: 'run1 near', run: 'magphys', z: 0.01, via: 'inbox' },
  { name: 'run1 far', run: 'magphys', z: 0.02, via: 'submit' },
  { name: 'wise near', run: 'wise', z: 0.01, via: 'inbox' },
  { name: 'wise far', run: 'wise', z: 0.02, via: 'submit' }
] as const
const runDir = (run: string): string => run === 'wise' ? wise : RUN1
const fits = new Map<string, string>()

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pogs-survey-'))
  dirs.push(root)
  // The WISE run's libraries, small (400 + 400 models): built once here, registered with each coordinator below.
  wise = join(root, 'wise-libraries')
  const built = await runPogs(['models', 'build', '--filters', WISE_FILTERS, '--redshifts', '0.01:0.02:0.01', '--optical', '400', '--infrared', '400', '--out', wise])
  if (built.code !== 0) throw new Error(`pogs models build exited ${built.code}: ${built.stderr}`)
  for (const [k, g] of GALAXIES.entries()) {
    const dir = runDir(g.run)
    const filters = readFilters(join(dir, 'filters.dat'))
    const syn = synthesizeGalaxy({ name: g.name, size: 8, redshift: g.z, seed: 40 + k, ra: 150 + k, dec: 2 }, readLibraryPair(chooseLibrary(listLibraries(dir), g.z)), filters)
    const path = join(root, `${g.name.replace(' ', '-')}.fits`)
    writeFits(path, syn.images)
    fits.set(g.name, path)
  }
}, 300_000)

afterAll(async () => { await Promise.all(dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) })) })

/** A role's events so far, from its events file. */
function eventsOf (dataDir: string): RoleEvent[] {
  return readFileSync(join(dataDir, EVENTS_FILE), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as RoleEvent)
}

interface Survey {
  /** Library files fetched by each volunteer. */
  downloads: number[]
  archived: Map<string, string>
  project: string
  mirrorAddr: string
  net: LocalNetwork
}

/** Runs the survey on a new network; returns it still running (the caller stops it). */
async function survey (locality: 'on' | 'off'): Promise<Survey> {
  const dir = join(root, `locality-${locality}`)
  await mkdir(dir)
  const group = await loadOrCreateIdentity(join(dir, 'group'))
  const net = await LocalNetwork.start({
    dir,
    libraries: RUN1,
    volunteers: 4,
    verifiers: 2,
    mirrors: 1,
    verifierQuorum: 2,
    receipts: 1,
    cpusPerVolunteer: 1,
    recomputeRate: 0,
    coordinatorFlags: ['--submitter', group.peerId.toString(), '--locality', locality, '--pixels-per-unit', '4', '--http', 'off'],
    mirrorFlags: ['--poll', '2'],
    pogs: scriptCommand(pogsArgv([])[0]),
    // The first two galaxies (run 1 at both redshifts) are there when the volunteers come; the rest arrive while
    // they work.
    afterCoordinator: async (n) => { await arrive(n, dir, GALAXIES.slice(0, 2)) }
  })
  try {
    return await drive(net, dir)
  } catch (err) {
    const stderr = net.coordinator.process.errorOutput().slice(-3000)
    await net.stop()
    throw new Error(`${(err as Error).message}\n--- coordinator stderr:\n${stderr}`, { cause: err })
  }
}

/** Galaxies arrive: dropped into the coordinator's inbox, or submitted by the research group's key. */
async function arrive (net: LocalNetwork, dir: string, galaxies: ReadonlyArray<typeof GALAXIES[number]>): Promise<void> {
  for (const g of galaxies) {
    const path = fits.get(g.name) as string
    const r = g.via === 'inbox'
      ? await runPogs(['galaxy', 'add', path, '--data', net.coordinator.dataDir])
      : await runPogs(['galaxy', 'submit', path, '--project', net.project, '--data', join(dir, 'group'), '--bootstrap', net.bootstrap, '--json'])
    expect(r.code, r.stderr).toBe(0)
  }
}

/** Adds the WISE run and the last galaxies, waits for every archive and for the mirror to hold the catalogue. */
async function drive (net: LocalNetwork, dir: string): Promise<Survey> {
  const coordinator = net.coordinator
  // The WISE run arrives while the coordinator runs.
  const runAdded = coordinator.process.next('run-added')
  const added = await runPogs(['run', 'add', '--data', coordinator.dataDir, '--name', 'wise', '--libraries', wise, '--json'])
  expect(added.code, added.stderr).toBe(0)
  expect(await runAdded).toMatchObject({ run: 'wise', pairs: 2 })
  const archived = new Map<string, string>()
  const allArchived = new Promise<void>((resolve) => {
    coordinator.process.on((e) => {
      if (e.event === 'archived') archived.set(e.galaxy as string, e.archive as string)
      if (archived.size === GALAXIES.length) resolve()
    })
  })
  await arrive(net, dir, GALAXIES.slice(2))
  // A stranger's key is refused, and nothing is registered for it.
  const stranger = await runPogs(['galaxy', 'submit', fits.get('run1 near') as string, '--name', 'stranger', '--project', net.project,
    '--data', join(dir, 'stranger'), '--bootstrap', net.bootstrap, '--json'])
  expect(stranger.code).not.toBe(0)
  expect(stranger.stdout + stranger.stderr).toMatch(/ERR_NOT_AUTHORIZED/)
  await allArchived
  const mirror = net.mirrors[0]
  const mirrorAddr = (eventsOf(mirror.dataDir).find((e) => e.event === 'ready')?.addrs as string[])[0]
  // The catalogue of all four archives reaches the mirror (it polls the manifest every 2 s).
  const catalogue = await coordinator.process.next('catalogue', (e) => e.galaxies === GALAXIES.length)
  await mirror.process.next('pinned', (e) => e.name === 'catalogue' && e.cid === catalogue.cid)
  const downloads = net.volunteers.map((v) => eventsOf(v.dataDir).filter((e) => e.event === 'libraries').reduce((n, e) => n + (e.names as string[]).length, 0))
  return { downloads, archived, project: net.project, mirrorAddr, net }
}

describe('a survey across two runs and two redshifts', () => {
  let on: Survey

  test('every galaxy is archived equal to pogs galaxy fit with its run\'s libraries; volunteers fetch only their units\' libraries', async () => {
    on = await survey('on')
    const coordinatorDir = on.net.coordinator.dataDir
    // Each galaxy went to the run its bands and redshift chose; each unit named its run's pair (CIDs).
    const db = new Database(join(coordinatorDir, 'coordinator.sqlite'), { readonly: true })
    const pairOf = new Map((db.prepare('SELECT id, libraries FROM work_units').all() as Array<{ id: string, libraries: string }>).map((u) => [u.id, u.libraries.split(' ')]))
    const runOf = new Map((db.prepare('SELECT name, metadata FROM galaxies').all() as Array<{ name: string, metadata: string }>).map((g) => [g.name, (JSON.parse(g.metadata) as { run: string }).run]))
    db.close()
    expect(Object.fromEntries(runOf)).toEqual(Object.fromEntries(GALAXIES.map((g) => [g.name, g.run])))
    const manifest = (await manifestStoreIn(coordinatorDir).get(on.project))?.manifest
    const cidOf = new Map(manifest?.libraries.map((l) => [l.name, l.cid.toString()]))
    expect(manifest?.runs?.map((r) => r.name)).toEqual(['magphys', 'wise'])
    // A volunteer fetched a library only for a unit it was given, and only that unit's pair.
    for (const v of on.net.volunteers) {
      const events = eventsOf(v.dataDir)
      const units = new Set(events.filter((e) => e.event === 'assigned').map((e) => e.unitId as string))
      expect(units.size).toBeGreaterThan(0)
      for (const e of events.filter((x) => x.event === 'libraries')) {
        expect(units.has(e.unitId as string)).toBe(true)
        for (const name of e.names as string[]) expect(pairOf.get(e.unitId as string)).toContain(cidOf.get(name))
      }
    }
    for (const g of GALAXIES) {
      const out = join(root, `${g.name.replace(' ', '-')}-local`)
      await mkdir(out)
      const cmp = await compareWithLocalFit(on.archived.get(g.name) as string, fits.get(g.name) as string, runDir(g.run), out)
      expect(cmp.differences).toEqual([])
      expect(cmp.compared).toBe(cmp.pixels)
    }
  }, 900_000)

  test('with the coordinator stopped, a new peer lists the catalogue and fetches every archive from the mirror by name', async () => {
    await on.net.coordinator.process.stop()
    const listed = await runPogs(['archive', 'list', '--project', on.project, '--bootstrap', on.mirrorAddr, '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    const { galaxies } = JSON.parse(listed.stdout) as { galaxies: Array<{ galaxy: string, run: string }> }
    expect(galaxies.map((e) => [e.galaxy, e.run]).sort()).toEqual(GALAXIES.map((g) => [g.name, g.run]).sort())
    for (const g of GALAXIES) {
      const out = join(root, `${g.name.replace(' ', '-')}-fetched.h5`)
      const got = await runPogs(['get', '--galaxy', g.name, '--project', on.project, '--bootstrap', on.mirrorAddr, '--out', out, '--json'])
      expect(got.code, got.stderr).toBe(0)
      const [fetched, original] = await Promise.all([openArchive(out), openArchive(on.archived.get(g.name) as string)])
      try {
        expect(compareArchives(fetched, original).differences).toEqual([])
      } finally {
        fetched.close()
        original.close()
      }
    }
    await on.net.stop()
  }, 300_000)

  test('with locality off the volunteers fetch more libraries than with it on', async () => {
    const off = await survey('off')
    await off.net.stop()
    const total = (d: number[]): number => d.reduce((a, b) => a + b, 0)
    process.stdout.write(`library files fetched by the four volunteers: locality on ${total(on.downloads)} (${on.downloads.join(', ')}), off ${total(off.downloads)} (${off.downloads.join(', ')})\n`)
    expect(total(on.downloads)).toBeLessThan(total(off.downloads))
  }, 900_000)
})
