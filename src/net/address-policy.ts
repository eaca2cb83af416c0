// Which addresses a peer may advertise, dial and keep in its DHT (docs/network.md, "Addresses and network modes").
// On the internet a peer must never publish loopback or home-network addresses: they are useless to others and
// leak the layout of a volunteer's home. On one machine (the demo, loopback tests) those are the only addresses
// there are. The policy decides per network mode; `--reachable-cidr` names private ranges that are reachable on
// this network after all (a campus network, or the test network built in namespaces).
import { BlockList, isIPv4, isIPv6 } from 'node:net'
import { isPrivateIp } from '@libp2p/utils'
import { CODE_P2P_CIRCUIT, type Multiaddr } from '@multiformats/multiaddr'
import { AddressError } from './errors.js'
import type { PeerInfo } from '@libp2p/interface'

/** `public`: the internet (private addresses stay out of the DHT, per-host connection limits apply); `local`: one
 * machine or one LAN (everything is kept and loopback peers are exempt from the per-host limits). */
export type NetworkMode = 'public' | 'local'

export const NETWORK_MODES: readonly NetworkMode[] = ['public', 'local']

/** Parses `--network`, with a typed error naming the flag. */
export function parseNetworkMode (text: string): NetworkMode {
  if ((NETWORK_MODES as readonly string[]).includes(text)) return text as NetworkMode
  throw new AddressError(`--network must be one of ${NETWORK_MODES.join(', ')}, not ${JSON.stringify(text.slice(0, 40))}`)
}

/** One CIDR range, parsed. */
export interface Cidr { address: string, prefix: number, family: 'ipv4' | 'ipv6', text: string }

/** Parses `A.B.C.D/N` or `x:y::/N`, with a typed error naming the flag. */
export function parseCidr (text: string): Cidr {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim())
  const address = match?.[1] ?? ''
  const prefix = Number(match?.[2])
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined
  if (match === null || family === undefined || prefix > (family === 'ipv4' ? 32 : 128)) {
    throw new AddressError(`--reachable-cidr ${JSON.stringify(text.slice(0, 60))} is not a CIDR range such as 10.0.0.0/8`)
  }
  return { address, prefix, family, text: `${address}/${prefix}` }
}

/** The host part of an address (the relay's, for a relayed address), or undefined for non-IP, non-DNS ones. */
function hostOf (ma: Multiaddr): { kind: 'ip4' | 'ip6' | 'dns', host: string } | undefined {
  for (const c of ma.getComponents()) {
    if (c.name === 'ip4' || c.name === 'ip6') return { kind: c.name, host: c.value ?? '' }
    if (c.name === 'dns' || c.name === 'dns4' || c.name === 'dns6' || c.name === 'dnsaddr') return { kind: 'dns', host: c.value ?? '' }
  }
  return undefined
}

/** True for 0.0.0.0 and ::, which name "every interface" when listening and nothing when dialled. */
export function isUnspecified (host: string): boolean {
  return host === '0.0.0.0' || /^[0:]+$/.test(host)
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost (host: string): boolean {
  return host.startsWith('127.') || host === '::1' || host === 'localhost'
}

/** True when an address names this machine only (loopback or unspecified): `--network` defaults to `local` when
 * every bootstrap and announce address is of this kind. */
export function isLoopbackAddress (ma: Multiaddr): boolean {
  const h = hostOf(ma)
  return h !== undefined && (isLoopbackHost(h.host) || isUnspecified(h.host))
}

/** Decides which addresses are worth advertising, dialling and keeping, for one network mode. */
export class AddressPolicy {
  private readonly reachable = new BlockList()
  /** Addresses of other peers dropped by the DHT mapper so far (private ones on a public network). */
  dropped = 0
  /** Told of each peer whose advertised addresses lost some here (the node logs it; peer-supplied text stays out). */
  onDropped: ((peer: string, count: number) => void) | undefined

  constructor (readonly mode: NetworkMode, readonly reachableCidrs: readonly Cidr[] = []) {
    for (const c of reachableCidrs) this.reachable.addSubnet(c.address, c.prefix, c.family)
  }

  /**
   * Whether others on this network can dial `ma`. Local: anything but the unspecified address. Public: DNS names,
   * public IPs and IPs inside a reachable range; never loopback, unspecified, private or link-local ones. A relayed
   * address (`.../p2p-circuit/...`) is judged by its relay's address, which is what a dialler connects to.
   */
  isDialable (ma: Multiaddr): boolean {
    const h = hostOf(ma)
    if (h === undefined) return false
    if (h.kind === 'dns') return this.mode === 'local' || h.host !== 'localhost'
    if (isUnspecified(h.host)) return false
    if (this.mode === 'local') return true
    if (isLoopbackHost(h.host)) return false
    if (this.reachable.check(h.host, h.kind === 'ip4' ? 'ipv4' : 'ipv6')) return true
    return isPrivateIp(h.host) !== true && !/^fe80:/i.test(h.host)
  }

  /** Whether `ma` goes through a relay. */
  static isRelayed (ma: Multiaddr): boolean {
    return ma.getComponents().some((c) => c.code === CODE_P2P_CIRCUIT)
  }

  /** The addresses of `addrs` that others can dial (libp2p's announce filter: identify, the DHT, manifests). */
  advertisable (addrs: Multiaddr[]): Multiaddr[] {
    return addrs.filter((a) => this.isDialable(a))
  }

  /** The DHT's peer-info mapper: other peers' addresses we keep and pass on. On a public network a peer that
   * advertises private addresses loses them here (it stays in the table with whatever is left). */
  readonly peerInfoMapper = (peer: PeerInfo): PeerInfo => {
    if (this.mode === 'local') return peer
    const multiaddrs = peer.multiaddrs.filter((a) => this.isDialable(a))
    const lost = peer.multiaddrs.length - multiaddrs.length
    if (lost > 0) {
      this.dropped += lost
      this.onDropped?.(peer.id.toString(), lost)
    }
    return { ...peer, multiaddrs }
  }
}
