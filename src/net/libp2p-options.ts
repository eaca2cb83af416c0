// The libp2p configuration every pogs peer shares (Helia peers and seeds alike): transports, encryption, muxing,
// address policy, connection limits and the base services. One place, so a seed and a volunteer can never disagree
// on the DHT protocol or the address rules (docs/network.md, "Addresses and network modes").
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { autoNAT } from '@libp2p/autonat'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { kadDHT, type KadDHTInit } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { webSocketListener } from './websocket-listener.js'
import type { Identify } from '@libp2p/identify'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'
import type { PrivateKey } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import type { Datastore } from 'interface-datastore'
import type { Libp2pOptions } from 'libp2p'
import type { AddressPolicy } from './address-policy.js'
import {
  DEFAULT_DHT_PROTOCOL, DIAL_TIMEOUT_MS, IDENTIFY_TIMEOUT_MS, LOOPBACK_ALLOW, MANIFEST_KEY_NAMESPACE, RELAY_DATA_LIMIT_BYTES,
  RELAY_DURATION_LIMIT_MS, RELAY_MAX_RESERVATIONS, RELAY_RESERVATION_TTL_MS
} from './constants.js'
import { holePunch, type HolePunchService } from './hole-punch/index.js'
import { selectManifestRecord, validateManifestRecord } from './manifest-record.js'
import { NewestRecordDatastore } from './newest-record-datastore.js'
import type { ProtocolHost } from './request-response.js'
import { portMapping, type PortMappingService } from './upnp/index.js'

/** The libp2p services every pogs peer runs (others, such as the relay server, are optional). */
export interface PogsServices extends Record<string, unknown> {
  identify: Identify
  ping: Ping
  dht: KadDHT
  /** Present wherever relayed connections are (public networks): upgrades them to direct ones (hole-punch/). */
  holePunch?: HolePunchService
  /** Present with `--upnp`: the port mapping on the home router (upnp/). */
  upnp?: PortMappingService
}

/** What a peer's libp2p is built from. */
export interface Libp2pOptionsInit {
  privateKey: PrivateKey
  datastore: Datastore
  policy: AddressPolicy
  /** Listen addresses (already defaulted by the caller). */
  listen: string[]
  /** Addresses others should dial instead of the listen addresses (a server's public address or DNS name). */
  announce?: string[]
  dhtProtocol?: string
  dht?: Partial<KadDHTInit>
  /** `client`: may listen on `/p2p-circuit` (reserve a slot on a relay) and dial relayed addresses; `server`: also
   * relays for others (a seed). Default: client on a public network, none on a local one. */
  relay?: 'client' | 'server' | 'none'
  /** Ask the home router for a port mapping (UPnP IGD) and advertise it when the policy says others can reach the
   * router's external address (upnp/). */
  upnp?: boolean
  /** Use the DHT without serving it (a volunteer at home on a public network): see dhtClient in node.ts. */
  dhtClient?: boolean
  /** Most connections kept open on a public network (see the constants); default libp2p's 300. */
  maxConnections?: number
  /** The local address outgoing TCP connections are made from (a host with several addresses); default the
   * system's choice. */
  dialFrom?: string
  /** Registers protocol handlers while libp2p starts, before its transports listen. */
  beforeListen?: (host: ProtocolHost) => Promise<void>
}

/**
 * The libp2p options of one peer, without Helia's parts. Services: identify, ping, the private Kad-DHT (server mode),
 * AutoNAT (answers others' reachability checks and checks our own public addresses), a relay server on seeds, UPnP
 * on request.
 */
export function pogsLibp2pOptions (init: Libp2pOptionsInit): Libp2pOptions<PogsServices> {
  const { policy } = init
  const local = policy.mode === 'local'
  const relay = init.relay ?? (local ? 'none' : 'client')
  const dht: KadDHTInit = {
    protocol: init.dhtProtocol ?? DEFAULT_DHT_PROTOCOL,
    clientMode: init.dhtClient ?? false,
    // Which peers' addresses we keep and pass on: everything on a local network (the default mapper drops
    // private addresses, so loopback peers would vanish: docs/network.md#pitfalls), only dialable ones on a
    // public one.
    peerInfoMapper: policy.peerInfoMapper,
    validators: { [MANIFEST_KEY_NAMESPACE]: validateManifestRecord },
    selectors: { [MANIFEST_KEY_NAMESPACE]: selectManifestRecord },
    ...init.dht
  }
  const services: Record<string, (components: never) => unknown> = {
    // A home line or a peer on another continent can take a few seconds to answer identify; libp2p's 5 s default
    // then drops the peer's protocols and the DHT never learns of it.
    identify: local ? identify() : identify({ timeout: IDENTIFY_TIMEOUT_MS }),
    ping: ping(),
    dht: kadDHT(dht)
  }
  // A seed answers reachability checks on any network (its job); other peers check themselves on public ones only.
  if (!local || relay === 'server') services.autoNAT = autoNAT()
  if (relay === 'server') {
    services.relay = circuitRelayServer({
      reservations: {
        maxReservations: RELAY_MAX_RESERVATIONS,
        reservationTtl: RELAY_RESERVATION_TTL_MS,
        defaultDataLimit: RELAY_DATA_LIMIT_BYTES,
        defaultDurationLimit: RELAY_DURATION_LIMIT_MS
      }
    })
  }
  // Relayed connections carry control traffic only; two peers that meet over one punch a hole through their NATs
  // for everything else (docs/network.md, "Hole punching").
  if (relay !== 'none') services.holePunch = holePunch()
  // Our own UPnP service rather than @libp2p/upnp-nat's, which refuses any router whose external address is private
  // ("double NAT"), even inside a range the network declares reachable (`--reachable-cidr`: a campus network, the
  // namespace tests): here the address policy decides (docs/network.md, "Port mapping").
  if (init.upnp === true) services.upnp = portMapping({ reachable: (ip) => policy.isDialable(multiaddr(`/ip4/${ip}`)) })
  if (init.beforeListen !== undefined) services.protocols = registerBeforeListen(init.beforeListen)
  return {
    privateKey: init.privateKey,
    // kad-dht would let an older record a peer PUTs replace the newer one it holds; this keeps the one the DHT's
    // own selectors prefer (newest-record-datastore.ts).
    datastore: new NewestRecordDatastore(init.datastore, { datastorePrefix: dht.datastorePrefix, selectors: dht.selectors ?? {} }),
    addresses: {
      listen: init.listen,
      ...(init.announce !== undefined && init.announce.length > 0 ? { announce: init.announce } : {}),
      // What identify, the DHT and our manifests advertise: never loopback or home addresses on a public network.
      announceFilter: (addrs) => policy.advertisable(addrs)
    },
    // WebSockets: what browsers dial (public roles listen on /ws as well; Node peers never dial it: docs/network.md#browsers).
    transports: [tcpTransport(init.dialFrom), webSocketListener(), ...(relay === 'none' ? [] : [circuitRelayTransport()])],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // On loopback every peer is one host, so the per-host inbound limits would throttle a local network
    // (docs/network.md#pitfalls); on a public network they protect us and stay on.
    connectionManager: local
      ? { allow: [LOOPBACK_ALLOW], ...(init.maxConnections !== undefined ? { maxConnections: init.maxConnections } : {}) }
      : { dialTimeout: DIAL_TIMEOUT_MS, ...(init.maxConnections !== undefined ? { maxConnections: init.maxConnections } : {}) },
    // A peer fitting on every core answers pings late; libp2p would then abort a healthy connection (seen at load
    // 50 mid-request). Dead peers are still found: TCP errors and request timeouts close their connections.
    connectionMonitor: { abortConnectionOnPingFailure: false },
    // The optional services make the map's type dynamic; the three every peer has are typed by PogsServices.
    services: services as unknown as Libp2pOptions<PogsServices>['services']
  }
}

/**
 * A service that hands libp2p's registrar to `register` when it starts. libp2p starts every service (identify and
 * the DHT register their handlers there too) before its transports listen (their afterStart), so a peer that
 * connects at once already finds the handlers: without this a node's own protocols could only be registered once
 * it was listening, and a peer connecting in between was told they are unsupported.
 */
function registerBeforeListen (register: (host: ProtocolHost) => Promise<void>): (components: { registrar: ProtocolHost }) => { start: () => Promise<void>, stop: () => void } {
  return (components) => ({
    start: async () => { await register(components.registrar) },
    stop: () => {}
  })
}

/** The TCP transport, dialling from `dialFrom` when given: @libp2p/tcp hands its dial options to net.connect, whose
 * `localAddress` binds the socket's source address (its own type lists only a subset of net.connect's options). */
function tcpTransport (dialFrom: string | undefined): ReturnType<typeof tcp> {
  return dialFrom === undefined ? tcp() : tcp({ dialOpts: { localAddress: dialFrom } as TcpDialOptions })
}

type TcpDialOptions = NonNullable<Parameters<typeof tcp>[0]>['dialOpts']
