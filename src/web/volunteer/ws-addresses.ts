// The addresses a browser can dial: WebSocket multiaddrs (with /p2p/), what /volunteer/config.json lists for the
// page to bootstrap from: the serving role's own, and those of the relays it is connected to (a page needs a slot on
// one for other pages to reach it over WebRTC: docs/network.md#browsers).
import type { Libp2p } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** circuit-relay-v2's reservation protocol: what a relay server speaks. */
const RELAY_HOP_PROTOCOL = '/libp2p/circuit/relay/0.2.0/hop'

export function webSocketAddresses (addrs: Multiaddr[]): string[] {
  return addrs.map(String).filter((a) => /\/(ws|wss|tls\/ws)(\/|$)/.test(a))
}

/** The /ws addresses (with /p2p/) of the connected peers that relay: what identify told us of each seed. */
export async function relayWebSocketAddresses (libp2p: Pick<Libp2p, 'getConnections' | 'peerStore'>): Promise<string[]> {
  const peers = new Map(libp2p.getConnections().map((c) => [c.remotePeer.toString(), c.remotePeer]))
  const out: string[] = []
  for (const peer of peers.values()) {
    try {
      const p = await libp2p.peerStore.get(peer)
      if (!p.protocols.includes(RELAY_HOP_PROTOCOL)) continue
      const ws = webSocketAddresses(p.addresses.map((a) => a.multiaddr))
      out.push(...ws.map((a) => a.includes('/p2p/') ? a : `${a}/p2p/${peer.toString()}`))
    } catch {
      // gone from the peer store since: not a relay we can name
    }
  }
  return out
}
