// A whole pogs project on the namespace internet (internet.ts): on the public segment a seed, a coordinator, two
// verifiers and a mirror, each its own host; behind a port-keeping and a port-randomising home router two
// volunteers each. Every peer is a real `pogs` process (`--json`) in its own namespace; volunteers are given only
// the project key and the seed. Used by test/internet/internet.test.ts and bench/internet.bench.ts.
//
// Peers join as they would in a real project, one after another: the first volunteer fetches the libraries from
// the coordinator; the second, behind the same router, finds it as a provider and reaches it through a relayed
// connection upgraded by hole punching; then the mirror joins; then the volunteers behind the randomising NAT,
// which nobody can punch to, and which fetch from reachable peers.
import { join } from 'node:path'
import { repoRoot } from '../../../src/util/repo-root.js'
import { pogsArgv, runPogs } from '../cli.js'
import { MAGPHYS_LIBS } from '../reference-data.js'
import type { Host, Internet, PublicHost, Router } from './internet.js'
import { jsonLines, named, type JsonEvent, type JsonLines } from './json-lines.js'

/** The TCP port of every public role. */
export const PORT = 4001

/** The libraries the sample galaxies (z = 0.01) need, in bytes as files: one "copy". */
export const LIBRARY_BYTES = 4_037_908 + 1_059_231

/** One running `pogs` process. */
export interface ProjectPeer {
  host: Host
  events: JsonLines
  id: string
  /** When it was spawned (Date.now()). */
  startedAt: number
  /** SIGTERM, then wait for its exit. */
  stop: () => Promise<void>
}

/** Bytes a host's namespace sent to some addresses since the counter was installed (nftables, in that namespace). */
export async function countBytesTo (net: Internet, host: Host, to: string[]): Promise<() => Promise<number>> {
  const table = `acct_${to.length}_${host.label}`
  const rules = `table inet ${table} {\n chain out {\n  type filter hook output priority 0;\n  ip daddr { ${to.join(', ')} } counter\n }\n}\n`
  await net.exec(host, 'nft', ['-f', '-'], { input: rules })
  return async () => {
    const listing = JSON.parse(await net.exec(host, 'nft', ['-j', 'list', 'table', 'inet', table])) as { nftables: Array<{ rule?: { expr: Array<{ counter?: { bytes: number } }> } }> }
    return listing.nftables.flatMap((o) => o.rule?.expr ?? []).reduce((sum, e) => sum + (e.counter?.bytes ?? 0), 0)
  }
}

/** The project, built and joined. */
export class PogsProject {
  readonly peers: ProjectPeer[] = []
  readonly cidr: string
  seed!: ProjectPeer
  seedAddr!: string
  coordinator!: ProjectPeer
  readonly coordinatorDir: string
  verifiers: ProjectPeer[] = []
  mirror!: ProjectPeer
  volunteers: ProjectPeer[] = []
  keep!: Router
  rand!: Router
  /** A public host kept free: the coordinator moves there, the DHT probe runs there. */
  spareHost!: PublicHost
  /** CIDs of the z = 0.01 libraries, from the coordinator's `library` events. */
  libraryCids: string[] = []
  /** Bytes the coordinator's first host sent to the home routers. */
  sentToHomes!: () => Promise<number>
  /** Bytes the seed sent to the home routers (DHT answers, identify, relayed data). */
  seedToHomes!: () => Promise<number>
  private coordinatorArgs: string[] = []

  constructor (readonly net: Internet, readonly work: string) {
    this.cidr = net.publicCidr
    this.coordinatorDir = join(work, 'coordinator')
  }

  /** Builds the hosts and starts every peer; `galaxy` is added once the coordinator runs, before volunteers join. */
  async start (galaxy: () => Promise<string>): Promise<void> {
    const { net, work } = this
    const seedHost = await net.addPublicHost('seed')
    const coordHost = await net.addPublicHost('coord')
    this.spareHost = await net.addPublicHost('coord2')
    const verifierHosts = [await net.addPublicHost('ver1'), await net.addPublicHost('ver2')]
    const mirrorHost = await net.addPublicHost('mirror')
    this.keep = await net.addRouter('keep', { nat: 'keep-ports' })
    this.rand = await net.addRouter('rand', { nat: 'random-ports' })
    const homes = [await net.addHomeHost(this.keep, 'vol1'), await net.addHomeHost(this.keep, 'vol2'),
      await net.addHomeHost(this.rand, 'vol3'), await net.addHomeHost(this.rand, 'vol4')]

    this.seed = await this.startPogs(seedHost, ['seed', '--data', join(work, 'seed'), ...this.publicFlags(seedHost)])
    this.seedAddr = `/ip4/${seedHost.address}/tcp/${PORT}/p2p/${this.seed.id}`
    const verifierIds = await Promise.all(['ver1', 'ver2'].map(async (v) => await peerId(join(work, v))))
    const mirrorId = await peerId(join(work, 'mirror'))
    this.coordinatorArgs = ['coordinator', '--data', this.coordinatorDir, '--libraries', MAGPHYS_LIBS, '--bootstrap', this.seedAddr,
      ...verifierIds.flatMap((v) => ['--verifier', v]), '--mirror', mirrorId, '--pixels-per-unit', '8', '--http', 'off',
      // Every router's public address lies in the one /24 this test calls the internet, and the second case has two
      // volunteers behind one router compute alone: replicas are kept apart by key here, not by network
      // (docs/work-lifecycle.md#trust).
      '--replica-networks', 'key']
    this.coordinator = await this.startCoordinator(coordHost)
    await this.coordinator.events.next(named('published'), { timeoutMs: 60_000 })
    this.libraryCids = this.coordinator.events.events.filter((e) => e.event === 'library' && String(e.name).includes('z0.0100')).map((e) => String(e.cid))
    const homeWans = [this.keep.wanAddress, this.rand.wanAddress]
    this.sentToHomes = await countBytesTo(net, coordHost, homeWans)
    this.seedToHomes = await countBytesTo(net, seedHost, homeWans)
    const joining = ['--project', this.coordinator.id, '--bootstrap', this.seedAddr]
    this.verifiers = await Promise.all(verifierHosts.map(async (h, i) => await this.startPogs(h, ['verifier', '--data', join(work, `ver${i + 1}`), ...joining, ...this.publicFlags(h)])))
    await this.addGalaxy(await galaxy())
    // Volunteers at home: the project key and the seed, nothing else (the public range is marked reachable).
    const volunteer = async (h: Host): Promise<ProjectPeer> => await this.startPogs(h, ['volunteer', '--data', join(work, h.label), ...joining, '--reachable-cidr', this.cidr, '--cpus', '1'])
    const fetched = async (p: ProjectPeer): Promise<void> => { await p.events.next(named('libraries'), { timeoutMs: 180_000 }) }
    const vol1 = await volunteer(homes[0])
    await fetched(vol1)
    // The second volunteer should find the first as a provider: wait until the DHT says so (vol1 provides in the
    // background once pinned), as a volunteer joining later would find it.
    await this.untilProvider(vol1.id)
    const vol2 = await volunteer(homes[1])
    await fetched(vol2)
    this.mirror = await this.startPogs(mirrorHost, ['mirror', '--data', join(work, 'mirror'), ...joining, ...this.publicFlags(mirrorHost)])
    await this.mirror.events.next(named('synced'), { timeoutMs: 180_000 })
    this.volunteers = [vol1, vol2, ...await Promise.all(homes.slice(2).map(volunteer))]
  }

  /** Resolves once a public peer reading the DHT finds `peer` among the providers of the libraries (bounded). */
  async untilProvider (peer: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = await this.probe([], this.libraryCids)
      if (found.some((e) => e.kind === 'provider' && e.id === peer)) return
    }
    throw new Error(`${peer} never appeared as a provider of the libraries on the DHT`)
  }

  /** What a public peer reads on the DHT about `peers` and the providers of `cids` (test/helpers/dht-probe.ts). */
  async probe (peers: string[], cids: string[]): Promise<JsonEvent[]> {
    const child = this.net.run(this.spareHost, process.execPath, ['--import', 'tsx', join(repoRoot(), 'test', 'helpers', 'dht-probe.ts'),
      join(this.work, `probe-${++this.probes}`), this.seedAddr, peers.join(','), cids.join(',')], { cwd: repoRoot() })
    const found = jsonLines(child)
    await found.next(named('done'), { timeoutMs: 120_000 })
    return found.events.filter((e) => e.event === 'found')
  }

  private probes = 0

  /** Starts the coordinator on `host` with the flags of its first start (same data directory: same key). */
  async startCoordinator (host: PublicHost): Promise<ProjectPeer> {
    return await this.startPogs(host, [...this.coordinatorArgs, ...this.publicFlags(host)])
  }

  /** `pogs galaxy add FITS --data COORDINATOR_DIR`: drops the file into the coordinator's inbox. */
  async addGalaxy (fits: string): Promise<void> {
    const r = await runPogs(['galaxy', 'add', fits, '--data', this.coordinatorDir])
    if (r.code !== 0) throw new Error(`galaxy add: ${r.stderr}`)
  }

  /** Starts `pogs ARGS --json` on a host; resolves once it printed `ready`. */
  async startPogs (host: Host, args: string[], readyMs = 90_000): Promise<ProjectPeer> {
    const startedAt = Date.now()
    const child = this.net.run(host, process.execPath, pogsArgv([...args, '--json']), { cwd: repoRoot() })
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
    const peer = { host, events, id: String(ready.peerId), startedAt, stop }
    this.peers.push(peer)
    return peer
  }

  /** The flags of a public peer: listen and announce on its address, the public segment reachable. */
  private publicFlags (host: PublicHost): string[] {
    return ['--listen', `/ip4/0.0.0.0/tcp/${PORT}`, '--announce', `/ip4/${host.address}/tcp/${PORT}`, '--reachable-cidr', this.cidr]
  }
}

/** `pogs id --data DIR`: the peer id of DIR's key, created if none. */
async function peerId (dir: string): Promise<string> {
  const r = await runPogs(['id', '--data', dir, '--json'])
  return (JSON.parse(r.stdout) as { peerId: string }).peerId
}

/** `pogs galaxy synth` of a small galaxy from the real z = 0.01 POGS libraries. */
export async function synthGalaxy (work: string, name: string, size: number, seed: number): Promise<string> {
  const out = join(work, `${name}.fits`)
  const r = await runPogs(['galaxy', 'synth', '--libraries', MAGPHYS_LIBS, '--size', String(size), '--redshift', '0.01', '--seed', String(seed), '--name', name, '--out', out])
  if (r.code !== 0) throw new Error(`synth: ${r.stderr}`)
  return out
}
