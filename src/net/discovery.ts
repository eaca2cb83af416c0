import { peerIdFromString } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { PogsError } from '../util/errors.js'
import { rejoinDht, routingTableSize } from './dht-peers.js'
import { InvalidFieldError, ProjectNotFoundError } from './errors.js'
import { manifestKey, openManifest } from './manifest-record.js'
import type { ManifestStore } from './manifest-store.js'
import type { ProjectManifest } from './messages/index.js'
import type { PogsNode } from './node.js'
import { rendezvousCid } from './rendezvous.js'
import { timeoutSignal } from '../util/timeout-signal.js'
import { pause } from '../util/abortable-delay.js'

/** How long the first discovery attempt may take before the next try, in ms: a DHT query over a small network
 * answers in well under a second; a larger one within a few seconds. */
const ATTEMPT_TIMEOUT_MS = 5_000

/** Longest attempt, in ms: each attempt that finds nothing doubles the next one's time up to this, since on a loaded
 * host (load 33) one query can take longer than 5 s and would otherwise be cut short every time. */
const MAX_ATTEMPT_TIMEOUT_MS = 60_000

/** Pause between attempts, in ms: gives self-queries time to fill routing tables without spinning. */
const RETRY_PAUSE_MS = 500

/** Parses a project key (the coordinator's peer id) into a PeerId, with a typed error. */
export function parseProjectKey (key: string): PeerId {
  try {
    return peerIdFromString(key)
  } catch {
    throw new InvalidFieldError('project', 'key', 'is not a peer id')
  }
}

/** Stores the signed manifest record on the DHT (the closest peers to its key, and locally). Returns how many
 * remote peers accepted it. */
export async function publishManifest (node: PogsNode, record: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<number> {
  await openManifest(record, node.peerId)
  let stored = 0
  for await (const event of node.libp2p.services.dht.put(manifestKey(node.peerId), record, options)) {
    if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE') stored++
  }
  return stored
}

/** Announces the node as its project's coordinator: provides the rendezvous CID. */
export async function provideRendezvous (node: PogsNode, options: { signal?: AbortSignal } = {}): Promise<void> {
  await node.helia.routing.provide(await rendezvousCid(node.peerId), options)
}

/**
 * Looks up the newest manifest record of a project on the DHT (one attempt). kad-dht's `get` yields its result only
 * when the whole query has finished, but reports each record as it arrives (progress events): an attempt cut short
 * by its timeout still returns the best record seen so far.
 */
async function fetchManifestRecord (node: Pick<PogsNode, 'libp2p' | 'helia'>, project: PeerId, signal: AbortSignal): Promise<Uint8Array | undefined> {
  let best: Uint8Array | undefined
  let bestSeq = -1
  const checks: Array<Promise<void>> = []
  const consider = async (value: Uint8Array): Promise<void> => {
    try {
      const seq = (await openManifest(value, project)).sequence
      if (seq > bestSeq) { best = value; bestSeq = seq }
    } catch {
      // kad-dht validated it already; a record that fails here is another project's or forged: skip it
    }
  }
  let failure: unknown
  try {
    const events = node.libp2p.services.dht.get(manifestKey(project), {
      signal,
      onProgress: (e) => { if (e.type === 'kad-dht:query:value') checks.push(consider((e.detail as { value: Uint8Array }).value)) }
    })
    for await (const event of events) {
      if (event.name === 'VALUE') checks.push(consider(event.value))
    }
  } catch (err) {
    failure = err
  }
  await Promise.all(checks)
  // Not finding the record, or running out of time, is an empty attempt; anything else is an error unless a record came.
  if (failure !== undefined && best === undefined && !(failure instanceof Error && /not found|aborted/i.test(failure.message + failure.name))) throw failure
  return best
}

/** Peers providing the project's rendezvous CID (its coordinator, normally), with their addresses. */
export async function findCoordinators (node: PogsNode, project: PeerId, options: { signal?: AbortSignal } = {}): Promise<Array<{ id: PeerId, multiaddrs: Multiaddr[] }>> {
  const found: Array<{ id: PeerId, multiaddrs: Multiaddr[] }> = []
  try {
    for await (const p of node.libp2p.contentRouting.findProviders(await rendezvousCid(project), options)) {
      if (p.id.equals(project)) found.push({ id: p.id, multiaddrs: p.multiaddrs })
    }
  } catch (err) {
    if (found.length === 0 && !(err instanceof Error && /abort/i.test(err.name + err.message))) throw err
  }
  return found
}

/** What a peer learns about a project from its key alone. */
export interface DiscoveredProject {
  manifest: ProjectManifest
  /** The signed record, for passing on or keeping. */
  record: Uint8Array
}

/**
 * Finds a project from its key: fetches its manifest record from the DHT, verifies it, and accepts it into the
 * store (rejecting one older than already accepted: StaleManifestError). Retries until found or `signal` aborts,
 * since a fresh network's routing tables take a moment to fill, making sure between attempts that the DHT knows
 * the peers we are connected to (dht-peers.ts), each attempt given longer than the last; falls back to the stored
 * manifest when the DHT has none (offline work).
 */
export async function discoverProject (node: Pick<PogsNode, 'libp2p' | 'helia'>, projectKey: string, store: ManifestStore, options: { signal: AbortSignal }): Promise<DiscoveredProject> {
  const project = parseProjectKey(projectKey)
  let lastError: unknown
  let attemptMs = ATTEMPT_TIMEOUT_MS
  while (!options.signal.aborted) {
    // With an empty routing table kad-dht's get waits for a routing-table peer that no event may bring (identify or
    // the routing table's ping with the bootstrap peer timed out under load): tell the DHT of our peers again.
    if (routingTableSize(node.libp2p) === 0) await rejoinDht(node.libp2p, { everyPeer: true, signal: options.signal })
    const attempt = AbortSignal.any([options.signal, timeoutSignal(attemptMs)])
    try {
      const record = await fetchManifestRecord(node, project, attempt)
      if (record !== undefined) return { manifest: await store.accept(record, project), record }
    } catch (err) {
      if (err instanceof PogsError) throw err
      lastError = err
    }
    attemptMs = Math.min(attemptMs * 2, MAX_ATTEMPT_TIMEOUT_MS)
    // Found nothing: identify again peers whose identify never completed, and refresh the routing table (with an
    // empty table a refresh only adds queries waiting for peers; the next round rejoins instead).
    await rejoinDht(node.libp2p, { everyPeer: false, signal: options.signal })
    if (routingTableSize(node.libp2p) !== 0) await node.libp2p.services.dht.refreshRoutingTable({ signal: options.signal }).catch(() => {})
    await pause(RETRY_PAUSE_MS, options.signal)
  }
  const stored = await store.get(project.toString())
  if (stored !== undefined) return stored
  throw new ProjectNotFoundError(project.toString(), `no manifest found on the DHT${lastError instanceof Error ? ` (${lastError.message})` : ''}`)
}
