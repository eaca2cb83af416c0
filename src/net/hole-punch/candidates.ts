import { isIP } from 'node:net'
import type { Multiaddr } from '@multiformats/multiaddr'
import { isLoopbackHost, isUnspecified } from '../address-policy.js'
import { MAX_LAN_IPS, MAX_OBSERVED_IPS } from './constants.js'
import type { Candidates, PathChoice } from './messages.js'

/**
 * The IP addresses other peers saw our direct connections come from (identify's observed address), newest first.
 * Only the address counts: Node dials from a fresh ephemeral port each time, so the observed port says nothing
 * about the next connection (which is why libp2p's identify drops observed TCP addresses altogether).
 */
export class ObservedAddresses {
  private readonly seen = new Set<string>()

  constructor (private readonly capacity = MAX_OBSERVED_IPS) {}

  /** Notes that a peer saw us at `ip`. */
  record (ip: string): void {
    // A Set iterates in insertion order: re-inserting moves the address to the end, which is the newest.
    this.seen.delete(ip)
    this.seen.add(ip)
    while (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string)
  }

  /** Newest first. */
  list (): string[] {
    return [...this.seen.keys()].reverse()
  }
}

/** The IP address of a TCP multiaddr (`/ip4/.../tcp/...` or `/ip6/...`), or undefined for anything else. */
export function tcpIpOf (ma: Multiaddr): string | undefined {
  const parts = ma.getComponents()
  const ip = parts[0]
  if (ip === undefined || (ip.name !== 'ip4' && ip.name !== 'ip6') || parts[1]?.name !== 'tcp') return undefined
  if (parts.some((p) => p.name === 'p2p-circuit')) return undefined
  return ip.value
}

/**
 * What we offer for one attempt: public candidates are the observed addresses that are not our own interfaces
 * first (those are our NAT's outside address), then the others (we are reachable as we are); LAN candidates are
 * the addresses we listen on, without wildcards, loopback and link-local ones last.
 */
export function localCandidates (observed: string[], listenAddrs: Multiaddr[], port: number): Candidates {
  const ips = unique(listenAddrs.map(tcpIpOf).filter((ip): ip is string => ip !== undefined && !isUnspecified(ip)))
  // Interface addresses first, loopback and link-local ones last: every peer has 127.0.0.1, so a "LAN" pair of
  // two loopback addresses only makes sense for two peers on one host (the loopback tests); put first, it made two
  // volunteers behind one router each punch to itself (seen in the namespace test).
  const lanIps = [...ips.filter((ip) => !isHostOnly(ip)), ...ips.filter(isHostOnly)]
    .slice(0, MAX_LAN_IPS)
  const own = new Set(lanIps)
  const publicIps = [...observed.filter((ip) => !own.has(ip)), ...observed.filter((ip) => own.has(ip))]
    .slice(0, MAX_OBSERVED_IPS)
  return { publicIps, lanIps, port }
}

/**
 * The address pairs to punch between, in the order to try them (attempt n uses entry n modulo the length):
 * - both sides observed at a common address (behind the same NAT, or on the same host): LAN first (two interface
 *   addresses in one subnet), then that public address (a NAT that hairpins);
 * - otherwise the public path only: the LAN addresses of two different networks say nothing (both may well be
 *   192.168.1.x), and dialling them would send SYNs to strangers on our own LAN.
 * Empty when neither applies (a side that no public peer has seen cannot name its public address).
 */
export function selectPaths (initiator: Candidates, responder: Candidates): PathChoice[] {
  const shared = initiator.publicIps.some((ip) => responder.publicIps.includes(ip))
  const out: PathChoice[] = []
  if (shared) {
    const lan = firstPair(initiator.lanIps, responder.lanIps, sameSubnet)
    if (lan !== undefined) out.push({ path: 'lan', ...lan })
  }
  const pub = firstPair(initiator.publicIps, responder.publicIps, (a, b) => isIP(a) === isIP(b))
  if (pub !== undefined && !out.some((c) => c.initiatorIp === pub.initiatorIp && c.responderIp === pub.responderIp)) {
    out.push({ path: 'public', ...pub })
  }
  return out
}

/** The first (initiator, responder) pair that `fits`, in the responder's order of preference. */
function firstPair (initiator: string[], responder: string[], fits: (a: string, b: string) => boolean): { initiatorIp: string, responderIp: string } | undefined {
  for (const responderIp of responder) {
    const initiatorIp = initiator.find((ip) => fits(ip, responderIp))
    if (initiatorIp !== undefined) return { initiatorIp, responderIp }
  }
  return undefined
}

/** Same IPv4 /24 or IPv6 /64: the usual home LAN. */
export function sameSubnet (a: string, b: string): boolean {
  const family = isIP(a)
  if (family !== isIP(b)) return false
  if (family === 4) return a.split('.').slice(0, 3).join('.') === b.split('.').slice(0, 3).join('.')
  return expandIpv6(a).slice(0, 4).join(':') === expandIpv6(b).slice(0, 4).join(':')
}

/** The eight 16-bit groups of an IPv6 address, zero-padded (an embedded IPv4 tail counts as two groups). */
function expandIpv6 (ip: string): string[] {
  const [head, tail = ''] = ip.includes('::') ? ip.split('::') : [ip, undefined]
  const groups = (s: string | undefined): string[] => s === undefined || s === '' ? [] : s.split(':').flatMap((g) => g.includes('.') ? ['0', '0'] : [g])
  const h = groups(head)
  const t = ip.includes('::') ? groups(tail) : []
  const zeros = ip.includes('::') ? Array(8 - h.length - t.length).fill('0') : []
  return [...h, ...zeros, ...t].map((g) => g.toLowerCase().padStart(4, '0'))
}

/** Loopback and link-local addresses: they name this host or this link only, never the other peer. */
function isHostOnly (ip: string): boolean {
  return isLoopbackHost(ip) || ip.startsWith('169.254.') || /^fe80:/i.test(ip)
}

function unique (xs: string[]): string[] {
  return [...new Set(xs)]
}
