// The peer in the page: libp2p over WebSockets to the public roles (they listen on /ws: docs/network.md#browsers)
// and WebRTC to other pages, signalled through a relay the page holds a slot on (a seed); Noise, Yamux, identify,
// ping and the private Kad-DHT as a client (a tab is no DHT server), with Helia and bitswap on it, want routing as
// on Node (want-routing.ts) and blocks in IndexedDB. The same protocol ids, record validators and envelopes as every
// Node peer: only the transports and the stores differ.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { withLibp2pLight } from '@helia/libp2p'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryDatastore } from 'datastore-core'
import { IDBDatastore } from 'datastore-idb'
import { createHeliaLight } from 'helia'
import type { Libp2pOptions } from 'libp2p'
import { DEFAULT_DHT_PROTOCOL, MANIFEST_KEY_NAMESPACE } from '../net/constants.js'
import type { Identity } from '../net/identity-key.js'
import { selectManifestRecord, validateManifestRecord } from '../net/manifest-record.js'
import type { PogsNode, PogsServices } from '../net/node.js'
import { SMALL_BLOCK_BYTES, withSeedingBitswap } from '../net/seeding.js'
import { routeWants, type WantRouter } from '../net/want-routing.js'
import { BLOCKS_DB, HELIA_DB } from './browser-stores.js'
import { VerifiedBlockstore } from './verified-blockstore.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** What the browser volunteer uses of a node: what the Node volunteer's protocol clients need. */
export type BrowserNode = Pick<PogsNode, 'identity' | 'peerId' | 'libp2p' | 'helia'> & {
  blockstore: VerifiedBlockstore
  /** Which peer asks for which block, and who sent us what (want-routing.ts). */
  wants: WantRouter
  /** Whether other pages can reach this one: it holds a relay slot, so its address ends in /p2p-circuit/webrtc. */
  reachable: () => boolean
  stop: () => Promise<void>
}

/** What the page's peer is started with (the serving role's /volunteer/config.json). */
export interface BrowserNodeInit {
  /** The roles' /ws addresses (with /p2p/): the serving role, and the relays it is connected to. */
  bootstrap: string[]
  /** Whether the serving role named relays: only then does the page reserve a slot and listen for WebRTC (with none
   * to be had, circuit-relay-v2 would walk the DHT for relays without end, loading every DHT server). */
  relays: boolean
  /** STUN servers for WebRTC between pages (none on a local network: host candidates suffice there). */
  iceServers: string[]
}

/** Starts the page's peer and dials the bootstrap peers. */
export async function startBrowserNode (identity: Identity, init: BrowserNodeInit): Promise<BrowserNode> {
  const blockstore = new VerifiedBlockstore(BLOCKS_DB)
  await blockstore.open()
  // Helia's own records (which content is pinned) stay with the blocks; libp2p's peer records are per visit.
  const datastore = new IDBDatastore(HELIA_DB)
  await datastore.open()
  const options: Libp2pOptions<PogsServices> = {
    privateKey: identity.privateKey,
    datastore: new MemoryDatastore(),
    // A slot on a relay (circuit-relay-v2 finds one among the connected peers that offer it), and WebRTC through it:
    // another page dials .../p2p-circuit/webrtc/p2p/<us>, the two exchange offers over the relayed stream, and the
    // data then flows directly between the browsers.
    addresses: { listen: init.relays ? ['/p2p-circuit', '/webrtc'] : [] },
    transports: [
      webSockets(),
      webRTC({ rtcConfiguration: { iceServers: init.iceServers.map((urls) => ({ urls })) } }),
      circuitRelayTransport()
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // libp2p's browser default refuses plain ws:// and private addresses; the page dials exactly the addresses its
    // serving role listed (loopback in the demo, a LAN for a lab's own network).
    connectionGater: { denyDialMultiaddr: () => false },
    connectionMonitor: { abortConnectionOnPingFailure: false },
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({
        protocol: DEFAULT_DHT_PROTOCOL,
        clientMode: true,
        peerInfoMapper: passthroughMapper,
        validators: { [MANIFEST_KEY_NAMESPACE]: validateManifestRecord },
        selectors: { [MANIFEST_KEY_NAMESPACE]: selectManifestRecord }
      })
    }
  }
  const helia = withLibp2pLight(createHeliaLight({ blockstore, datastore }), options)
  withSeedingBitswap(helia, { maxSizeReplaceHasWithBlock: SMALL_BLOCK_BYTES }, undefined)
  await helia.start()
  const wants = routeWants(helia)
  const libp2p = helia.libp2p
  await Promise.allSettled(init.bootstrap.map(async (a) => await libp2p.dial(multiaddr(a), { signal: timeoutSignal(10_000) })))
  return {
    identity,
    peerId: libp2p.peerId,
    libp2p,
    helia,
    blockstore,
    wants,
    reachable: () => libp2p.getMultiaddrs().some((a) => /\/p2p-circuit\/webrtc(\/|$)/.test(a.toString())),
    async stop () {
      wants.stop()
      await helia.stop()
      await blockstore.close()
      await datastore.close()
    }
  }
}

/** Whether a connection's remote address is another page's, over WebRTC (the dialler sees the relayed address it
 * dialled, .../p2p-circuit/webrtc/p2p/<page>; the page dialled sees /webrtc/p2p/<dialler>). */
export function isWebRtcAddress (a: { toString: () => string }): boolean {
  return /\/webrtc(\/|$)/.test(a.toString())
}
