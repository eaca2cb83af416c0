// The network a work request came from, as replica diversity compares them (docs/work-lifecycle.md#trust): the
// connection's remote address cut to a prefix (IPv4 /24, IPv6 /48 by default: one home line, one hosting
// customer's block), so that keys one person runs from one place count as one network. On `--network local`
// every peer shares loopback, so each key is its own network there (`key`): the keys stay apart, nothing more.
import { isIP } from 'node:net'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { InvalidSettingsError } from '../store/errors.js'

/** How requests are grouped into networks. */
export interface NetworkGrouping {
  /** `address`: by the remote address's prefix; `key`: every key its own network. */
  by: 'address' | 'key'
  ipv4Prefix: number
  ipv6Prefix: number
}

/** Default prefixes: an IPv4 /24 and an IPv6 /48 (what one site is usually given). */
export const DEFAULT_IPV4_PREFIX = 24
export const DEFAULT_IPV6_PREFIX = 48

/** The grouping for a network mode, with prefixes checked. */
export function networkGrouping (mode: 'public' | 'local', init: Partial<NetworkGrouping> = {}): NetworkGrouping {
  const g: NetworkGrouping = {
    by: init.by ?? (mode === 'local' ? 'key' : 'address'),
    ipv4Prefix: init.ipv4Prefix ?? DEFAULT_IPV4_PREFIX,
    ipv6Prefix: init.ipv6Prefix ?? DEFAULT_IPV6_PREFIX
  }
  if (!Number.isInteger(g.ipv4Prefix) || g.ipv4Prefix < 8 || g.ipv4Prefix > 32) throw new InvalidSettingsError(`an IPv4 prefix must lie in 8..32, got ${g.ipv4Prefix}`)
  if (!Number.isInteger(g.ipv6Prefix) || g.ipv6Prefix < 16 || g.ipv6Prefix > 128) throw new InvalidSettingsError(`an IPv6 prefix must lie in 16..128, got ${g.ipv6Prefix}`)
  return g
}

/**
 * The network of a request from `peer` over a connection from `remoteAddr`. A relayed connection, or one whose
 * address names no IP, tells nothing of where the peer is: it is the key's own network (`key:<peer id>`).
 */
export function networkOf (remoteAddr: Multiaddr | undefined, peer: PeerId, g: NetworkGrouping): string {
  const own = `key:${peer.toString()}`
  if (g.by === 'key' || remoteAddr === undefined) return own
  const parts = remoteAddr.getComponents()
  if (parts.some((c) => c.name === 'p2p-circuit')) return own
  const first = parts[0]
  if (first?.value === undefined) return own
  if (first.name === 'ip4' && isIP(first.value) === 4) return `ip4:${maskIPv4(first.value, g.ipv4Prefix)}/${g.ipv4Prefix}`
  if (first.name === 'ip6' && isIP(first.value) === 6) {
    const groups = expandIPv6(first.value.split('%')[0])
    // An IPv4 peer seen through a dual-stack socket (::ffff:a.b.c.d) is an IPv4 peer.
    if (groups.slice(0, 5).every((x) => x === 0) && groups[5] === 0xffff) {
      const v4 = [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.')
      return `ip4:${maskIPv4(v4, g.ipv4Prefix)}/${g.ipv4Prefix}`
    }
    return `ip6:${maskIPv6(groups, g.ipv6Prefix)}/${g.ipv6Prefix}`
  }
  return own
}

function maskIPv4 (ip: string, prefix: number): string {
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0)
  const masked = Number(BigInt(n) & (((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n)))
  return [24, 16, 8, 0].map((s) => (masked >>> s) & 255).join('.')
}

function maskIPv6 (groups: number[], prefix: number): string {
  let value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)
  value &= ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n)
  const out: string[] = []
  for (let k = 7; k >= 0; k--) out.push(((value >> BigInt(16 * k)) & 0xffffn).toString(16))
  return out.join(':')
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail is two groups). */
function expandIPv6 (ip: string): number[] {
  let text = ip
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted !== null) {
    const o = dotted[1].split('.').map(Number)
    text = text.slice(0, -dotted[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const h = head === '' ? [] : head.split(':')
  const t = tail === undefined || tail === '' ? [] : tail.split(':')
  const zeros = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0')
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16))
}
