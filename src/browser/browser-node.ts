// The peer in the page: libp2p over WebSockets (the transport browsers have; public roles listen on /ws:
// docs/network.md#browsers), Noise, Yamux, identify, ping and the private Kad-DHT as a client (a tab is no DHT
// server), with Helia and bitswap on it and blocks in IndexedDB. The same protocol ids, record validators and
// envelopes as every Node peer: only the transport and the stores differ.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { withLibp2pLight } from '@helia/libp2p'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
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
import { BLOCKS_DB, HELIA_DB } from './browser-stores.js'
import { VerifiedBlockstore } from './verified-blockstore.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** What the browser volunteer uses of a node: what the Node volunteer's protocol clients need. */
export type BrowserNode = Pick<PogsNode, 'identity' | 'peerId' | 'libp2p' | 'helia'> & {
  blockstore: VerifiedBlockstore
  stop: () => Promise<void>
}

/** Starts the page's peer and dials the bootstrap peers (the roles' /ws addresses the serving role listed). */
export async function startBrowserNode (identity: Identity, bootstrap: string[]): Promise<BrowserNode> {
  const blockstore = new VerifiedBlockstore(BLOCKS_DB)
  await blockstore.open()
  // Helia's own records (which content is pinned) stay with the blocks; libp2p's peer records are per visit.
  const datastore = new IDBDatastore(HELIA_DB)
  await datastore.open()
  const options: Libp2pOptions<PogsServices> = {
    privateKey: identity.privateKey,
    datastore: new MemoryDatastore(),
    addresses: { listen: [] },
    transports: [webSockets()],
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
  const libp2p = helia.libp2p
  await Promise.allSettled(bootstrap.map(async (a) => await libp2p.dial(multiaddr(a), { signal: timeoutSignal(10_000) })))
  return {
    identity,
    peerId: libp2p.peerId,
    libp2p,
    helia,
    blockstore,
    async stop () {
      await helia.stop()
      await blockstore.close()
      await datastore.close()
    }
  }
}
