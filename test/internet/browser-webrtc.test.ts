import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, expect, test } from 'vitest'
import { repoRoot } from '../../src/util/repo-root.js'
import { ensureSampleGalaxy, sampleRecipe } from '../../nodes/demo/sample-galaxy.js'
import { pogsArgv, runPogs } from '../helpers/cli.js'
import { assertNetnsSupport, createInternet, jsonLines, named, type HomeHost, type Host, type Internet, type PublicHost } from '../helpers/netns/index.js'
import { buildOnceOrFailEach } from '../helpers/netns/setup.js'
import { writeSmallLibrariesWithFilters } from '../helpers/reference-data.js'
import { CHROMIUM, pageState, recordProblems, untilPageState } from '../helpers/volunteer-page.js'

// Two browser volunteers at home, each behind its own NAT router, share libraries over WebRTC (docs/network.md#browsers).
// On the public segment (test/helpers/netns): a seed that relays and serves /volunteer with a STUN server beside it
// (coturn, as a research group would run it), and a coordinator. Each page runs in its own Chromium inside its home
// host's namespace. Page A fetches the libraries from the coordinator; page B opens while the coordinator still
// withholds a second copy of each library block (src/net/seeding.ts), finds A among the providers, dials A's
// address through the seed's relay, and the two connect directly: their addresses come from STUN, and both
// routers let the connectivity checks through because each page sent to the other first (hole punching, as ICE
// does it). Nothing crosses the relay but the offers.

const TCP = 4001
const WS = 4002
const HTTP = 8080
const STUN = 3478

interface PageState {
  refused?: string
  reachable: boolean
  webrtcPeers: number
  blocksFromPages: number
  blocksFromOthers: number
  libraryBlocksFetched: number
  errors: string[]
}

let net: Internet | undefined
let work: string
let seedHost: PublicHost
let pageHosts: HomeHost[]
const browsers: Browser[] = []
const problems: string[] = []

buildOnceOrFailEach(build, 300_000)
afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => {})
  await net?.teardown()
  if (work !== undefined) await rm(work, { recursive: true, force: true })
})

async function build (): Promise<void> {
  assertNetnsSupport()
  work = await mkdtemp(join(tmpdir(), 'pogs-internet-webrtc-'))
  const libraries = writeSmallLibrariesWithFilters(50)
  const galaxy = ensureSampleGalaxy(sampleRecipe(8).recipe, libraries, work).fits
  net = await createInternet()
  seedHost = await net.addPublicHost('seed')
  const coordHost = await net.addPublicHost('coord')
  const routers = [await net.addRouter('homea', { nat: 'keep-ports' }), await net.addRouter('homeb', { nat: 'keep-ports' })]
  pageHosts = [await net.addHomeHost(routers[0], 'pagea'), await net.addHomeHost(routers[1], 'pageb')]

  // STUN on the seed's host: coturn answering binding requests only (no TURN, no TLS), ready once its UDP listener is.
  const stun = net.run(seedHost, 'turnserver', ['-n', '-v', '--stun-only', '--no-cli', '--no-tls', '--no-dtls', '-L', seedHost.address, '-p', String(STUN),
    '--log-file', 'stdout', '--pidfile', join(work, 'turnserver.pid'), '--db', join(work, 'turndb')])
  await untilLine(stun, new RegExp(`UDP listener opened on ?: ?${seedHost.address.replace(/\./g, '\\.')}:${STUN}`), 30_000)

  const seedDir = join(work, 'seed')
  const coordDir = join(work, 'coordinator')
  const [seedId, coordId] = await Promise.all([peerId(seedDir), peerId(coordDir)])
  const seedAddr = `/ip4/${seedHost.address}/tcp/${TCP}/p2p/${seedId}`
  await pogs(seedHost, ['seed', '--data', seedDir, ...publicFlags(seedHost), '--http', `0.0.0.0:${HTTP}`, '--project', coordId,
    '--ice-server', `stun:${seedHost.address}:${STUN}`])
  const coordinator = await pogs(coordHost, ['coordinator', '--data', coordDir, '--libraries', libraries, '--bootstrap', seedAddr, ...publicFlags(coordHost),
    '--http', 'off', '--pixels-per-unit', '8', '--retry-after', '2',
    // Both routers' public addresses lie in the one /24 this test calls the internet: replicas are kept apart by key
    // here, not by network (docs/work-lifecycle.md#trust), so page B gets the replicas of page A's units.
    '--replica-networks', 'key'])
  await coordinator.next(named('published'), { timeoutMs: 60_000 })
  const add = await runPogs(['galaxy', 'add', galaxy, '--data', coordDir])
  if (add.code !== 0) throw new Error(`galaxy add: ${add.stderr}`)
  await coordinator.next(named('galaxy-added'), { timeoutMs: 60_000 })
}

/** A public role's flags: TCP and WebSockets on its address, the public segment reachable. */
function publicFlags (host: PublicHost): string[] {
  return ['--listen', `/ip4/0.0.0.0/tcp/${TCP}`, '--listen', `/ip4/0.0.0.0/tcp/${WS}/ws`,
    '--announce', `/ip4/${host.address}/tcp/${TCP}`, '--announce', `/ip4/${host.address}/tcp/${WS}/ws`, '--reachable-cidr', net?.publicCidr ?? '']
}

async function pogs (host: Host, args: string[]): Promise<ReturnType<typeof jsonLines>> {
  if (net === undefined) throw new Error('the internet was not built')
  const events = jsonLines(net.run(host, process.execPath, pogsArgv([...args, '--json']), { cwd: repoRoot() }))
  await events.next(named('ready'), { timeoutMs: 90_000 }).catch((err: Error) => { throw new Error(`${args[0]}: ${err.message}\n${events.stderr().slice(-3000)}`) })
  return events
}

async function peerId (dir: string): Promise<string> {
  const r = await runPogs(['id', '--data', dir, '--json'])
  return (JSON.parse(r.stdout) as { peerId: string }).peerId
}

/** Resolves when the child prints a line matching `pattern`; rejects after `ms` or when it exits first. */
async function untilLine (child: ChildProcessWithoutNullStreams, pattern: RegExp, ms: number): Promise<void> {
  let seen = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { done(new Error(`no line matching ${String(pattern)} in ${ms} ms:\n${seen.slice(-2000)}`)) }, ms)
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString()
      if (pattern.test(seen)) done()
    }
    const onExit = (): void => { done(new Error(`exited before printing ${String(pattern)}:\n${seen.slice(-2000)}`)) }
    const done = (err?: Error): void => {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.off('exit', onExit)
      if (err === undefined) resolve()
      else reject(err)
    }
    child.stdout.on('data', onData)
    child.once('exit', onExit)
  })
}

/** Chromium inside a home host's namespace (a wrapper enters it; playwright talks to the browser over pipes). */
async function openVolunteer (host: HomeHost): Promise<Page> {
  const wrapper = join(work, `chromium-${host.label}.sh`)
  await mkdir(work, { recursive: true })
  await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec ${host.netns} ${CHROMIUM} "$@"\n`)
  await chmod(wrapper, 0o755)
  const origin = `http://${seedHost.address}:${HTTP}`
  const browser = await chromium.launch({
    executablePath: wrapper,
    // A page on plain http to an address is no secure context, and cross-origin isolation needs one; a real seed
    // serves the page over https (docs/deploy.md).
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--unsafely-treat-insecure-origin-as-secure=${origin}`]
  })
  browsers.push(browser)
  const page = await (await browser.newContext()).newPage()
  recordProblems(page, host.label, problems)
  await page.goto(`${origin}/volunteer`)
  return page
}

const stateOf = pageState<PageState>
const until = (page: Page, ok: (s: PageState) => boolean, what: string): Promise<PageState> => untilPageState<PageState>(page, ok, what, 180_000)

test('two pages behind two NAT routers connect over WebRTC and one fetches the libraries from the other', async () => {
  const a = await openVolunteer(pageHosts[0])
  const stateA = await until(a, (s) => s.reachable && s.libraryBlocksFetched > 0, 'page A holding a relay slot and the libraries')
  expect(stateA.blocksFromOthers).toBeGreaterThan(0)

  const b = await openVolunteer(pageHosts[1])
  const stateB = await until(b, (s) => s.libraryBlocksFetched > 0, 'page B\'s libraries')
  expect(stateB.webrtcPeers).toBeGreaterThanOrEqual(1)
  expect(stateB.blocksFromPages).toBeGreaterThan(0)
  expect((await stateOf(a)).webrtcPeers).toBeGreaterThanOrEqual(1)
  for (const page of [a, b]) expect((await stateOf(page)).errors).toEqual([])
  expect(problems).toEqual([])
})
