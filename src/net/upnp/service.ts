import { isIPv4 } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { upnpNat, type Gateway, type UPnPNAT } from '@achingbrain/nat-port-mapper'
import { TypedEventEmitter } from '@libp2p/interface'
import type { ComponentLogger, Libp2pEvents, Logger, PeerId, Startable, TypedEventTarget } from '@libp2p/interface'
import type { AddressManager } from '@libp2p/interface-internal'
import { isPrivateIp } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { isLoopbackHost } from '../address-policy.js'
import type { ErrorCode } from '../../util/error-codes.js'
import {
  EXTERNAL_CHECK_INTERVAL_MS, FIRST_SEARCH_RETRY_MS, MAPPED_ADDRESS_TTL_MS, MAPPING_TTL_MS, REQUEST_TIMEOUT_MS, SEARCH_MESSAGE_INTERVAL_MS,
  SEARCH_RETRY_MS, SEARCH_TIMEOUT_MS
} from './constants.js'
import { timeoutSignal } from '../../util/timeout-signal.js'

/** Options of the port-mapping service; every default is in constants.ts with its reason. */
export interface PortMappingInit {
  /**
   * Whether others on this network can dial `ip`, the router's external address: the node's address policy
   * (public addresses, and private ones inside `--reachable-cidr`). A router whose external address fails this sits
   * behind another NAT (a carrier's, a second router): a mapping there reaches nobody, so none is made.
   */
  reachable: (ip: string) => boolean
  /** The UPnP client; default @achingbrain/nat-port-mapper's, leasing for `mappingTtlMs` and renewing. */
  client?: UPnPNAT
  searchTimeoutMs?: number
  searchRetryMs?: number
  mappingTtlMs?: number
  externalCheckIntervalMs?: number
}

/** The libp2p components the service uses. */
export interface PortMappingComponents {
  peerId: PeerId
  logger: ComponentLogger
  events: TypedEventTarget<Libp2pEvents>
  addressManager: Pick<AddressManager, 'getAddressesWithMetadata' | 'addPublicAddressMapping' | 'removePublicAddressMapping' | 'confirmObservedAddr'>
}

/** What a step of port mapping came to (the `upnp` event's detail); addresses as `/ip4/A/tcp/P`. */
export type PortMappingEvent =
  | { outcome: 'mapped', internal: string, external: string, gateway: string, ms: number }
  | { outcome: 'refused', reason: ErrorCode, externalIp: string, gateway: string }
  | { outcome: 'failed', reason: string, internal?: string, gateway?: string }

export interface PortMappingEvents {
  upnp: CustomEvent<PortMappingEvent>
}

/** Asks the home router (UPnP IGD) to forward a port to each of our LAN addresses and advertises the outside
 * addresses (docs/network.md, "Port mapping"). */
export interface PortMappingService extends TypedEventTarget<PortMappingEvents>, Startable {
  /** What is mapped on the router now. */
  mappings: () => Array<{ internal: string, external: string }>
}

/** One port forwarded by the router; `advertisedIp` is the external address we advertise it at, if any. */
interface Mapped { host: string, port: number, externalPort: number, advertisedIp?: string }

export class UPnPPortMappingService extends TypedEventEmitter<PortMappingEvents> implements PortMappingService {
  readonly [Symbol.toStringTag] = 'pogs:upnp'
  private readonly client: UPnPNAT
  private readonly searchTimeoutMs: number
  private readonly searchRetryMs: number
  private readonly externalCheckIntervalMs: number
  private readonly log: Logger
  private readonly mapped = new Map<string, Mapped>()
  /** Addresses whose mapping the router refused, left alone until the next periodic check. */
  private readonly failed = new Set<string>()
  private gateway: Gateway | undefined
  private externalIp: string | undefined
  private controller = new AbortController()
  /** Passes run one at a time, in order. */
  private pass: Promise<void> = Promise.resolve()
  private checkTimer: NodeJS.Timeout | undefined
  private startedAt = 0

  constructor (private readonly components: PortMappingComponents, private readonly init: PortMappingInit) {
    super()
    this.searchTimeoutMs = init.searchTimeoutMs ?? SEARCH_TIMEOUT_MS
    this.searchRetryMs = init.searchRetryMs ?? SEARCH_RETRY_MS
    this.externalCheckIntervalMs = init.externalCheckIntervalMs ?? EXTERNAL_CHECK_INTERVAL_MS
    this.client = init.client ?? upnpNat({
      description: `pogs ${components.peerId.toString()}`,
      ttl: init.mappingTtlMs ?? MAPPING_TTL_MS,
      autoRefresh: true
    })
    this.log = components.logger.forComponent('pogs:upnp')
    this.onAddresses = this.onAddresses.bind(this)
  }

  start (): void {
    this.controller = new AbortController()
    this.startedAt = Date.now()
    // A listener that starts later, or any change of our addresses.
    this.components.events.addEventListener('transport:listening', this.onAddresses)
    this.components.events.addEventListener('self:peer:update', this.onAddresses)
  }

  /** Once the node has started (its transports listen): the search's window then runs while the process is idle
   * enough to read the router's answer, not while it is still busy starting. */
  afterStart (): void {
    // In the background: the search takes a moment, and the node must not wait for a router it may not have.
    void this.findGateway(this.controller.signal)
  }

  async stop (): Promise<void> {
    this.components.events.removeEventListener('transport:listening', this.onAddresses)
    this.components.events.removeEventListener('self:peer:update', this.onAddresses)
    this.controller.abort()
    clearInterval(this.checkTimer)
    await this.pass
    // Removes our mappings from the router and stops renewing them: a stopped peer must not leave a port open.
    await this.gateway?.stop({ signal: timeoutSignal(REQUEST_TIMEOUT_MS) })
      .catch((err: Error) => { this.log('could not remove the mappings from the router - %e', err) })
    for (const m of this.mapped.values()) this.withdraw(m)
    this.mapped.clear()
    this.failed.clear()
    this.gateway = undefined
    this.externalIp = undefined
  }

  mappings (): Array<{ internal: string, external: string }> {
    return [...this.mapped.values()].filter((m) => m.advertisedIp !== undefined)
      .map((m) => ({ internal: `/ip4/${m.host}/tcp/${m.port}`, external: `/ip4/${m.advertisedIp}/tcp/${m.externalPort}` }))
  }

  /** New listen addresses: map what is not mapped yet. */
  private onAddresses (): void {
    if (this.gateway !== undefined && this.unmapped().length > 0) this.schedule()
  }

  private async findGateway (signal: AbortSignal): Promise<void> {
    let reported = false
    let retryMs = Math.min(FIRST_SEARCH_RETRY_MS, this.searchRetryMs)
    while (!signal.aborted) {
      const gateway = await this.search(signal)
      if (gateway !== undefined) {
        this.gateway = gateway
        this.log('found the router at %s:%d', gateway.host, gateway.port)
        this.schedule()
        this.checkTimer = setInterval(() => { this.failed.clear(); this.schedule() }, this.externalCheckIntervalMs)
        this.checkTimer.unref()
        return
      }
      // Said once: `--upnp` on a network whose router does not answer is worth knowing, not worth repeating.
      if (!reported && !signal.aborted) this.report({ outcome: 'failed', reason: 'ERR_NO_GATEWAY' satisfies ErrorCode })
      reported = true
      await sleep(retryMs, undefined, { signal }).catch(() => {})
      retryMs = Math.min(retryMs * 2, this.searchRetryMs)
    }
  }

  /** One SSDP search; the first IPv4 gateway found, or undefined. */
  private async search (signal: AbortSignal): Promise<Gateway | undefined> {
    const window = AbortSignal.any([signal, timeoutSignal(this.searchTimeoutMs)])
    try {
      for await (const gateway of this.client.findGateways({ signal: window, searchInterval: SEARCH_MESSAGE_INTERVAL_MS })) {
        if (gateway.family === 'IPv4') return gateway
      }
    } catch (err) {
      if (!window.aborted) this.log('router search failed - %e', err)
    }
    return undefined
  }

  private schedule (): void {
    const signal = this.controller.signal
    this.pass = this.pass
      .then(async () => { await this.reconcile(signal) })
      .catch((err: Error) => { if (!signal.aborted) this.log('port mapping pass failed - %e', err) })
  }

  /** Asks the router for its external address, follows a change, and maps every LAN address not mapped yet. */
  private async reconcile (signal: AbortSignal): Promise<void> {
    const gateway = this.gateway
    if (gateway === undefined || signal.aborted) return
    const request = (): AbortSignal => AbortSignal.any([signal, timeoutSignal(REQUEST_TIMEOUT_MS)])
    const externalIp = await gateway.externalIp({ signal: request() })
    const where = `${gateway.host}:${gateway.port}`
    if (!isIPv4(externalIp)) {
      this.report({ outcome: 'failed', reason: 'ERR_INVALID_FIELD' satisfies ErrorCode, gateway: where })
      return
    }
    const changed = externalIp !== this.externalIp
    this.externalIp = externalIp
    if (changed) {
      for (const m of this.mapped.values()) this.advertise(m, externalIp)
      if (!this.init.reachable(externalIp)) {
        this.report({ outcome: 'refused', reason: 'ERR_DOUBLE_NAT' satisfies ErrorCode, externalIp, gateway: where })
      }
    }
    if (!this.init.reachable(externalIp)) return
    for (const { host, port } of this.unmapped()) {
      const internal = `/ip4/${host}/tcp/${port}`
      try {
        const mapping = await gateway.map(port, host, { protocol: 'TCP', signal: request() })
        const m: Mapped = { host, port, externalPort: mapping.externalPort }
        this.mapped.set(`${host}:${port}`, m)
        this.advertise(m, externalIp)
        this.log('the router forwards %s:%d to %s', externalIp, m.externalPort, internal)
        this.report({ outcome: 'mapped', internal, external: `/ip4/${externalIp}/tcp/${m.externalPort}`, gateway: where, ms: Date.now() - this.startedAt })
      } catch (err) {
        if (signal.aborted) return
        this.failed.add(`${host}:${port}`)
        this.report({ outcome: 'failed', reason: (err as Error).name, internal, gateway: where })
      }
    }
  }

  /** Advertises `m` at `externalIp` (confirmed at once: the router forwards it, and the policy says others can
   * reach that address), or withdraws it when they cannot. */
  private advertise (m: Mapped, externalIp: string): void {
    this.withdraw(m)
    if (!this.init.reachable(externalIp)) return
    const am = this.components.addressManager
    am.addPublicAddressMapping(m.host, m.port, externalIp, m.externalPort, 'tcp')
    am.confirmObservedAddr(multiaddr(`/ip4/${externalIp}/tcp/${m.externalPort}`), { type: 'ip-mapping', ttl: MAPPED_ADDRESS_TTL_MS })
    m.advertisedIp = externalIp
  }

  private withdraw (m: Mapped): void {
    if (m.advertisedIp === undefined) return
    this.components.addressManager.removePublicAddressMapping(m.host, m.port, m.advertisedIp, m.externalPort, 'tcp')
    m.advertisedIp = undefined
  }

  /** Our TCP listen addresses on the LAN (private IPv4, not loopback or link-local) that are not mapped yet. */
  private unmapped (): Array<{ host: string, port: number }> {
    const out: Array<{ host: string, port: number }> = []
    for (const { multiaddr: ma, type } of this.components.addressManager.getAddressesWithMetadata()) {
      if (type !== 'transport') continue
      const [ip, tcp, ...rest] = ma.getComponents()
      if (ip?.name !== 'ip4' || tcp?.name !== 'tcp' || rest.length > 0) continue
      const host = ip.value ?? ''
      const port = Number(tcp.value)
      // A host with a public address needs no mapping; loopback and link-local ones are not on the router's LAN.
      if (isPrivateIp(host) !== true || isLoopbackHost(host) || host.startsWith('169.254.') || port === 0) continue
      const key = `${host}:${port}`
      if (!this.mapped.has(key) && !this.failed.has(key)) out.push({ host, port })
    }
    return out
  }

  private report (event: PortMappingEvent): void {
    this.log('%s', event.outcome)
    this.safeDispatchEvent('upnp', { detail: event })
  }
}
