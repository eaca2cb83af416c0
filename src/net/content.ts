import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromCID } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { ANNOUNCE_TIMEOUT_MS, REPROVIDE_INTERVAL_MS } from './constants.js'
import { ContentError } from './errors.js'
import { swarmWalker } from './swarm-walker.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** The parts of Helia content handling needs (libp2p, when present, lets a fetcher dial the other holders). */
export type ContentHelia = Pick<Helia, 'blockstore' | 'pins' | 'routing'> & { libp2p?: Pick<Libp2p, 'dial' | 'getConnections'> }

/**
 * Adds bytes as UnixFS, pins and provides them. `provide: false` skips the DHT announcement (now and in reprovide
 * passes), for content only peers already connected to us fetch (unit payloads and results: volunteers and
 * verifiers get them over the connection their request came on); a provide per unit or result would cost a DHT
 * walk per unit or result.
 */
export async function addBytes (helia: ContentHelia, bytes: Uint8Array, options: { signal?: AbortSignal, provide?: boolean } = {}): Promise<CID> {
  const cid = await unixfs(helia as Helia).addBytes(bytes, { signal: options.signal })
  await pin(helia, cid, options)
  if (options.provide !== false) provideInBackground(helia, cid)
  return cid
}

/**
 * Reads content held in the local blockstore, without asking the network: its bytes when it has at most
 * `maxBytes`, undefined when it is larger or not all here (e.g. a volunteer deciding whether a result goes inline).
 */
export async function readLocalContent (helia: ContentHelia, cidText: string, maxBytes: number): Promise<Uint8Array | undefined> {
  const fs = unixfs(helia as Helia)
  try {
    const cid = CID.parse(cidText)
    if (Number((await fs.stat(cid, { offline: true })).size) > maxBytes) return undefined
    const parts: Uint8Array[] = []
    for await (const chunk of fs.cat(cid, { offline: true })) parts.push(chunk)
    return Buffer.concat(parts)
  } catch {
    return undefined
  }
}

/**
 * Fetches every block of `cid` from whoever holds it (bitswap, providers found on the DHT), pins it, and provides
 * it so later peers fetch from us too. Idempotent: pinning content already pinned does nothing.
 *
 * Peers fetching the same content at the same time should fetch from each other, not all from its first holder
 * (the coordinator seeds each block to few peers: seeding.ts). So a fetcher announces the content as soon as it
 * starts (bitswap serves the blocks it already has and says "don't have" for the rest, like a BitTorrent leecher)
 * and, while it fetches, dials the other holders it finds on the DHT: once connected, wants and blocks flow
 * between them.
 */
export async function fetchAndPin (helia: ContentHelia, cid: CID, options: { signal?: AbortSignal, onBlock?: () => void, provide?: boolean } = {}): Promise<void> {
  if (await helia.pins.isPinned(cid, options)) return
  // provide: false still joins the swarm (fetches from the other holders) but tells nobody we hold it: a browser
  // page that no other page can dial (no relay slot yet).
  const announce = options.provide !== false
  if (announce) provideInBackground(helia, cid)
  const swarm = new AbortController()
  const joining = joinSwarm(helia, cid, AbortSignal.any([swarm.signal, ...(options.signal === undefined ? [] : [options.signal])]))
  try {
    await pin(helia, cid, options)
  } finally {
    swarm.abort()
    await joining
  }
  if (announce) provideInBackground(helia, cid)
}

/** How often a fetcher looks for more holders at first, and at most; and how many it dials per lookup. */
const SWARM_LOOKUP_INTERVAL_MS = 1_000
const SWARM_LOOKUP_MAX_INTERVAL_MS = 30_000
const SWARM_PEERS = 8

/**
 * Until aborted: finds the providers of `cid` and dials those not yet connected (at most SWARM_PEERS per lookup).
 * Each lookup doubles the wait before the next (1 s, 2 s, 4 s, ... up to SWARM_LOOKUP_MAX_INTERVAL_MS): a lookup
 * asks most peers of a small network, and answering them (closest peers, peer-store reads under a lock) took ~10%
 * of every volunteer's CPU when twenty fetched at once and each looked up every second.
 */
async function joinSwarm (helia: ContentHelia, cid: CID, signal: AbortSignal): Promise<void> {
  const libp2p = helia.libp2p
  if (libp2p === undefined) return
  let interval = SWARM_LOOKUP_INTERVAL_MS
  while (!signal.aborted) {
    try {
      const connected = new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()))
      let dialled = 0
      for await (const provider of helia.routing.findProviders(cid, { signal: AbortSignal.any([signal, timeoutSignal(SWARM_LOOKUP_INTERVAL_MS * 5)]) })) {
        const peer = peerIdFromCID(provider.id)
        if (connected.has(peer.toString())) continue
        connected.add(peer.toString())
        // The peer store learnt the provider's addresses with the provider record.
        void libp2p.dial(peer, { signal }).catch(() => {})
        if (++dialled >= SWARM_PEERS) break
      }
    } catch {
      // no providers yet, or the lookup timed out: look again
    }
    if (signal.aborted) break
    const wait = interval
    interval = Math.min(interval * 2, SWARM_LOOKUP_MAX_INTERVAL_MS)
    await new Promise<void>((resolve) => {
      const wake = (): void => { clearTimeout(timer); signal.removeEventListener('abort', wake); resolve() }
      const timer = setTimeout(wake, wait)
      signal.addEventListener('abort', wake, { once: true })
    })
  }
}

/** Total bytes of a pinned DAG's blocks (UnixFS `dagSize`, read offline: only what we hold counts). */
export async function pinnedBytes (helia: ContentHelia, cid: CID): Promise<number> {
  const stats = await unixfs(helia as Helia).stat(cid, { extended: true, offline: true })
  return Number(stats.dagSize)
}

/**
 * Pin metadata of content that is not announced on the DHT (unit payloads and results): the Reprovider skips it,
 * or a coordinator would walk the DHT once per unit and result every reprovide interval.
 */
export const UNANNOUNCED = { announce: false } as const

/** Pins content (fetching what is missing), unless already pinned; `provide: false` marks it unannounced. */
export async function pin (helia: ContentHelia, cid: CID, options: { signal?: AbortSignal, provide?: boolean, onBlock?: () => void }): Promise<void> {
  if (await helia.pins.isPinned(cid, options)) return
  try {
    // Several blocks at once, in random order (swarm-walker.ts): peers fetching together trade blocks.
    const add = { signal: options.signal, walker: swarmWalker(), ...(options.provide === false ? { metadata: UNANNOUNCED } : {}) }
    for await (const _ of helia.pins.add(cid, add)) options.onBlock?.() // each yielded CID is one block now held
  } catch (err) {
    throw new ContentError(`cannot pin ${cid.toString()}`, { cause: err })
  }
}

/** Announces `cid` without waiting: the content is usable before the DHT has heard of it, and with an empty
 * routing table the announcement would only finish at its timeout. */
export function provideInBackground (helia: ContentHelia, cid: CID): void {
  void provide(helia, cid, { signal: timeoutSignal(ANNOUNCE_TIMEOUT_MS) })
}

/** Announces on the DHT that we hold `cid`; false when it did not complete. A DHT with no peers yet is not an
 * error: the next reprovide pass announces it again. */
export async function provide (helia: ContentHelia, cid: CID, options: { signal?: AbortSignal } = {}): Promise<boolean> {
  try {
    await helia.routing.provide(cid, options)
    return true
  } catch {
    return false
  }
}

/**
 * Provides every pinned root again now and then: Helia does not reprovide, provider records expire, and peers that
 * joined since the last announcement should find us.
 */
export class Reprovider {
  private timer: NodeJS.Timeout | undefined
  private readonly controller = new AbortController()

  constructor (private readonly helia: ContentHelia, private readonly intervalMs = REPROVIDE_INTERVAL_MS) {}

  start (): void {
    this.timer = setInterval(() => { void this.runOnce() }, this.intervalMs)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
    this.controller.abort()
  }

  /** One pass over the pins; returns how many roots were provided. */
  async runOnce (): Promise<number> {
    let n = 0
    try {
      for await (const p of this.helia.pins.ls({ signal: this.controller.signal })) {
        if (p.metadata.announce === UNANNOUNCED.announce) continue
        const signal = AbortSignal.any([this.controller.signal, timeoutSignal(ANNOUNCE_TIMEOUT_MS)])
        if (await provide(this.helia, p.cid, { signal })) n++
      }
    } catch {
      // stopped mid-pass
    }
    return n
  }
}
