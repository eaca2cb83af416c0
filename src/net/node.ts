import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { withLibp2pLight, type HeliaWithLibp2p } from '@helia/libp2p'
import { identify } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper, type KadDHT, type KadDHTInit } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import type { Identify } from '@libp2p/identify'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'
import { CODE_P2P, type Multiaddr } from '@multiformats/multiaddr'
import { FsBlockstore } from 'blockstore-fs'
import { LevelDatastore } from 'datastore-level'
import { Key, type Datastore } from 'interface-datastore'
import { MemoryDatastore, MountDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { DEFAULT_DHT_PROTOCOL, LOOPBACK_ALLOW, MANIFEST_KEY_NAMESPACE } from './constants.js'
import { loadOrCreateIdentity, type Identity } from './identity.js'
import { selectManifestRecord, validateManifestRecord } from './manifest-record.js'
import { AddressError } from './errors.js'
import { parseAddress } from './bootstrap.js'
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

/** The libp2p services every pogs peer runs. */
export interface PogsServices extends Record<string, unknown> {
  identify: Identify
  ping: Ping
  dht: KadDHT
}

/** A pogs libp2p node. */
export type PogsLibp2p = Libp2p<PogsServices>

/** Options of one peer's node. */
export interface PogsNodeInit {
  /** The peer's own state directory: identity key, blocks, datastore. */
  dataDir: string
  /** Listen addresses; default one loopback TCP port chosen by the OS. */
  listen?: string[]
  /** Peers dialled at start (multiaddrs ending in /p2p/<peer id>). */
  bootstrap?: Array<string | Multiaddr>
  /** Private DHT protocol id; default /pogs/kad/1.0.0. */
  dhtProtocol?: string
  /** Local network (loopback, LAN tests): keep private addresses in the DHT and lift per-host connection limits.
   * Default true, since pogs networks so far are local; public deployments pass false. */
  localNetwork?: boolean
  /** Further kad-dht options (tests shorten the self-query interval). */
  dht?: Partial<KadDHTInit>
  /** Serve each block to a bounded number of peers at a time (seeding.ts); the coordinator's default. */
  seeding?: SeedingPolicy
}

/** One peer: identity, libp2p (TCP, Noise, Yamux, Identify, Ping, Kad-DHT) and Helia with bitswap on it. */
export interface PogsNode {
  identity: Identity
  peerId: PeerId
  libp2p: PogsLibp2p
  helia: HeliaWithLibp2p<PogsServices>
  /** Listen addresses with the /p2p/ suffix, ready to hand to other peers. */
  addrs: () => Multiaddr[]
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
  const bootstrap = (init.bootstrap ?? []).map((a) => typeof a === 'string' ? parseAddress(a) : a)
  for (const a of bootstrap) {
    if (a.getComponents().find((c) => c.name === 'p2p') === undefined) throw new AddressError(`bootstrap address ${a.toString()} lacks /p2p/<peer id>`)
  }
  const local = init.localNetwork ?? true
  await mkdir(init.dataDir, { recursive: true })
  const blockstore = new FsBlockstore(join(init.dataDir, 'blocks'))
  const datastore = new LevelDatastore(join(init.dataDir, 'datastore'))
  await blockstore.open()
  await datastore.open()
  // Helia light + libp2p light + bitswap: no public-network defaults (mdns, public bootstrap, autoTLS, delegated
  // routing, webrtc, upnp), one libp2p per peer (p2p-stack.md pitfall 5).
  const helia = withLibp2pLight(createHeliaLight({ blockstore, datastore }), {
    privateKey: identity.privateKey,
    datastore: libp2pDatastore(datastore),
    addresses: { listen: init.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: local ? { allow: [LOOPBACK_ALLOW] } : {},
    // A peer fitting on every core answers pings late; libp2p would then abort a healthy connection (seen at load
    // 50 mid-request). Dead peers are still found: TCP errors and request timeouts close their connections.
    connectionMonitor: { abortConnectionOnPingFailure: false },
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({
        protocol: init.dhtProtocol ?? DEFAULT_DHT_PROTOCOL,
        clientMode: false,
        // The default mapper drops private addresses, which makes loopback peers vanish (pitfall 2).
        peerInfoMapper: local ? passthroughMapper : removePrivateAddressesMapper,
        validators: { [MANIFEST_KEY_NAMESPACE]: validateManifestRecord },
        selectors: { [MANIFEST_KEY_NAMESPACE]: selectManifestRecord },
        ...init.dht
      })
    }
  })
  // A want-have for a small block is answered with the block (want-routing.ts: one round trip instead of two).
  const seeding = withSeedingBitswap(helia, { maxSizeReplaceHasWithBlock: SMALL_BLOCK_BYTES }, init.seeding)
  let wants: WantRouter | undefined
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    seeding?.stop()
    wants?.stop()
    // helia.stop() stops libp2p but leaves the stores open (pitfall 5).
    await helia.stop()
    await blockstore.close()
    await datastore.close()
  }
  try {
    await helia.start()
    wants = routeWants(helia)
  } catch (err) {
    await stop().catch(() => {})
    throw err
  }
  const libp2p = helia.libp2p
  const router = wants as WantRouter // set in the try above, whose catch rethrows
  const unreachable: string[] = []
  await Promise.all(bootstrap.map(async (a) => {
    try {
      // Kept in the peer store whether or not this dial succeeds: libp2p records an address only after a successful
      // dial, and a peer whose bootstrap dial timed out (load 33) would otherwise know nobody to dial again later
      // (discovery dials the peer store's peers when it has no connection: dht-peers.ts).
      const id = a.getComponents().find((c) => c.name === 'p2p')?.value
      if (id !== undefined) await libp2p.peerStore.merge(peerIdFromString(id), { multiaddrs: [a.decapsulateCode(CODE_P2P)] }).catch(() => {})
      await libp2p.dial(a, { signal: AbortSignal.timeout(10_000) })
    } catch {
      unreachable.push(a.toString())
    }
  }))
  return {
    identity,
    peerId: libp2p.peerId,
    libp2p,
    helia,
    addrs: () => libp2p.getMultiaddrs(),
    seeding,
    wants: router,
    stop,
    unreachable
  }
}
