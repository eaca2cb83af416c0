// A whole pogs network on loopback, each role its own process: one coordinator, verifiers, mirrors and
// volunteers. Peers' identities are created before any process starts, so the coordinator can name its verifiers
// and mirrors on its command line and the others can name the project (the coordinator's peer id).
import { EventEmitter } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { loadOrCreateIdentity } from '../net/identity.js'
import { RoleProcess, type RoleCommand, type RoleEvent } from './role-process.js'

/** Each peer's events, one JSON line each with its arrival time, in its data directory. */
export const EVENTS_FILE = 'events.jsonl'

export interface LocalNetworkInit {
  /** Every peer's data directory goes under here (coordinator/, verifier-1/, mirror-1/, volunteer-1/, ...). */
  dir: string
  /** The coordinator's --libraries directory (filters.dat and the library pairs). */
  libraries: string
  volunteers: number
  verifiers: number
  mirrors: number
  /** Verifier signatures the coordinator needs before it assimilates (the demo: all of its 2). */
  verifierQuorum: number
  /** Mirror receipts before histograms leave the coordinator's database (the demo: 1). */
  receipts: number
  /** Fit threads per volunteer. */
  cpusPerVolunteer: number
  /** Share of units each verifier recomputes a sampled pixel of (0..1). */
  recomputeRate?: number
  /** Extra flags per role. */
  coordinatorFlags?: string[]
  mirrorFlags?: string[]
  /** Extra flags of the n-th volunteer (1-based; the chaos run puts each on its own loopback address). */
  volunteerFlags?: (n: number) => string[]
  /** Further volunteers started with the others (e.g. the chaos run's dishonest one). */
  extraVolunteers?: Array<ExtraVolunteer & { label: string }>
  /** The `pogs` program every role runs (default: the one this process runs, pogsCommand(); a test names dist/'s). */
  pogs?: RoleCommand
  /** Runs once the coordinator is ready, before the other peers start (the demo submits its galaxy here). */
  afterCoordinator?: (net: LocalNetwork) => Promise<void>
}

/** A volunteer beyond the usual ones: its label, extra flags, and the program that runs it. */
export interface ExtraVolunteer {
  /** Default `volunteer N`. */
  label?: string
  /** Flags after the usual ones (data, bootstrap, project, cpus, name). */
  flags?: string[]
  /** An entry script taking `pogs volunteer`'s flags, instead of `pogs volunteer` (a test or demo variant). */
  command?: RoleCommand
}

/** A peer of the local network: its role process (replaced when restarted) and what it needs to start again. */
export interface LocalPeer {
  label: string
  dataDir: string
  peerId: string
  /** The process's arguments: `pogs` ones (the role's command first), or `command`'s. */
  args: string[]
  /** The program the arguments are given to; default the `pogs` CLI. */
  command?: RoleCommand
  process: RoleProcess
  /** True between a restart's stop and the new process starting. */
  restarting?: boolean
  /** Earlier processes of this peer (before restarts), oldest first: their events still count. */
  previous: RoleProcess[]
}

/** Emits 'restarted' (peer) when a peer's new process has started. */
export class LocalNetwork extends EventEmitter {
  coordinator!: LocalPeer
  readonly verifiers: LocalPeer[] = []
  readonly mirrors: LocalPeer[] = []
  readonly volunteers: LocalPeer[] = []
  /** The coordinator's first listen address with /p2p/: every other peer bootstraps from it. */
  bootstrap = ''

  private constructor (readonly init: LocalNetworkInit) {
    super()
  }

  /** The project key (the coordinator's peer id). */
  get project (): string { return this.coordinator.peerId }

  static async start (init: LocalNetworkInit): Promise<LocalNetwork> {
    const net = new LocalNetwork(init)
    try {
      await net.startAll()
    } catch (err) {
      await net.stop()
      throw err
    }
    return net
  }

  private async peer (label: string, dirName: string): Promise<{ label: string, dataDir: string, peerId: string }> {
    const dataDir = join(this.init.dir, dirName)
    await mkdir(dataDir, { recursive: true })
    const id = await loadOrCreateIdentity(dataDir)
    return { label, dataDir, peerId: id.peerId.toString() }
  }

  private async startAll (): Promise<void> {
    const { init } = this
    const verifiers = await Promise.all(Array.from({ length: init.verifiers }, async (_, i) => await this.peer(`verifier ${i + 1}`, `verifier-${i + 1}`)))
    const mirrors = await Promise.all(Array.from({ length: init.mirrors }, async (_, i) => await this.peer(`mirror ${i + 1}`, `mirror-${i + 1}`)))
    const coordinator = await this.peer('coordinator', 'coordinator')
    // A fixed port, so a coordinator restarted after a crash is found again at the address everyone bootstrapped from.
    const coordinatorArgs = ['coordinator', '--data', coordinator.dataDir, '--libraries', init.libraries,
      '--listen', `/ip4/127.0.0.1/tcp/${await freePort()}`, '--listen', '/ip4/127.0.0.1/tcp/0/ws',
      ...verifiers.flatMap((v) => ['--verifier', v.peerId]), ...mirrors.flatMap((m) => ['--mirror', m.peerId]),
      '--verifier-quorum', String(init.verifierQuorum), '--receipts', String(init.receipts), ...(init.coordinatorFlags ?? [])]
    this.coordinator = { ...coordinator, args: coordinatorArgs, command: this.init.pogs, process: new RoleProcess(coordinator.label, coordinatorArgs, { command: this.init.pogs, logFile: join(coordinator.dataDir, EVENTS_FILE) }), previous: [] }
    const ready = await this.coordinator.process.next('ready')
    // The TCP address: Node peers dial TCP (the WebSocket listener is for browser volunteers).
    const addrs = ready.addrs as string[]
    this.bootstrap = addrs.find((a) => !a.includes('/ws/')) ?? addrs[0]
    await init.afterCoordinator?.(this)
    const joinFlags = ['--bootstrap', this.bootstrap, '--project', this.project]
    for (const v of verifiers) {
      const args = ['verifier', '--data', v.dataDir, ...joinFlags, '--recompute-rate', String(init.recomputeRate ?? 0.1)]
      this.verifiers.push({ ...v, args, command: init.pogs, process: new RoleProcess(v.label, args, { command: init.pogs, logFile: join(v.dataDir, EVENTS_FILE) }), previous: [] })
    }
    for (const m of mirrors) {
      const args = ['mirror', '--data', m.dataDir, ...joinFlags, ...(init.mirrorFlags ?? [])]
      this.mirrors.push({ ...m, args, command: init.pogs, process: new RoleProcess(m.label, args, { command: init.pogs, logFile: join(m.dataDir, EVENTS_FILE) }), previous: [] })
    }
    for (let i = 0; i < init.volunteers; i++) await this.addVolunteer({ flags: init.volunteerFlags?.(i + 1) ?? [] })
    for (const v of init.extraVolunteers ?? []) await this.addVolunteer(v)
    await Promise.all([...this.verifiers, ...this.mirrors, ...this.volunteers].map(async (p) => await p.process.next('ready')))
  }

  /** Starts one more volunteer (extra flags, e.g. a team; another program). */
  async addVolunteer (extra: ExtraVolunteer = {}): Promise<LocalPeer> {
    const n = this.volunteers.length + 1
    const v = await this.peer(extra.label ?? `volunteer ${n}`, `volunteer-${n}`)
    const args = [...(extra.command === undefined ? ['volunteer'] : []), '--data', v.dataDir, '--bootstrap', this.bootstrap,
      '--project', this.project, '--cpus', String(this.init.cpusPerVolunteer), '--name', `volunteer-${n}`, ...(extra.flags ?? [])]
    const proc = new RoleProcess(v.label, args, { command: extra.command ?? this.init.pogs, logFile: join(v.dataDir, EVENTS_FILE) })
    const peer: LocalPeer = { ...v, args, command: extra.command ?? this.init.pogs, process: proc, previous: [] }
    this.volunteers.push(peer)
    return peer
  }

  /** Kills (SIGKILL) or stops a peer and starts it again on the same data directory; resolves once ready. */
  async restart (peer: LocalPeer, how: 'kill' | 'stop'): Promise<RoleEvent> {
    peer.restarting = true
    if (how === 'kill') await peer.process.kill()
    else await peer.process.stop()
    peer.previous.push(peer.process)
    peer.process = new RoleProcess(peer.label, peer.args, { command: peer.command, logFile: join(peer.dataDir, EVENTS_FILE) })
    peer.restarting = false
    this.emit('restarted', peer)
    return await peer.process.next('ready')
  }

  /** Every peer, coordinator first. */
  all (): LocalPeer[] {
    return [...(this.coordinator === undefined ? [] : [this.coordinator]), ...this.verifiers, ...this.mirrors, ...this.volunteers]
  }

  /** Stops every process (SIGINT, then SIGKILL after the grace period). */
  async stop (): Promise<void> {
    await Promise.all(this.all().map(async (p) => await p.process.stop()))
  }
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}
