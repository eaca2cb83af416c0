import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { compareArchives } from '../../src/archive/compare-archives.js'
import { openArchive } from '../../src/archive/read-archive.js'
import { writeArchive } from '../../src/archive/write-archive.js'
import { readFilters } from '../../src/fit/index.js'
import { readFits } from '../../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../../src/galaxy/galaxy-input.js'
import { fitGalaxy } from '../../src/local-fit/fit-galaxy.js'
import { LocalNetwork } from '../../src/localnet/local-network.js'
import { RoleProcess, scriptCommand } from '../../src/localnet/role-process.js'
import { timeoutSignal } from '../../src/util/timeout-signal.js'
import { ensureSampleGalaxy, sampleRecipe } from '../../nodes/demo/sample-galaxy.js'
import { pogsArgv } from '../helpers/cli.js'
import { writeSmallLibrariesWithFilters } from '../helpers/reference-data.js'
import { CHROMIUM, pageState, recordProblems, untilPageState } from '../helpers/volunteer-page.js'

// The browser volunteer end to end (docs/volunteer.md#in-a-browser-tab): a network on loopback (coordinator with its
// dashboard, two verifiers, no Node volunteer at first) and Chromium opening /volunteer in two browser profiles, so
// two identities replicate each unit. The first galaxy is fitted by the two pages alone. Then a second galaxy
// arrives and a Node volunteer joins; one page pauses mid-unit, the other is reloaded with one of its cached library
// blocks damaged, so the second galaxy's units are replicated by a page and the Node volunteer, whose results must
// agree bit for bit for the verifiers to accept them. Each archive must equal `pogs galaxy fit` of the same FITS.

const POGS = scriptCommand(pogsArgv([])[0])

let dir: string
let net: LocalNetwork
let browser: Browser
let url: string
let first: string
let second: string
let libraries: string
const problems: string[] = []

/** The page's state (window.pogsVolunteer). */
interface PageState {
  phase: string
  refused?: string
  peerId: string
  pixelsThisVisit: number
  unitsThisVisit: number
  totals: { pixels: number, units: number, accepted: number }
  digests: Array<{ unitId: string, digest: string }>
  libraryBlocksFetched: number
  corruptBlocks: number
  errors: string[]
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pogs-e2e-browser-'))
  libraries = writeSmallLibrariesWithFilters(50)
  const recipe = sampleRecipe(16).recipe
  first = ensureSampleGalaxy(recipe, libraries, dir).fits
  await mkdir(join(dir, 'second'))
  second = ensureSampleGalaxy({ ...recipe, name: 'sample-second', seed: recipe.seed + 1 }, libraries, join(dir, 'second')).fits
  net = await LocalNetwork.start({
    dir: join(dir, 'net'),
    libraries,
    volunteers: 0,
    verifiers: 2,
    mirrors: 0,
    verifierQuorum: 2,
    receipts: 1,
    cpusPerVolunteer: 1,
    recomputeRate: 0.5,
    // Small units, so each page gets several; a unit held by a paused or reloaded page is issued again after 30 s.
    coordinatorFlags: ['--http', '127.0.0.1:0', '--pixels-per-unit', '10', '--retry-after', '2', '--deadline', '30'],
    pogs: POGS,
    afterCoordinator: async (n) => { await addGalaxy(n, first) }
  })
  url = String((await net.coordinator.process.next('http')).url)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await net?.stop()
  await rm(dir, { recursive: true, force: true })
})

/** Registers a galaxy with the running coordinator (`pogs galaxy add`); resolves once it is cut into units. */
async function addGalaxy (n: LocalNetwork, fits: string): Promise<void> {
  const after = n.coordinator.process.events.length
  const add = new RoleProcess('galaxy add', ['galaxy', 'add', fits, '--data', n.coordinator.dataDir], { command: POGS })
  if (await add.exited !== 0) throw new Error(`pogs galaxy add failed: ${add.errorOutput()}`)
  await n.coordinator.process.next('galaxy-added', undefined, { after })
}

/** Waits for a galaxy's archive and checks it against `pogs galaxy fit` of the same FITS; returns each area's
 * volunteers (peer ids). */
async function expectArchiveEqualToLocalFit (fits: string, after: number): Promise<string[][]> {
  const archived = await net.coordinator.process.next('archived', undefined, { after, signal: timeoutSignal(600_000) })
  const filters = readFilters(join(libraries, 'filters.dat'))
  const local = await fitGalaxy(galaxyFromFits(readFits(fits), filters, {}, fits), { libraries, catalogue: filters, threads: 2 })
  const localPath = join(dir, `local-${after}.h5`)
  await writeArchive(localPath, local.archive)
  const [fromNetwork, fromLocal] = await Promise.all([openArchive(String(archived.archive)), openArchive(localPath)])
  try {
    const c = compareArchives(fromNetwork, fromLocal)
    expect(c.differences).toEqual([])
    expect(c.compared).toBe(local.archive.pixels.length)
    for (const p of fromNetwork.facts.provenance) expect(p.verifierKeys).toHaveLength(2)
    return fromNetwork.facts.provenance.map((p) => p.volunteers)
  } finally {
    fromNetwork.close()
    fromLocal.close()
  }
}

/** Opens /volunteer in its own browser profile, recording console errors and failed requests. */
async function openVolunteer (label: string): Promise<{ context: BrowserContext, page: Page }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  recordProblems(page, label, problems)
  await page.goto(new URL('/volunteer', url).toString())
  return { context, page }
}

const stateOf = pageState<PageState>
const until = untilPageState<PageState>

/** Damages the largest block in the page's IndexedDB blockstore (a library's: payloads are far smaller). */
async function damageLargestBlock (page: Page): Promise<void> {
  // A string: the test's TypeScript has no DOM types (the page runs it).
  await page.evaluate(`(async () => {
    const done = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error) })
    const name = 'pogs-volunteer-blocks'
    const db = await done(indexedDB.open(name))
    const store = db.transaction(name, 'readwrite').objectStore(name)
    let largest
    let size = 0
    for (const k of await done(store.getAllKeys())) {
      const v = await done(store.get(k))
      if (v.length > size) { size = v.length; largest = k }
    }
    if (largest === undefined) throw new Error('no block stored')
    const bytes = Uint8Array.from(await done(store.get(largest)))
    bytes[bytes.length >> 1] ^= 0xff
    await done(store.put(bytes, largest))
    db.close()
  })()`)
}

test('pages fit units in workers, replicas with a Node volunteer agree, and the archives equal pogs galaxy fit', async () => {
  const a = await openVolunteer('page A')
  const b = await openVolunteer('page B')

  // The first galaxy: the two pages alone, each one volunteer (its own key), so they replicate each other's units.
  const firstVolunteers = await expectArchiveEqualToLocalFit(first, 0)
  const pageA = await stateOf(a.page)
  const pageB = await stateOf(b.page)
  expect(pageA.peerId).not.toBe(pageB.peerId)
  expect(pageA.libraryBlocksFetched).toBeGreaterThan(0)
  expect(pageA.totals.accepted).toBeGreaterThanOrEqual(1)
  expect(pageB.totals.accepted).toBeGreaterThanOrEqual(1)
  for (const v of firstVolunteers) expect(v.every((id) => id === pageA.peerId || id === pageB.peerId), v.join(' ')).toBe(true)

  // A reload keeps the identity and the cached libraries: only the block damaged in IndexedDB is fetched again.
  await damageLargestBlock(a.page)
  await a.page.reload()
  // The second galaxy, and a Node volunteer.
  const after = net.coordinator.process.events.length
  await addGalaxy(net, second)
  const node = await net.addVolunteer()
  await node.process.next('ready')

  // Pause stops fitting within a second (page B, as soon as it is fitting a unit of the second galaxy).
  const bBefore = (await stateOf(b.page)).pixelsThisVisit
  await until(b.page, (s) => s.pixelsThisVisit > bBefore, 'page B fitting the second galaxy')
  await b.page.click('#pause')
  await b.page.waitForTimeout(1000)
  const pausedAt = (await stateOf(b.page)).pixelsThisVisit
  await b.page.waitForTimeout(3000)
  expect((await stateOf(b.page)).pixelsThisVisit).toBe(pausedAt)
  expect(await b.page.textContent('#state')).toBe('paused')

  const reloaded = await until(a.page, (s) => s.unitsThisVisit >= 1, 'page A\'s first unit after the reload')
  expect(reloaded.peerId).toBe(pageA.peerId)
  expect(reloaded.corruptBlocks).toBe(1)
  expect(reloaded.libraryBlocksFetched).toBe(1)

  // Units the page and the Node volunteer both computed: accepted only because their digests were equal.
  const secondVolunteers = await expectArchiveEqualToLocalFit(second, after)
  expect(secondVolunteers.some((v) => v.includes(pageA.peerId) && v.includes(node.peerId))).toBe(true)
  expect((await stateOf(a.page)).errors).toEqual([])
  expect(problems).toEqual([])
}, 900_000)
