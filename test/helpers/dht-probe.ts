// A peer that reads what the DHT publishes about others, for the test across namespaces (test/internet/internet.test.ts):
//   node --import tsx test/helpers/dht-probe.ts DATA_DIR BOOTSTRAP_MULTIADDR PEER_IDS(comma) CIDS(comma)
// It joins in `local` mode so that its own address policy keeps every address it is told (a public peer would
// drop private ones before we could see them), asks the DHT for each peer's record and each CID's providers, and
// prints `{event: 'found', kind: 'peer'|'provider', id, addrs}` lines, then `{event: 'done'}`.
import '../../src/util/polyfill.js'
import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { startPogsNode } from '../../src/net/node.js'

const [dataDir, bootstrap, peers, cids] = process.argv.slice(2)
const emit = (e: Record<string, unknown>): void => { process.stdout.write(JSON.stringify(e) + '\n') }
const node = await startPogsNode({ dataDir, bootstrap: [bootstrap], listen: ['/ip4/0.0.0.0/tcp/0'], network: 'local', dht: { initialQuerySelfInterval: 100 } })
try {
  await node.libp2p.services.dht.refreshRoutingTable().catch(() => {})
  for (const id of (peers ?? '').split(',').filter((p) => p !== '')) {
    try {
      const info = await node.libp2p.peerRouting.findPeer(peerIdFromString(id), { signal: AbortSignal.timeout(15_000), useCache: false })
      emit({ event: 'found', kind: 'peer', id, addrs: info.multiaddrs.map(String) })
    } catch (err) {
      emit({ event: 'found', kind: 'peer', id, addrs: [], error: (err as Error).name })
    }
  }
  for (const cid of (cids ?? '').split(',').filter((c) => c !== '')) {
    try {
      for await (const p of node.libp2p.contentRouting.findProviders(CID.parse(cid), { signal: AbortSignal.timeout(15_000), useCache: false })) {
        emit({ event: 'found', kind: 'provider', id: p.id.toString(), cid, addrs: p.multiaddrs.map(String) })
      }
    } catch (err) {
      emit({ event: 'search-ended', cid, error: (err as Error).name })
    }
  }
} finally {
  emit({ event: 'done' })
  await node.stop()
}
