// The browser volunteer, measured (docs/volunteer.md#in-a-browser-tab): a network on loopback (coordinator with its
// dashboard, one verifier, replication 1) serving the real POGS libraries at z = 0.01 from the data directory, and
// Chromium opening /volunteer with one core granted. Reports the bundle's size, the time from opening the page to
// its first fitted pixel with a cold cache (libraries fetched over WebSockets) and a warm one (a reload: read from
// IndexedDB), and pixels per second per core in the page against a Node volunteer with one core on the same units'
// galaxy (the first unit of each left out: it includes starting the workers and building the fit context).
import '../src/util/polyfill.js'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { ensureSampleGalaxy, sampleRecipe } from '../nodes/demo/sample-galaxy.js'
import { LocalNetwork } from '../src/localnet/local-network.js'
import { RoleProcess, scriptCommand } from '../src/localnet/role-process.js'
import { resolveDataDir } from '../src/util/data-dir.js'
import { repoRoot } from '../src/util/repo-root.js'
import { pogsArgv } from '../test/helpers/cli.js'
import { CHROMIUM } from '../test/helpers/volunteer-page.js'

const SIZE = 16
const POGS = scriptCommand(pogsArgv([])[0])
const line = (s: string): void => { process.stdout.write(s + '\n') }

interface PageState {
  refused?: string
  pixelsThisVisit: number
  firstPixelMs?: number
  libraryBlocksFetched: number
  digests: Array<{ pixels: number, seconds: number }>
  phase: string
}

async function stateOf (page: Page): Promise<PageState> {
  return await page.evaluate(() => (globalThis as unknown as { pogsVolunteer: PageState }).pogsVolunteer)
}

async function until (page: Page, ok: (s: PageState) => boolean): Promise<PageState> {
  while (true) {
    const s = await stateOf(page)
    if (s.refused !== undefined) throw new Error(`the page refused: ${s.refused}`)
    if (ok(s)) return s
    await page.waitForTimeout(200)
  }
}

/** Pixels per second over fitted units, the first left out. */
function rate (units: Array<{ pixels: number, seconds: number }>): number {
  const steady = units.slice(1)
  return steady.reduce((n, u) => n + u.pixels, 0) / steady.reduce((n, u) => n + u.seconds, 0)
}

const bundle = JSON.parse(readFileSync(join(repoRoot(), 'dist', 'browser', 'bundle.json'), 'utf8')) as { files: Record<string, { bytes: number, gzipBytes: number }>, contents: Record<string, Array<{ name: string, bytes: number }>> }
const kib = (n: number): string => `${(n / 1024).toFixed(0)} KiB`
line(`bundle: ${Object.entries(bundle.files).map(([n, f]) => `${n} ${kib(f.bytes)} (${kib(f.gzipBytes)} gzipped)`).join(', ')}`)
line(`  volunteer.js, largest parts: ${bundle.contents['volunteer.js'].slice(0, 6).map((c) => `${c.name} ${kib(c.bytes)}`).join(', ')}`)

const work = mkdtempSync(join(tmpdir(), 'pogs-bench-browser-'))
const libraries = join(resolveDataDir(undefined), 'magphys')
const recipe = sampleRecipe(SIZE).recipe
const galaxies = [0, 1, 2].map((k) => {
  const dir = join(work, `g${k}`)
  mkdirSync(dir)
  return ensureSampleGalaxy({ ...recipe, name: `bench-${k}`, seed: recipe.seed + k }, libraries, dir).fits
})
const addGalaxy = async (net: LocalNetwork, fits: string): Promise<void> => {
  const after = net.coordinator.process.events.length
  const add = new RoleProcess('galaxy add', ['galaxy', 'add', fits, '--data', net.coordinator.dataDir], { command: POGS })
  if (await add.exited !== 0) throw new Error(`pogs galaxy add failed: ${add.errorOutput()}`)
  await net.coordinator.process.next('galaxy-added', undefined, { after })
}

const net = await LocalNetwork.start({
  dir: join(work, 'net'),
  libraries,
  volunteers: 0,
  verifiers: 1,
  mirrors: 0,
  verifierQuorum: 1,
  receipts: 1,
  cpusPerVolunteer: 1,
  recomputeRate: 0,
  coordinatorFlags: ['--http', '127.0.0.1:0', '--pixels-per-unit', '10', '--replication', '1', '--quorum', '1', '--retry-after', '1'],
  pogs: POGS,
  afterCoordinator: async (n) => { await addGalaxy(n, galaxies[0]) }
})
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
try {
  const url = new URL('/volunteer', String((await net.coordinator.process.next('http')).url)).toString()
  const page = await (await browser.newContext()).newPage()
  await page.goto(url)
  const cold = await until(page, (s) => s.firstPixelMs !== undefined)
  line(`first fitted pixel, cold cache: ${(cold.firstPixelMs as number / 1000).toFixed(1)} s after opening the page (${cold.libraryBlocksFetched} library blocks fetched)`)
  await net.coordinator.process.next('archived')
  const pageUnits = (await stateOf(page)).digests

  // Warm: the same profile reloaded, a new galaxy waiting.
  await addGalaxy(net, galaxies[1])
  await page.reload()
  const warm = await until(page, (s) => s.firstPixelMs !== undefined)
  line(`first fitted pixel, warm cache: ${(warm.firstPixelMs as number / 1000).toFixed(1)} s after opening the page (${warm.libraryBlocksFetched} library blocks fetched)`)
  await net.coordinator.process.next('archived', (e) => e.galaxy === 'bench-1')
  await page.click('#pause')

  // The Node volunteer, one core, on the third galaxy.
  const volunteer = await net.addVolunteer()
  await volunteer.process.next('ready')
  await addGalaxy(net, galaxies[2])
  await net.coordinator.process.next('archived', (e) => e.galaxy === 'bench-2')
  const nodeUnits = volunteer.process.events.filter((e) => e.event === 'fitted').map((e) => ({ pixels: Number(e.pixels), seconds: Number(e.seconds) }))

  const inPage = rate(pageUnits)
  const inNode = rate(nodeUnits)
  line(`pixels per second per core: Chromium ${inPage.toFixed(2)} (${pageUnits.length} units), Node ${inNode.toFixed(2)} (${nodeUnits.length} units): the page at ${(100 * inPage / inNode).toFixed(0)}% of Node (goal >= 80%)`)
} finally {
  await browser.close()
  await net.stop()
  rmSync(work, { recursive: true, force: true })
}
