// What a peer's node itself has to say, printed with the role's events: the addresses it advertises when they
// change (a relay slot reserved, an address confirmed by AutoNAT or mapped by UPnP), each hole-punch session's
// outcome (docs/network.md, "Hole punching"), each step of the port mapping on the home router with --upnp
// (docs/network.md, "Port mapping"), and each peer's first block sent to us (from whom content came, and
// whether directly). Operators watch these to see whether a volunteer behind a NAT is reachable; the tests across
// namespaces assert on them.
import type { Libp2p } from '@libp2p/interface'
import type { HolePunchService } from '../../src/net/hole-punch/index.js'
import type { PortMappingService } from '../../src/net/upnp/index.js'
import type { WantRouter } from '../../src/net/want-routing.js'
import type { ErrorCode } from '../../src/util/error-codes.js'
import type { EventPrinter } from './event-printer.js'

/** How long a peer that listens through a relay may go without a relay slot before it says so, in ms: a seed
 * grants one within a second or two of the first connection; after a minute every seed refused or none offered. */
export const RELAY_GRACE_MS = 60_000

/** Prints `addresses` {addrs, relayed} on changes, `hole-punch` per session, `upnp` per port-mapping step and
 * `block-source` {peer, direct, remoteAddr} per peer that sends us blocks; returns the unsubscriber. */
export function printNodeEvents (node: { libp2p: Libp2p<{ holePunch?: HolePunchService, upnp?: PortMappingService }>, wants?: WantRouter }, out: EventPrinter,
  opts: { listensThroughRelay?: boolean, relayGraceMs?: number } = {}): () => void {
  const { libp2p } = node
  // A relay slot refused (a full seed) or never offered (no seed runs a relay): the peer still works through
  // reachable peers, but nobody can reach it, so say so once.
  const relayCheck = opts.listensThroughRelay === true
    ? setTimeout(() => {
      if (libp2p.getMultiaddrs().some((a) => a.toString().includes('/p2p-circuit'))) return
      const code: ErrorCode = 'ERR_NO_RELAY'
      out.emit('warning', { code, message: 'no relay slot: peers behind other NATs cannot reach this one; it still works through reachable peers' })
    }, opts.relayGraceMs ?? RELAY_GRACE_MS)
    : undefined
  relayCheck?.unref()
  let stopped = false
  node.wants?.sources.onNewSource((peer, source) => { if (!stopped) out.emit('block-source', { peer, direct: source.direct, remoteAddr: source.remoteAddr }) })
  let last = libp2p.getMultiaddrs().map(String).sort().join(' ')
  const onUpdate = (): void => {
    const addrs = libp2p.getMultiaddrs().map(String).sort()
    if (addrs.join(' ') === last) return
    last = addrs.join(' ')
    out.emit('addresses', { addrs, relayed: addrs.some((a) => a.includes('/p2p-circuit')) })
  }
  const onPunch = (e: CustomEvent<Record<string, unknown>>): void => { out.emit('hole-punch', { ...e.detail }) }
  const onMapping = (e: CustomEvent<Record<string, unknown>>): void => { out.emit('upnp', { ...e.detail }) }
  libp2p.addEventListener('self:peer:update', onUpdate)
  const punch = libp2p.services.holePunch
  punch?.addEventListener('hole-punch', onPunch as unknown as (e: Event) => void)
  const upnp = libp2p.services.upnp
  upnp?.addEventListener('upnp', onMapping as unknown as (e: Event) => void)
  return () => {
    stopped = true
    clearTimeout(relayCheck)
    libp2p.removeEventListener('self:peer:update', onUpdate)
    punch?.removeEventListener('hole-punch', onPunch as unknown as (e: Event) => void)
    upnp?.removeEventListener('upnp', onMapping as unknown as (e: Event) => void)
  }
}
