import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { LocalNetwork } from '../../src/localnet/local-network.js'
import { RoleProcess, scriptCommand } from '../../src/localnet/role-process.js'
import { timeoutSignal } from '../../src/util/timeout-signal.js'
import { ensureSampleGalaxy, sampleRecipe } from '../../nodes/demo/sample-galaxy.js'
import { pogsArgv } from '../helpers/cli.js'
import { writeSmallLibrariesWithFilters } from '../helpers/reference-data.js'
import { CHROMIUM, pageState, recordProblems, untilPageState } from '../helpers/volunteer-page.js'

// Pages share libraries over WebRTC (docs/network.md#browsers): a network on loopback (coordinator, two verifiers,
// no Node volunteer) and a seed that relays and serves /volunteer (`pogs seed --http --project`). Page A opens first
// and fetches the libraries; page B opens while the coordinator still withholds a second copy of each library block
// (it seeds one copy per block per minute: src/net/seeding.ts), so B must get them from A: B finds A among the
// libraries' providers on the DHT, dials A's relayed address, and the two browsers connect over WebRTC. Both then
// fit units whose replicas the verifiers accept.

const POGS = scriptCommand(pogsArgv([])[0])

let dir: string
let net: LocalNetwork
let seed: RoleProcess
let browser: Browser
let pageUrl: string
const problems: string[] = []

interface PageState {
  refused?: string
  peerId: string
  reachable: boolean
  webrtcPeers: number
  blocksFromPages: number
  blocksFromOthers: number
  libraryBlocksFetched: number
  totals: { pixels: number, units: number, accepted: number }
  errors: string[]
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pogs-e2e-webrtc-'))
  const libraries = writeSmallLibrariesWithFilters(50)
  const galaxy = ensureSampleGalaxy(sampleRecipe(8).recipe, libraries, dir).fits
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
    coordinatorFlags: ['--pixels-per-unit', '8', '--retry-after', '2'],
    pogs: POGS,
    afterCoordinator: async (n) => {
      const after = n.coordinator.process.events.length
      const add = new RoleProcess('galaxy add', ['galaxy', 'add', galaxy, '--data', n.coordinator.dataDir], { command: POGS })
      if (await add.exited !== 0) throw new Error(`pogs galaxy add failed: ${add.errorOutput()}`)
      await n.coordinator.process.next('galaxy-added', undefined, { after })
    }
  })
  seed = new RoleProcess('seed', ['seed', '--data', join(dir, 'seed'), '--bootstrap', net.bootstrap, '--http', '127.0.0.1:0', '--project', net.project, '--json'], { command: POGS })
  await seed.next('ready')
  pageUrl = new URL('/volunteer', String((await seed.next('http')).url)).toString()
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await seed?.stop()
  await net?.stop()
  await rm(dir, { recursive: true, force: true })
})

async function openVolunteer (label: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  recordProblems(page, label, problems)
  await page.goto(pageUrl)
  return page
}

const stateOf = pageState<PageState>
const until = (page: Page, ok: (s: PageState) => boolean, what: string): Promise<PageState> => untilPageState<PageState>(page, ok, what, 180_000)

test('a page fetches the libraries from another page over WebRTC, through the seed\'s relay', async () => {
  const a = await openVolunteer('page A')
  const stateA = await until(a, (s) => s.reachable && s.libraryBlocksFetched > 0, 'page A holding a relay slot and the libraries')
  expect(stateA.blocksFromOthers).toBeGreaterThan(0)

  const b = await openVolunteer('page B')
  const stateB = await until(b, (s) => s.libraryBlocksFetched > 0, 'page B\'s libraries')
  expect(stateB.webrtcPeers).toBeGreaterThanOrEqual(1)
  expect(stateB.blocksFromPages).toBeGreaterThan(0)
  expect((await stateOf(a)).webrtcPeers).toBeGreaterThanOrEqual(1)

  // The galaxy is finished by the two pages, each result replicated and accepted.
  const archived = await net.coordinator.process.next('archived', undefined, { signal: timeoutSignal(300_000) })
  expect(String(archived.archive)).toMatch(/\.h5$/)
  for (const page of [a, b]) {
    const s = await stateOf(page)
    expect(s.totals.accepted).toBeGreaterThanOrEqual(1)
    expect(s.errors).toEqual([])
  }
  expect(problems).toEqual([])
}, 600_000)
