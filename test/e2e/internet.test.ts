import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { compareArchives } from '../../src/archive/compare-archives.js'
import { openArchive } from '../../src/archive/read-archive.js'
import { repoRoot } from '../../src/util/repo-root.js'
import { pogsArgv, runPogs } from '../helpers/cli.js'
import {
  assertNetnsSupport, createInternet, jsonLines, named, type Host, type Internet, type JsonEvent, type JsonLines,
  type PublicHost, type Router
} from '../helpers/netns/index.js'
import { MAGPHYS_LIBS } from '../helpers/reference-data.js'

// pogs across hosts and NATs (docs/network.md, "Testing across hosts and NATs"). A small internet in network
// namespaces: on the public segment (a private range the test chooses, marked with --reachable-cidr) a seed, a
// coordinator, two verifiers and a mirror, each its own host; two home routers, one whose NAT keeps ports and one
// whose NAT randomises them, with two volunteers behind each. Every peer is a real `pogs` process in its own
// namespace; volunteers know only the project key and the seed. A first galaxy goes through end to end; then the
// coordinator moves to a new public address in the middle of a second galaxy, and the volunteers find it again.
// Peers join as they would in a real project, one after another: the first volunteer fetches the libraries from
// the coordinator, the second (behind the same port-keeping NAT) finds it as a provider and reaches it through a
// relayed connection upgraded by hole punching, then the mirror joins, then the volunteers behind the randomising
// NAT, which cannot be punched to and fetch from reachable peers. POGS_TEST_NETNS_LOGS=DIR keeps every peer's
// events there.

const PORT = 4001
/** Pixels per unit: small, so that all four volunteers get work from a small galaxy. */
const PIXELS_PER_UNIT = '8'
const GALAXY_MS = 600_000

interface Peer { host: Host, events: JsonLines, id: string, stop: () => Promise<void> }

const peers: Peer[] = []
let net: Internet | undefined
let work: string
let cidr: string
let seed: Peer
let seedAddr: string
let coordinator: Peer
let coordinatorDir: string
let spareHost: PublicHost
let verifiers: Peer[]
let mirror: Peer
let keep: Router
let rand: Router
let volunteers: Peer[]
let libraryCids: string[]
let sentToHomes: () => Promise<number>
let firstFits: string
let setupError: unknown

beforeEach(() => { if (setupError !== undefined) throw setupError })
beforeAll(async () => {
  try {
    await build()
  } catch (err) {
    setupError = err
  }
}, 600_000)
afterAll(async () => {
  const logs = process.env.POGS_TEST_NETNS_LOGS
  if (logs !== undefined) {
    mkdirSync(logs, { recursive: true })
    for (const [i, p] of peers.entries()) {
      writeFileSync(join(logs, `${i}-${p.host.label}.jsonl`), p.events.events.map((e) => JSON.stringify(e)).join('\n') + '\n')
      writeFileSync(join(logs, `${i}-${p.host.label}.stderr`), p.events.stderr())
    }
  }
  await net?.teardown()
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

/** Starts `pogs ARGS --json` on a host; resolves once it printed `ready`. */
async function startPogs (host: Host, args: string[], readyMs = 90_000): Promise<Peer> {
  if (net === undefined) throw new Error('the internet was not built')
  const child = net.run(host, process.execPath, pogsArgv([...args, '--json']), { cwd: repoRoot() })
  const events = jsonLines(child)
  const ready = await events.next(named('ready'), { timeoutMs: readyMs }).catch((err: Error) => {
    throw new Error(`${args[0]} on ${host.label}: ${err.message}\n${events.stderr().slice(-3000)}`)
  })
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return
    const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
    child.kill('SIGTERM')
    await exited
  }
  const peer = { host, events, id: String(ready.peerId), stop }
  peers.push(peer)
  return peer
}

/** The flags every peer here shares: the public segment is reachable, the seed is the only bootstrap peer. */
const publicFlags = (host: PublicHost): string[] => ['--listen', `/ip4/0.0.0.0/tcp/${PORT}`, '--announce', `/ip4/${host.address}/tcp/${PORT}`, '--reachable-cidr', cidr]

async function peerId (dir: string): Promise<string> {
  const r = await runPogs(['id', '--data', dir, '--json'])
  return (JSON.parse(r.stdout) as { peerId: string }).peerId
}

async function synth (name: string, size: number, seedValue: number): Promise<string> {
  const out = join(work, `${name}.fits`)
  const r = await runPogs(['galaxy', 'synth', '--libraries', MAGPHYS_LIBS, '--size', String(size), '--redshift', '0.01', '--seed', String(seedValue), '--name', name, '--out', out])
  if (r.code !== 0) throw new Error(`synth: ${r.stderr}`)
  return out
}

async function build (): Promise<void> {
  assertNetnsSupport()
  work = mkdtempSync(join(tmpdir(), 'pogs-internet-'))
  net = await createInternet()
  cidr = net.publicCidr
  const seedHost = await net.addPublicHost('seed')
  const coordHost = await net.addPublicHost('coord')
  spareHost = await net.addPublicHost('coord2')
  const verifierHosts = [await net.addPublicHost('ver1'), await net.addPublicHost('ver2')]
  const mirrorHost = await net.addPublicHost('mirror')
  keep = await net.addRouter('keep', { nat: 'keep-ports' })
  rand = await net.addRouter('rand', { nat: 'random-ports' })
  const homes = [await net.addHomeHost(keep, 'vol1'), await net.addHomeHost(keep, 'vol2'), await net.addHomeHost(rand, 'vol3'), await net.addHomeHost(rand, 'vol4')]

  seed = await startPogs(seedHost, ['seed', '--data', join(work, 'seed'), ...publicFlags(seedHost)])
  seedAddr = `/ip4/${seedHost.address}/tcp/${PORT}/p2p/${seed.id}`
  const verifierIds = await Promise.all(['ver1', 'ver2'].map(async (v) => await peerId(join(work, v))))
  const mirrorId = await peerId(join(work, 'mirror'))
  coordinatorDir = join(work, 'coordinator')
  coordinator = await startCoordinator(coordHost, verifierIds, mirrorId)
  await coordinator.events.next(named('published'), { timeoutMs: 60_000 })
  libraryCids = (coordinator.events.events.filter((e) => e.event === 'library') as Array<JsonEvent & { cid: string, name: string }>)
    .filter((e) => e.name.includes('z0.0100')).map((e) => e.cid)
  const joining = ['--project', coordinator.id, '--bootstrap', seedAddr]
  verifiers = await Promise.all(verifierHosts.map(async (h, i) => await startPogs(h, ['verifier', '--data', join(work, `ver${i + 1}`), ...joining, ...publicFlags(h)])))
  // Volunteers at home: the project key and the seed, nothing else (the public range is marked reachable).
  const volunteer = async (h: Host): Promise<Peer> => await startPogs(h, ['volunteer', '--data', join(work, h.label), ...joining, '--reachable-cidr', cidr, '--cpus', '1'])
  sentToHomes = await countToHomes(coordHost)
  firstFits = await synth('NGC-netns-1', 8, 17)
  await addGalaxy(firstFits)
  const fetched = async (p: Peer): Promise<void> => { await p.events.next(named('libraries'), { timeoutMs: 180_000 }) }
  const vol1 = await volunteer(homes[0])
  await fetched(vol1)
  const vol2 = await volunteer(homes[1])
  await fetched(vol2)
  mirror = await startPogs(mirrorHost, ['mirror', '--data', join(work, 'mirror'), ...joining, ...publicFlags(mirrorHost)])
  await mirror.events.next(named('synced'), { timeoutMs: 180_000 })
  volunteers = [vol1, vol2, ...await Promise.all(homes.slice(2).map(volunteer))]
}

let coordinatorArgs: string[] = []
async function startCoordinator (host: PublicHost, verifierIds?: string[], mirrorId?: string): Promise<Peer> {
  if (verifierIds !== undefined && mirrorId !== undefined) {
    coordinatorArgs = ['coordinator', '--data', coordinatorDir, '--libraries', MAGPHYS_LIBS, '--bootstrap', seedAddr,
      ...verifierIds.flatMap((v) => ['--verifier', v]), '--mirror', mirrorId, '--pixels-per-unit', PIXELS_PER_UNIT, '--http', 'off']
  }
  return await startPogs(host, [...coordinatorArgs, ...publicFlags(host)])
}

/** Bytes the coordinator's host sent to the home routers (nftables counter in its namespace). */
async function countToHomes (host: Host): Promise<() => Promise<number>> {
  if (net === undefined) throw new Error('no internet')
  const rules = `table inet acct {\n chain out {\n  type filter hook output priority 0;\n  ip daddr { ${keep.wanAddress}, ${rand.wanAddress} } counter\n }\n}\n`
  await net.exec(host, 'nft', ['-f', '-'], { input: rules })
  return async () => {
    const listing = JSON.parse(await net!.exec(host, 'nft', ['-j', 'list', 'table', 'inet', 'acct'])) as { nftables: Array<{ rule?: { expr: Array<{ counter?: { bytes: number } }> } }> }
    return listing.nftables.flatMap((o) => o.rule?.expr ?? []).reduce((sum, e) => sum + (e.counter?.bytes ?? 0), 0)
  }
}

async function addGalaxy (fits: string): Promise<void> {
  const r = await runPogs(['galaxy', 'add', fits, '--data', coordinatorDir])
  if (r.code !== 0) throw new Error(`galaxy add: ${r.stderr}`)
}

/** The network's archive equals `pogs galaxy fit` of the same FITS with the same libraries. */
async function expectEqualToLocalFit (archive: string, fits: string): Promise<void> {
  const local = join(work, `local-${Date.now()}.h5`)
  const r = await runPogs(['galaxy', 'fit', fits, '--libraries', MAGPHYS_LIBS, '--out', local, '--threads', '1'])
  if (r.code !== 0) throw new Error(`galaxy fit: ${r.stderr}`)
  const [a, b] = await Promise.all([openArchive(archive), openArchive(local)])
  try {
    const c = compareArchives(a, b)
    expect(c.differences).toEqual([])
    expect(c.compared).toBeGreaterThan(0)
  } finally {
    a.close()
    b.close()
  }
}

const isHome = (a: string): boolean => /\/ip4\/(127\.|192\.168\.)/.test(a) || a.startsWith('/ip6/')

describe('pogs across hosts and NAT routers', () => {
  test('a galaxy goes through: volunteers find the project from the seed, punch holes, share libraries', async () => {
    const archived = await coordinator.events.next(named('archived'), { timeoutMs: GALAXY_MS })
    await expectEqualToLocalFit(String(archived.archive), firstFits)
    // Both verifiers judged replicas, and the mirror pinned the archive the coordinator recorded.
    for (const v of verifiers) expect(v.events.events.some((e) => e.event === 'verdict'), v.host.label).toBe(true)
    await mirror.events.next((e) => e.event === 'pinned' && e.cid === archived.cid, { timeoutMs: 120_000 })

    // Every volunteer found the project from its key and the seed alone, and reserved a relay slot there.
    for (const v of volunteers) {
      expect(v.events.events.some((e) => e.event === 'manifest'), v.host.label).toBe(true)
      const advertised = v.events.events.filter((e) => e.event === 'addresses' || e.event === 'ready').flatMap((e) => e.addrs as string[])
      expect(advertised.some((a) => a.includes('/p2p-circuit')), v.host.label).toBe(true)
      for (const a of advertised) expect(isHome(a), `${v.host.label} advertised ${a}`).toBe(false)
    }
    // Behind the port-keeping NAT the two volunteers punched a direct connection and one sent the other library
    // blocks over it (a relayed connection never carries blocks).
    const [vol1, vol2] = volunteers
    const punched = [vol1, vol2].flatMap((v) => v.events.events.filter((e) => e.event === 'hole-punch' && e.outcome === 'direct'))
    expect(punched.length).toBeGreaterThan(0)
    const blocksBetween = [[vol1, vol2], [vol2, vol1]].flatMap(([a, b]) => a.events.events.filter((e) => e.event === 'block-source' && e.peer === b.id))
    expect(blocksBetween.length).toBeGreaterThan(0)
    for (const v of volunteers) {
      for (const e of v.events.events.filter((e) => e.event === 'block-source')) expect(e.direct, `${v.host.label} got blocks over a relay`).toBe(true)
    }
    // The coordinator sent the homes at most ~2 copies of the libraries the units need (units and acks included).
    const libraryBytes = 4_037_908 + 1_059_231
    const sent = await sentToHomes()
    process.stdout.write(`coordinator -> homes: ${(sent / 1e6).toFixed(2)} MB = ${(sent / libraryBytes).toFixed(2)} library copies\n`)
    expect(sent).toBeLessThan(2.3 * libraryBytes)

    // Nothing on the DHT names a loopback or home address: what a public peer learns of each volunteer and of
    // the libraries' providers.
    const probe = net!.run(spareHost, process.execPath, ['--import', 'tsx', join(repoRoot(), 'test', 'helpers', 'dht-probe.ts'),
      join(work, 'probe'), seedAddr, volunteers.map((v) => v.id).join(','), libraryCids.join(',')], { cwd: repoRoot() })
    const found = jsonLines(probe)
    await found.next(named('done'), { timeoutMs: 120_000 })
    const seen = found.events.filter((e) => e.event === 'found')
    expect(seen.some((e) => e.kind === 'provider')).toBe(true)
    for (const e of seen) for (const a of e.addrs as string[]) expect(isHome(a), `${String(e.kind)} ${String(e.id)}: ${a}`).toBe(false)
  }, GALAXY_MS + 180_000)

  test('the coordinator moves to a new public address mid-galaxy; volunteers find it again from its key', async () => {
    const fits = await synth('NGC-netns-2', 8, 29)
    await addGalaxy(fits)
    // Mid-run: once the first result of the new galaxy arrived, stop it and start it on another host.
    await coordinator.events.next((e) => e.event === 'result', { timeoutMs: 300_000 })
    await coordinator.stop()
    coordinator = await startCoordinator(spareHost)
    const archived = await coordinator.events.next((e) => e.event === 'archived' && e.galaxy === 'NGC-netns-2', { timeoutMs: GALAXY_MS })
    await expectEqualToLocalFit(String(archived.archive), fits)
    // Volunteers sent results to the coordinator at its new address.
    const results = coordinator.events.events.filter((e) => e.event === 'result')
    expect(results.length).toBeGreaterThan(0)
  }, GALAXY_MS + 120_000)
})
