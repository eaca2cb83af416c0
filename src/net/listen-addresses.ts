// Listen and announce addresses of a peer, and the network mode they imply (docs/network.md, "Addresses and
// network modes"). Checked once, at start, with errors that name the flag, so a typo in a systemd unit fails loudly
// instead of leaving a peer nobody can reach.
import { networkInterfaces } from 'node:os'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Multiaddr } from '@multiformats/multiaddr'
import { isLoopbackAddress, isUnspecified, type NetworkMode } from './address-policy.js'
import { parseAddress } from './bootstrap.js'
import { PUBLIC_ROLE_PORT, PUBLIC_ROLE_WS_PORT } from './constants.js'
import { AddressError } from './errors.js'

/** Public roles listen on a well-known port; a volunteer (at home, dialling out) on an ephemeral one. */
export type ListenKind = 'public-role' | 'volunteer'

/** `--network` when not given: public as soon as any bootstrap or announce address is not on this machine. */
export function resolveNetworkMode (explicit: NetworkMode | undefined, bootstrap: Multiaddr[], announce: Multiaddr[]): NetworkMode {
  if (explicit !== undefined) return explicit
  return [...bootstrap, ...announce].some((a) => !isLoopbackAddress(a)) ? 'public' : 'local'
}

/** Whether this host has an IPv6 address other than loopback (then public roles listen on IPv6 too). */
export function hostHasIPv6 (): boolean {
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.family === 'IPv6' && !i.internal))
}

/**
 * Default listen addresses. Local network: one ephemeral loopback port (the demo and the loopback tests run many
 * peers on one host). Public network: every interface, on port 4001 for public roles (and IPv6 where the host has
 * it), on an ephemeral port for a volunteer, which also listens through a relay (`/p2p-circuit`: a slot reserved
 * on a seed, so that other volunteers can reach it behind its NAT and punch a hole). libp2p cannot add a listener
 * once started, so a volunteer reserves its slot whether or not AutoNAT later finds it reachable: a slot costs the
 * seed a few hundred bytes, and diallers try direct addresses first. Public roles also listen on WebSockets
 * (`/ws`, port 4002 on a public network), the transport a browser volunteer dials (docs/network.md#browsers).
 */
export function defaultListen (kind: ListenKind, mode: NetworkMode, ipv6 = hostHasIPv6()): string[] {
  if (mode === 'local') return kind === 'public-role' ? ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'] : ['/ip4/127.0.0.1/tcp/0']
  if (kind === 'volunteer') return [...(ipv6 ? ['/ip4/0.0.0.0/tcp/0', '/ip6/::/tcp/0'] : ['/ip4/0.0.0.0/tcp/0']), '/p2p-circuit']
  const hosts = ipv6 ? ['/ip4/0.0.0.0', '/ip6/::'] : ['/ip4/0.0.0.0']
  return [...hosts.map((h) => `${h}/tcp/${PUBLIC_ROLE_PORT}`), ...hosts.map((h) => `${h}/tcp/${PUBLIC_ROLE_WS_PORT}/ws`)]
}

/** Parses `--listen`: a TCP address on an IP (port 0 picks one), the same with `/ws` (WebSockets, for browsers), or
 * `/p2p-circuit` (listen through a relay). */
export function parseListen (text: string): string {
  if (text.trim() === '/p2p-circuit') return '/p2p-circuit'
  const ma = parseAddress(text)
  const names = ma.getComponents().map((c) => c.name)
  const ws = names.length === 3 && names[2] === 'ws'
  if (!((names[0] === 'ip4' || names[0] === 'ip6') && names[1] === 'tcp' && (names.length === 2 || ws))) {
    throw new AddressError(`--listen ${ma.toString()} is not an address to listen on (e.g. /ip4/0.0.0.0/tcp/4001 or /ip4/0.0.0.0/tcp/4002/ws)`)
  }
  return ma.toString()
}

/**
 * Parses `--announce`: an address others can dial: an IP or DNS name with a TCP port other than 0 (optionally
 * `/ws`, `/wss` or `/tls/ws`: what browsers dial), not the unspecified address; a trailing /p2p/ must be this peer's
 * own id (when `self` is known).
 */
export function parseAnnounce (text: string, self?: string): Multiaddr {
  let ma = parseAddress(text)
  const components = ma.getComponents()
  const p2p = components.find((c) => c.name === 'p2p')
  if (p2p !== undefined) {
    let id: string | undefined
    try {
      id = peerIdFromString(p2p.value ?? '').toString()
    } catch {
      // not a peer id: refused below
    }
    if (id === undefined || (self !== undefined && id !== self)) throw new AddressError(`--announce ${ma.toString()} names another peer`)
    ma = ma.decapsulateCode(p2p.code)
  }
  const [host, port, ...after] = ma.getComponents()
  const tail = after.map((c) => c.name).join('/')
  const rest = ['', 'ws', 'wss', 'tls/ws'].includes(tail) ? [] : after
  const hostOk = host !== undefined && ['ip4', 'ip6', 'dns', 'dns4', 'dns6'].includes(host.name)
  const portOk = port?.name === 'tcp' && Number(port.value) > 0 && Number(port.value) < 65536
  const unspecified = isUnspecified(host?.value ?? '')
  if (!hostOk || !portOk || rest.length > 0 || unspecified) {
    throw new AddressError(`--announce ${ma.toString()} is not an address others can dial (e.g. /dns4/pogs.example.org/tcp/4001 or /ip4/203.0.113.7/tcp/4001)`)
  }
  return ma
}
