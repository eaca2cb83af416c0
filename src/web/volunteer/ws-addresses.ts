// The addresses a browser can dial of a peer: its WebSocket multiaddrs (with /p2p/), what /volunteer/config.json
// lists for the page to bootstrap from.
import type { Multiaddr } from '@multiformats/multiaddr'

export function webSocketAddresses (addrs: Multiaddr[]): string[] {
  return addrs.map(String).filter((a) => /\/(ws|wss|tls\/ws)(\/|$)/.test(a))
}
