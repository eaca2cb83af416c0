import type { Gateway, MapPortOptions, PortMapping, UPnPNAT } from '@achingbrain/nat-port-mapper'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { TypedEventEmitter, type ComponentLogger, type Libp2pEvents } from '@libp2p/interface'
import type { NodeAddress } from '@libp2p/interface-internal'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { afterEach, describe, expect, test } from 'vitest'
import { AddressPolicy, parseCidr } from '../../../src/net/address-policy.js'
import { portMapping, type PortMappingComponents, type PortMappingEvent, type PortMappingService } from '../../../src/net/upnp/index.js'

// The port-mapping service against an in-memory router (the UPnP client's Gateway) and address manager: what it
// maps, what it advertises and when it refuses, by the node's address policy. The real router (miniupnpd in a
// namespace) is test/internet/upnp.test.ts's.

/** A router that forwards whatever it is asked to, keeping the port, and reports `externalIp`. */
class MemoryGateway implements Gateway {
  readonly id = 'memory-igd'
  readonly host = '192.168.1.1'
  readonly port = 5000
  readonly family = 'IPv4' as const
  readonly forwards = new Map<number, string>()
  stopped = false
  constructor (public address: string) {}
  async externalIp (): Promise<string> { return this.address }
  async map (internalPort: number, internalHost: string, _options?: MapPortOptions): Promise<PortMapping> {
    this.forwards.set(internalPort, internalHost)
    return { externalHost: this.address, externalPort: internalPort, internalHost, internalPort, protocol: 'TCP' }
  }

  mapAll (): AsyncGenerator<PortMapping, void, unknown> { throw new Error('not used') }
  async unmap (internalPort: number): Promise<void> { this.forwards.delete(internalPort) }
  async stop (): Promise<void> { this.forwards.clear(); this.stopped = true }
}

function client (gateway: Gateway | undefined): UPnPNAT & { searches: number } {
  const c = {
    searches: 0,
    async * findGateways () { c.searches++; if (gateway !== undefined) yield gateway },
    async getGateway (): Promise<Gateway> { throw new Error('not used') }
  }
  return c
}

/** The calls the service makes on libp2p's address manager, with our listen addresses. */
class MemoryAddressManager {
  readonly added: string[] = []
  readonly removed: string[] = []
  readonly confirmed: string[] = []
  constructor (private readonly listen: string[]) {}
  getAddressesWithMetadata (): NodeAddress[] {
    return this.listen.map((a) => ({ multiaddr: multiaddr(a), type: 'transport', verified: true, expires: 0 }))
  }

  addPublicAddressMapping (ip: string, port: number, externalIp: string, externalPort?: number): void { this.added.push(`${ip}:${port} ${externalIp}:${externalPort}`) }
  removePublicAddressMapping (ip: string, port: number, externalIp: string, externalPort?: number): void { this.removed.push(`${ip}:${port} ${externalIp}:${externalPort}`) }
  confirmObservedAddr (addr: Multiaddr): void { this.confirmed.push(addr.toString()) }
}

const silent = Object.assign(() => {}, { enabled: false, error: () => {}, trace: () => {} })
const logger = { forComponent: () => silent } as unknown as ComponentLogger
const LISTEN = ['/ip4/127.0.0.1/tcp/4100', '/ip4/192.168.1.2/tcp/4100', '/ip4/192.168.1.2/tcp/4100/p2p/12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5/p2p-circuit']
const running: PortMappingService[] = []

afterEach(async () => { await Promise.all(running.splice(0).map(async (s) => { await s.stop() })) })

async function start (policy: AddressPolicy, gateway: Gateway | undefined, opts: { searchRetryMs?: number, externalCheckIntervalMs?: number } = {}): Promise<{ service: PortMappingService, am: MemoryAddressManager, events: PortMappingEvent[], c: ReturnType<typeof client> }> {
  const am = new MemoryAddressManager(LISTEN)
  const c = client(gateway)
  const components: PortMappingComponents = {
    peerId: peerIdFromPrivateKey(await generateKeyPair('Ed25519')),
    logger,
    events: new TypedEventEmitter<Libp2pEvents>(),
    addressManager: am
  }
  const service = portMapping({ reachable: (ip) => policy.isDialable(multiaddr(`/ip4/${ip}`)), client: c, searchTimeoutMs: 50, ...opts })(components)
  const events: PortMappingEvent[] = []
  service.addEventListener('upnp', (e) => { events.push(e.detail) })
  running.push(service)
  await service.start()
  await service.afterStart?.()
  return { service, am, events, c }
}

async function until (check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('UPnP port mapping', () => {
  test('a router with a public external address forwards our LAN address, which is advertised at once', async () => {
    const gateway = new MemoryGateway('1.2.3.4')
    const { service, am, events } = await start(new AddressPolicy('public'), gateway)
    await until(() => events.length > 0)
    expect(events).toEqual([{ outcome: 'mapped', internal: '/ip4/192.168.1.2/tcp/4100', external: '/ip4/1.2.3.4/tcp/4100', gateway: '192.168.1.1:5000', ms: expect.any(Number) }])
    // Only the LAN address: not loopback, not the relayed one.
    expect([...gateway.forwards]).toEqual([[4100, '192.168.1.2']])
    expect(am.added).toEqual(['192.168.1.2:4100 1.2.3.4:4100'])
    expect(am.confirmed).toEqual(['/ip4/1.2.3.4/tcp/4100'])
    expect(service.mappings()).toEqual([{ internal: '/ip4/192.168.1.2/tcp/4100', external: '/ip4/1.2.3.4/tcp/4100' }])
  })

  test('a router behind another NAT (a private external address) is refused: nothing is mapped or advertised', async () => {
    const gateway = new MemoryGateway('100.64.0.9')
    const { am, events } = await start(new AddressPolicy('public'), gateway)
    await until(() => events.length > 0)
    expect(events).toEqual([{ outcome: 'refused', reason: 'ERR_DOUBLE_NAT', externalIp: '100.64.0.9', gateway: '192.168.1.1:5000' }])
    expect(gateway.forwards.size).toBe(0)
    expect(am.added).toEqual([])
  })

  test('a private external address inside a reachable range (--reachable-cidr) is mapped', async () => {
    const gateway = new MemoryGateway('10.77.0.5')
    const { am, events } = await start(new AddressPolicy('public', [parseCidr('10.77.0.0/24')]), gateway)
    await until(() => events.length > 0)
    expect(events[0]).toMatchObject({ outcome: 'mapped', external: '/ip4/10.77.0.5/tcp/4100' })
    expect(am.confirmed).toEqual(['/ip4/10.77.0.5/tcp/4100'])
  })

  test('a new external address is followed, and stop removes the forwards and withdraws the address', async () => {
    const gateway = new MemoryGateway('1.2.3.4')
    const { service, am, events } = await start(new AddressPolicy('public'), gateway, { externalCheckIntervalMs: 50 })
    await until(() => events.length > 0)
    gateway.address = '5.6.7.8'
    await until(() => am.added.length === 2)
    expect(am.removed).toEqual(['192.168.1.2:4100 1.2.3.4:4100'])
    expect(am.added[1]).toBe('192.168.1.2:4100 5.6.7.8:4100')
    expect(service.mappings()).toEqual([{ internal: '/ip4/192.168.1.2/tcp/4100', external: '/ip4/5.6.7.8/tcp/4100' }])
    await service.stop()
    expect(gateway.stopped).toBe(true)
    expect(gateway.forwards.size).toBe(0)
    expect(am.removed).toEqual(['192.168.1.2:4100 1.2.3.4:4100', '192.168.1.2:4100 5.6.7.8:4100'])
    expect(service.mappings()).toEqual([])
  })

  test('no router on the network: said once, searched again', async () => {
    const { events, c } = await start(new AddressPolicy('public'), undefined, { searchRetryMs: 20 })
    await until(() => c.searches >= 3)
    expect(events).toEqual([{ outcome: 'failed', reason: 'ERR_NO_GATEWAY' }])
  })
})
