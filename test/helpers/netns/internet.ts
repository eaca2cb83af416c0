import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { guardExit } from './exit-guard.js'
import { netnsName, newRunId, removeOwner, sweep, writeOwner } from './owner.js'
import { LAN_IF, routerRuleset, WAN_IF, type NatKind } from './router-rules.js'
import { destroyNetnsSync, inNetns, ipBatch, tool } from './tools.js'

/** A host on the public segment (the "internet"), with its own public address. */
export interface PublicHost {
  readonly kind: 'public'
  readonly label: string
  readonly netns: string
  readonly address: string
}

/** A home router: WAN leg on the public segment, LAN bridge `lanPrefix.0/24` at `lanPrefix.1`, NAT between. */
export interface Router {
  readonly kind: 'router'
  readonly label: string
  readonly netns: string
  readonly nat: NatKind
  readonly wanAddress: string
  readonly lanAddress: string
  readonly lanCidr: string
}

/** A host on a router's LAN; its default route is the router. */
export interface HomeHost {
  readonly kind: 'home'
  readonly label: string
  readonly netns: string
  readonly address: string
  readonly router: Router
}

export type Host = PublicHost | HomeHost
/** Anything with a namespace that `run` and `exec` can enter. */
export type NetnsNode = Host | Router

export interface InternetInit {
  /** First three octets of the public /24 (default '10.77.0'); each run has its own switch, so runs may share it. */
  publicPrefix?: string
}

export interface RouterInit {
  nat: NatKind
  /** First three octets of the LAN /24 (default `192.168.<n>` for the n-th router, from 1); may repeat across routers. */
  lanPrefix?: string
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
}

const PUBLIC_PREFIX = '10.77.0'
const SWITCH_LABEL = 'switch'
const BRIDGE_IF = 'br0'
const HOST_IF = 'eth0'
const LABEL_RE = /^[a-z0-9]{1,12}$/
/** How long teardown waits for killed children to be reaped (ms). */
const REAP_TIMEOUT_MS = 5_000

/**
 * Builds a small internet of network namespaces for one test run, and tears it down. Create with
 * `createInternet()`; see ./index.ts for the picture.
 */
export class Internet {
  readonly publicCidr: string
  private readonly created: string[] = []
  private readonly children = new Set<ChildProcessWithoutNullStreams>()
  private readonly homeCount = new Map<string, number>()
  private nextPublic = 2
  private routers = 0
  private ports = 0
  private unguard: () => void = () => {}
  private teardownDone: Promise<void> | undefined

  /** Use createInternet(). */
  constructor (readonly runId: string, private readonly publicPrefix: string) {
    this.publicCidr = `${publicPrefix}.0/24`
  }

  /** The switch namespace, holding the public bridge. */
  get switchNetns (): string { return netnsName(this.runId, SWITCH_LABEL) }

  /** Names of the namespaces this run created, switch first (still listed after teardown, for checks). */
  get namespaces (): readonly string[] { return this.created }

  /** @internal */
  async init (): Promise<void> {
    writeOwner(this.runId)
    this.unguard = guardExit(() => { this.teardownSync() })
    await this.addNamespace(SWITCH_LABEL)
    await ipBatch(this.switchNetns, [`link add ${BRIDGE_IF} type bridge`, `link set ${BRIDGE_IF} up`])
  }

  /** Adds a host on the public segment, with the next free public address. */
  async addPublicHost (label: string): Promise<PublicHost> {
    const netns = await this.addNamespace(label)
    const address = this.allocatePublic()
    await this.plugIntoSwitch(netns, HOST_IF)
    await ipBatch(netns, [`addr add ${address}/24 dev ${HOST_IF}`, `link set ${HOST_IF} up`])
    return { kind: 'public', label, netns, address }
  }

  /** Adds a home router with a WAN address on the public segment and an empty LAN. */
  async addRouter (label: string, init: RouterInit): Promise<Router> {
    const index = ++this.routers
    const lanPrefix = init.lanPrefix ?? `192.168.${index}`
    const netns = await this.addNamespace(label)
    const wanAddress = this.allocatePublic()
    const lanAddress = `${lanPrefix}.1`
    await inNetns(netns, 'sh', ['-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward'])
    await this.plugIntoSwitch(netns, WAN_IF)
    await ipBatch(netns, [
      `addr add ${wanAddress}/24 dev ${WAN_IF}`,
      `link set ${WAN_IF} up`,
      `link add ${LAN_IF} type bridge`,
      `addr add ${lanAddress}/24 dev ${LAN_IF}`,
      `link set ${LAN_IF} up`
    ])
    await inNetns(netns, 'nft', ['-f', '-'], { input: routerRuleset(init.nat) })
    return { kind: 'router', label, netns, nat: init.nat, wanAddress, lanAddress, lanCidr: `${lanPrefix}.0/24` }
  }

  /** Adds a host on `router`'s LAN (next free address from `.2`), routing everything through the router. */
  async addHomeHost (router: Router, label: string): Promise<HomeHost> {
    const n = (this.homeCount.get(router.netns) ?? 0) + 1
    this.homeCount.set(router.netns, n)
    const netns = await this.addNamespace(label)
    const lanPrefix = router.lanAddress.slice(0, router.lanAddress.lastIndexOf('.'))
    const address = `${lanPrefix}.${n + 1}`
    const port = `l${n}`
    await ipBatch(router.netns, [
      `link add ${port} type veth peer name ${HOST_IF} netns ${netns}`,
      `link set ${port} master ${LAN_IF} up`
    ])
    await ipBatch(netns, [
      `addr add ${address}/24 dev ${HOST_IF}`,
      `link set ${HOST_IF} up`,
      `route add default via ${router.lanAddress}`
    ])
    return { kind: 'home', label, netns, address, router }
  }

  /**
   * Spawns `cmd args` inside `node`'s namespace (`ip netns exec`, which execs, so the child's pid is the command's)
   * with piped stdio. The child is tracked: teardown kills it.
   */
  run (node: NetnsNode, cmd: string, args: string[] = [], opts: RunOptions = {}): ChildProcessWithoutNullStreams {
    if (this.teardownDone !== undefined) throw new Error('Internet is torn down')
    const child = spawn('ip', ['netns', 'exec', node.netns, cmd, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      cwd: opts.cwd
    })
    this.children.add(child)
    child.on('close', () => this.children.delete(child))
    return child
  }

  /** Runs `cmd args` inside `node`'s namespace to completion; resolves with stdout, rejects with NetnsCommandError. */
  async exec (node: NetnsNode, cmd: string, args: string[] = [], init: { input?: string } = {}): Promise<string> {
    return await inNetns(node.netns, cmd, args, init)
  }

  /**
   * Kills every tracked process and every other process inside the run's namespaces, deletes the namespaces (their
   * veths, bridges and nft tables go with them: nothing is created in the root namespace) and the owner file.
   * Idempotent; later calls return the first call's promise.
   */
  async teardown (): Promise<void> {
    this.teardownDone ??= (async () => {
      const reaped = [...this.children].map(async (c) => {
        if (c.exitCode === null && c.signalCode === null) await new Promise((resolve) => c.once('close', resolve))
      })
      this.teardownSync()
      let timer: NodeJS.Timeout | undefined
      await Promise.race([Promise.all(reaped), new Promise((resolve) => { timer = setTimeout(resolve, REAP_TIMEOUT_MS) })])
      clearTimeout(timer)
    })()
    await this.teardownDone
  }

  private teardownSync (): void {
    for (const c of this.children) c.kill('SIGKILL')
    // Hosts and routers before the switch; each delete is a no-op once done.
    for (const netns of [...this.created].reverse()) destroyNetnsSync(netns)
    removeOwner(this.runId)
    this.unguard()
  }

  private async addNamespace (label: string): Promise<string> {
    if (!LABEL_RE.test(label)) throw new TypeError(`label must match ${LABEL_RE}: ${label}`)
    const netns = netnsName(this.runId, label)
    if (this.created.includes(netns)) throw new TypeError(`label already used in this run: ${label}`)
    this.created.push(netns)
    await tool('ip', ['netns', 'add', netns])
    // No IPv6, so no link-local addresses: only the addresses this harness assigns exist.
    await inNetns(netns, 'sh', ['-c', 'for f in all default; do echo 1 > /proc/sys/net/ipv6/conf/$f/disable_ipv6; done'])
    await ipBatch(netns, ['link set lo up'])
    return netns
  }

  private allocatePublic (): string {
    if (this.nextPublic > 254) throw new RangeError(`public segment ${this.publicCidr} is full`)
    return `${this.publicPrefix}.${this.nextPublic++}`
  }

  private async plugIntoSwitch (netns: string, ifname: string): Promise<void> {
    const port = `p${++this.ports}`
    await ipBatch(this.switchNetns, [
      `link add ${port} type veth peer name ${ifname} netns ${netns}`,
      `link set ${port} master ${BRIDGE_IF} up`
    ])
  }
}

/**
 * Sweeps stale runs (sweep()), then creates an empty internet for this run: the switch namespace with the public
 * bridge. Tear it down with `teardown()` (also done on exit and on SIGINT/SIGTERM/SIGHUP).
 */
export async function createInternet (init: InternetInit = {}): Promise<Internet> {
  sweep()
  const net = new Internet(newRunId(), init.publicPrefix ?? PUBLIC_PREFIX)
  try {
    await net.init()
  } catch (err) {
    await net.teardown()
    throw err
  }
  return net
}
