import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { withLibp2pLight, type HeliaWithLibp2p } from '@helia/libp2p'
import type { KadDHTInit } from '@libp2p/kad-dht'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { FsBlockstore } from 'blockstore-fs'
import { LevelDatastore } from 'datastore-level'
import { Key, type Datastore } from 'interface-datastore'
import { MemoryDatastore, MountDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { AddressPolicy, type Cidr, type NetworkMode } from './address-policy.js'
import { loadOrCreateIdentity, type Identity } from './identity.js'
import { bootstrapAddresses, dialBootstrap } from './bootstrap.js'
import { pogsLibp2pOptions, type PogsServices } from './libp2p-options.js'
import type { ProtocolHost } from './request-response.js'
import { startListening } from './listen-errors.js'
import { SMALL_BLOCK_BYTES, withSeedingBitswap, type SeedingPolicy, type SeedLimiter } from './seeding.js'
import { routeWants, type WantRouter } from './want-routing.js'

/**
 * libp2p's view of the datastore: its peer store in memory, everything else (DHT records, provider records) in the
 * peer's persistent datastore. libp2p rewrites a peer's record on every stream it opens or accepts (to note the
 * protocol); on disk that was a LevelDB read and write per request, a large share of a busy coordinator's CPU.
 * Peer addresses are worth little across restarts (ports change; bootstrap lists and the DHT find peers again).
 */
function libp2pDatastore (persistent: Datastore): Datastore {
  return new MountDatastore([
    { prefix: new Key(PEER_STORE_PREFIX), datastore: new MemoryDatastore() },
    { prefix: new Key('/'), datastore: persistent }
  ])
}

/** Where @libp2p/peer-store keeps its records. */
const PEER_STORE_PREFIX = '/peers'

export type { PogsServices }

/** A pogs libp2p node. */
export type PogsLibp2p = Libp2p<PogsServices>

/** Options of one peer's node. */
export interface PogsNodeInit {
  /** The peer's own state directory: identity key, blocks, datastore. */
  dataDir: string
  /** Listen addresses; default one loopback TCP port chosen by the OS (listen-addresses.ts picks the CLI's). */
  listen?: string[]
  /** Addresses others should dial (a server's public address or DNS name); default: what we listen on and what
   * others observe, minus what the address policy keeps to itself. */
  announce?: string[]
  /** Peers dialled at start (multiaddrs ending in /p2p/<peer id>). */
  bootstrap?: Array<string | Multiaddr>
  /** Private DHT protocol id; default /pogs/kad/1.0.0. */
  dhtProtocol?: string
  /** `local` (loopback, one LAN: every address kept, per-host connection limits lifted) or `public` (only dialable
   * addresses advertised and kept, relays and AutoNAT on). Default `local`, what the demo and the loopback tests
   * run; the CLI picks `public` as soon as an address is not on this machine (listen-addresses.ts). */
  network?: NetworkMode
  /** Private ranges reachable on this network after all (`--reachable-cidr`). */
  reachableCidrs?: Cidr[]
  /** Relay role (libp2p-options.ts); default client on a public network. */
  relay?: 'client' | 'none'
  /** Ask the home router for a port mapping (UPnP). */
  upnp?: boolean
  /** Query the DHT without answering it. Volunteers at home on a public network do: a peer behind NAT can only be
   * reached through a relay, so every DHT query that found it in a routing table would cost the asker a relayed
   * connection and a hole-punch attempt (seen in the namespace test: the coordinator, verifiers and mirror punched
   * holes to volunteers only to ask them DHT questions). Default false: every other peer serves the DHT. */
  dhtClient?: boolean
  /** Most connections kept open (libp2p-options.ts); default libp2p's 300. */
  maxConnections?: number
  /** The local address outgoing TCP connections are made from (`--dial-from`); default the system's choice. */
  dialFrom?: string
  /** Further kad-dht options (tests shorten the self-query interval). */
  dht?: Partial<KadDHTInit>
  /** Serve each block to a bounded number of peers at a time (seeding.ts); the coordinator's default. */
  seeding?: SeedingPolicy
  /**
   * Registers the peer's own protocol handlers (ProtocolServer.start on `host`, answers signed with `privateKey`)
   * while the node starts, before it listens: a peer that connects as soon as it can is never told a protocol this
   * node serves is unsupported (a volunteer would then submit results one by one until it reconnected).
   */
  protocols?: (host: ProtocolHost, privateKey: PrivateKey) => Promise<void>
}

/** One peer: identity, libp2p (TCP, Noise, Yamux, Identify, Ping, Kad-DHT) and Helia with bitswap on it. */
export interface PogsNode {
  identity: Identity
  peerId: PeerId
  libp2p: PogsLibp2p
  helia: HeliaWithLibp2p<PogsServices>
  /** The addresses others can dial, with the /p2p/ suffix (the announce addresses, else listen and observed ones
   * the address policy lets out), ready to hand to other peers. */
  addrs: () => Multiaddr[]
  /** What this node advertises and keeps. */
  policy: AddressPolicy
  /** The seeding limiter when the node seeds under a policy (its counters say what was served and deferred). */
  seeding: SeedLimiter | undefined
  /** Which peer each wanted block is asked of (want-routing.ts; its counters say how often it hedged). */
  wants: WantRouter
  /** Stops Helia and libp2p and closes the stores. Safe to call twice. */
  stop: () => Promise<void>
}

/**
 * Starts a peer with persistent state in `dataDir` (identity.key, blocks/, datastore/) and dials the bootstrap
 * peers. Resolves once listening; bootstrap dials that fail are reported in `unreachable` rather than thrown so
 * a peer can start while some of its list is offline (callers decide whether none reachable is fatal).
 */
export async function startPogsNode (init: PogsNodeInit): Promise<PogsNode & { unreachable: string[] }> {
  const identity = await loadOrCreateIdentity(init.dataDir)
  const bootstrap = bootstrapAddresses(init.bootstrap)
  const policy = new AddressPolicy(init.network ?? 'local', init.reachableCidrs)
  const protocols = init.protocols
  await mkdir(init.dataDir, { recursive: true })
  const blockstore = new FsBlockstore(join(init.dataDir, 'blocks'))
  const datastore = new LevelDatastore(join(init.dataDir, 'datastore'))
  await blockstore.open()
  await datastore.open()
  // Helia light + libp2p light + bitswap: no public-network defaults (mdns, public bootstrap, autoTLS, delegated
  // routing, webrtc, upnp), one libp2p per peer (docs/network.md#pitfalls).
  const helia = withLibp2pLight(createHeliaLight({ blockstore, datastore }), pogsLibp2pOptions({
    privateKey: identity.privateKey,
    datastore: libp2pDatastore(datastore),
    policy,
    listen: init.listen ?? ['/ip4/127.0.0.1/tcp/0'],
    announce: init.announce,
    dhtProtocol: init.dhtProtocol,
    dht: init.dht,
    relay: init.relay,
    upnp: init.upnp,
    dhtClient: init.dhtClient,
    maxConnections: init.maxConnections,
    dialFrom: init.dialFrom,
    ...(protocols !== undefined ? { beforeListen: async (host: ProtocolHost) => { await protocols(host, identity.privateKey) } } : {})
  }))
  // A want-have for a small block is answered with the block (want-routing.ts: one round trip instead of two).
  const seeding = withSeedingBitswap(helia, { maxSizeReplaceHasWithBlock: SMALL_BLOCK_BYTES }, init.seeding)
  let wants: WantRouter | undefined
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    seeding?.stop()
    wants?.stop()
    // helia.stop() stops libp2p but leaves the stores open (docs/network.md#pitfalls).
    await helia.stop()
    await blockstore.close()
    await datastore.close()
  }
  try {
    await startListening(async () => { await helia.start() }, init.listen)
    wants = routeWants(helia)
  } catch (err) {
    await stop().catch(() => {})
    throw err
  }
  const libp2p = helia.libp2p
  // A refusal, not an error: the peer stays in our DHT with the addresses others can dial (debug level, since any
  // peer on the network can make us log this).
  const policyLog = libp2p.logger.forComponent('pogs:net:address-policy')
  policy.onDropped = (peer, count) => { policyLog('dropped %d undialable addresses advertised by %s', count, peer) }
  const router = wants as WantRouter // set in the try above, whose catch rethrows
  const unreachable = await dialBootstrap(libp2p, bootstrap)
  return {
    identity,
    peerId: libp2p.peerId,
    libp2p,
    helia,
    addrs: () => libp2p.getMultiaddrs(),
    policy,
    seeding,
    wants: router,
    stop,
    unreachable
  }
}
