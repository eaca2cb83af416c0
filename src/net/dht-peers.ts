// Keeping kad-dht told about the peers we are connected to. kad-dht learns that a peer speaks the DHT only from
// identify (libp2p's registrar notifies its topology on `peer:identify`), and it adds the peer to its routing table
// only after a ping. Both run once, when a connection opens, with short timeouts (identify 5 s). On a loaded host
// (30 volunteers on 2 cores, load 33) one of them can time out: the volunteer then stays connected to its bootstrap
// peer with an empty routing table, no later event fills it, and every DHT query waits for a routing-table peer
// that never comes (one of 30 never found the manifest in 30 min). Running identify again raises the same event,
// so kad-dht tries to add the peer again; with no connection left, dialling the peers we know opens new ones, and
// identify runs on them by itself.
import type { Connection, PeerId } from '@libp2p/interface'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import type { PogsLibp2p } from './node.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** How long a re-run identify or a re-dial may take, in ms: libp2p's own identify gives up after 5 s, which a
 * host at load 33 did not always meet; a retry that gives up as early could fail the same way. */
export const REJOIN_TIMEOUT_MS = 30_000

/** Most peers identified or dialled again per call: a volunteer has a few bootstrap peers; more is needless work. */
export const REJOIN_MAX_PEERS = 8

/** The parts of libp2p rejoining uses. */
export type RejoinLibp2p = Pick<PogsLibp2p, 'getConnections' | 'dial' | 'peerStore' | 'peerId' | 'services'>

/** Peers in the DHT's routing table, or undefined when the DHT does not say (kad-dht's single DHT does). */
export function routingTableSize (libp2p: Pick<PogsLibp2p, 'services'>): number | undefined {
  const table = (libp2p.services.dht as Partial<SingleKadDHT>).routingTable
  return typeof table?.size === 'number' ? table.size : undefined
}

/**
 * Makes sure kad-dht hears of the peers we are connected to: identifies connected peers again (all of them with
 * `everyPeer`, as when the routing table is empty: identify may have completed and the routing table's ping failed;
 * otherwise only those whose identify never completed), or, with no open connection, dials the peers the peer store
 * has addresses for (bootstrap peers included). Failures are ignored: the caller tries again later. Returns how
 * many peers were identified or dialled successfully.
 */
export async function rejoinDht (libp2p: RejoinLibp2p, options: { everyPeer: boolean, signal?: AbortSignal }): Promise<number> {
  const signal = AbortSignal.any([timeoutSignal(REJOIN_TIMEOUT_MS), ...(options.signal === undefined ? [] : [options.signal])])
  const open = libp2p.getConnections().filter((c) => c.status === 'open')
  if (open.length === 0) return await redial(libp2p, signal)
  const byPeer = new Map<string, Connection>()
  for (const c of open) if (!byPeer.has(c.remotePeer.toString())) byPeer.set(c.remotePeer.toString(), c)
  const chosen: Connection[] = []
  for (const c of byPeer.values()) {
    if (chosen.length >= REJOIN_MAX_PEERS) break
    if (options.everyPeer || !(await identified(libp2p, c.remotePeer))) chosen.push(c)
  }
  const done = await Promise.allSettled(chosen.map(async (c) => await libp2p.services.identify.identify(c, { signal })))
  return done.filter((r) => r.status === 'fulfilled').length
}

/** Whether identify ever completed with `peer` (it records the peer's protocols). */
async function identified (libp2p: RejoinLibp2p, peer: PeerId): Promise<boolean> {
  try {
    return (await libp2p.peerStore.get(peer)).protocols.length > 0
  } catch {
    return false
  }
}

/** Dials up to REJOIN_MAX_PEERS peers the peer store has addresses for; identify runs on each new connection. */
async function redial (libp2p: RejoinLibp2p, signal: AbortSignal): Promise<number> {
  const known = (await libp2p.peerStore.all({ signal }).catch(() => []))
    .filter((p) => p.addresses.length > 0 && !p.id.equals(libp2p.peerId))
    .slice(0, REJOIN_MAX_PEERS)
  const done = await Promise.allSettled(known.map(async (p) => await libp2p.dial(p.id, { signal })))
  return done.filter((r) => r.status === 'fulfilled').length
}
