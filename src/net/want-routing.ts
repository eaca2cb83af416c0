// Which peer sends us each block. @helia/bitswap 4 sends every want as a want-block to every connected peer, so
// every peer holding a block sends it: with 30 volunteers fetching a library together, each received many copies
// of most blocks and wrote 63-578 MB for a 20 MB library (docs/network.md). go-bitswap's sessions do better, and we
// do as they do: a want goes to all peers as a want-have ("tell me when you have it"), and the block itself is asked
// of one peer that answered "have": the one we have the fewest blocks outstanding at, so requests spread over the
// peers that hold a block instead of piling up at the first that got it. A peer that says "don't have", goes away or
// is slow (HEDGE_MS, or longer when blocks usually take longer) leaves the block to the next peer that has it.
//
// Peers keep a want-have after saying "don't have" and say "have" once the block arrives (bitswap ledgers do), so a
// fetcher learns of every new holder. Blocks of at most SMALL_BLOCK_BYTES come back in reply to the want-have itself
// (node.ts sets `maxSizeReplaceHasWithBlock`): one round trip, and a few duplicates of a small block cost less than
// a second round trip. A seeding coordinator answers want-haves with the block when its budget allows and says
// nothing otherwise (seeding.ts), so it is never asked with a want-block; volunteers and mirrors name it with
// `preferOthersTo`, and while other peers are serving them it hears only the wants nobody else can answer
// (SEEDER_DELAY_MS).
//
// Installed on the running bitswap's want list (Helia exposes its block brokers, bitswap its want list); the want
// list's own code still tracks wants, receives blocks and resolves the callers. This replaces its broadcast (which
// also sends the cancels @helia/bitswap 4.0.19 skipped) and its greeting of new peers.
import { BlockSources, type ReceivedBlock } from './block-sources.js'
import { unrefTimer } from '../util/unref-timer.js'
import type { PeerId } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Blocks asked of one peer at a time, per fetcher: with UnixFS's 1 MiB leaves, 2 MiB in flight keeps a loopback or
 * LAN link busy, and a fetcher turns to the other holders of a block as soon as they have it. */
export const BLOCKS_IN_FLIGHT_PER_PEER = 2
/**
 * A block asked of a peer that has not arrived after this long is asked of one more holder too; and at least
 * HEDGE_LATENCIES times the usual time a block takes to come (`latencyMs`): on a loaded machine (30 volunteers on two
 * cores) a 1 MiB block took ~30 s, and a fixed 10 s made nearly every block a hedge and a second copy.
 */
export const HEDGE_MS = 10_000
const HEDGE_LATENCIES = 3
/** Weight of each new sample in the running block latency (an exponentially weighted mean, as TCP keeps its RTT). */
const LATENCY_WEIGHT = 0.2
/** At most this many holders are asked for one block at once (the first plus hedges). */
const MAX_ASKS_PER_BLOCK = 3
/**
 * A seeder (the coordinator: seeding.ts) is asked last. While other peers are serving us (one said "have" within
 * SWARM_ACTIVE_MS), a want goes to the seeder only when no other peer has said "have" for it within SEEDER_DELAY_MS,
 * or it has waited SEEDER_FALLBACK_MS in all. Without this, every volunteer's want-haves sat in the seeder's ledger
 * while other volunteers served them, and under load (30 volunteers, 375 s at load 36) each window of the seeder
 * served another copy of most blocks: 3.1 copies in all. The three grow with the usual block latency like the hedge
 * (SEEDER_LATENCIES times it): under load a quiet 5 s did not mean that the other peers had stopped serving.
 */
export const SWARM_ACTIVE_MS = 5_000
export const SEEDER_DELAY_MS = 2_000
const SEEDER_FALLBACK_MS = 30_000
const SEEDER_LATENCIES = { active: 3, delay: 1, fallback: 6 }
/** How often slow asks and blocks waiting for a free peer are looked at. */
const TICK_MS = 1_000

/** @helia/bitswap's wire values (pb/message.js). */
const WANT_BLOCK = 'WantBlock'
const WANT_HAVE = 'WantHave'

interface WantEntry { cid: CID, priority: number, wantType: string, cancel: boolean, sendDontHave: boolean }
interface EntryOnWire { cid: Uint8Array, priority: number, wantType: string, cancel: boolean, sendDontHave: boolean }
interface Presence { sender: PeerId, cid: CID, has: boolean, block?: Uint8Array }

/** The shape of @helia/bitswap's QueuedBitswapMessage that its network queue merges and splits. */
class WantMessage {
  pendingBytes = 0
  readonly wantlist = new Map<string, EntryOnWire>()
  readonly blocks = new Map<string, unknown>()
  readonly blockPresences = new Map<string, unknown>()
  constructor (readonly full = false) {}
  add (key: string, entry: WantEntry, wantType: string, sendDontHave: boolean): void {
    this.wantlist.set(key, { cid: entry.cid.bytes, priority: entry.priority, wantType, cancel: entry.cancel, sendDontHave })
  }
}

/** The parts of @helia/bitswap 4.0.19's WantList this module works with (pinned version: package.json). */
export interface BitswapWantList {
  wants: Map<string, WantEntry>
  peers: Map<PeerId, Set<string>>
  network: {
    sendMessage: (peer: PeerId, message: WantMessage, options?: { signal?: AbortSignal }) => Promise<void>
    addEventListener: (type: 'peer:disconnected', listener: (evt: CustomEvent<PeerId>) => void) => void
  }
  sendingMessages?: { promise: Promise<void>, resolve: () => void }
  sendMessages: () => Promise<void>
  sendMessagesDebounced: () => Promise<void>
  peerConnected: (peer: PeerId) => Promise<void>
  addEventListener: ((type: 'presence', listener: (evt: CustomEvent<Presence>) => void) => void) &
  ((type: 'block', listener: (evt: CustomEvent<ReceivedBlock>) => void) => void)
}

/** The want list's key for a block: its multihash, base64 without padding (uint8arrays 'base64'). */
export function wantKey (cid: CID): string {
  return Buffer.from(cid.multihash.bytes).toString('base64').replace(/=+$/, '')
}

/** Where one wanted block may come from and whom we asked for it (peer id text -> since when). */
interface Route { holders: Map<string, PeerId>, asked: Map<string, number>, refused: Set<string> }

/** Routes the block requests of one bitswap want list (see the top of this file). */
export class WantRouter {
  private readonly routes = new Map<string, Route>()
  /** Blocks asked of each peer and not yet settled. */
  private readonly inFlight = new Map<string, number>()
  /** Blocks with holders that could not be asked yet (every holder at BLOCKS_IN_FLIGHT_PER_PEER). */
  private readonly waiting = new Set<string>()
  /** Peers asked last (see SEEDER_DELAY_MS), and when each want was first broadcast. */
  private readonly seeders = new Set<string>()
  private readonly wantedSince = new Map<string, number>()
  /** When a peer other than a seeder last said it has a block we want (or sent one). */
  private lastSwarmHave = -Infinity
  /** Running mean of the time from a want-block to its block, ms (0 until the first block came). */
  latencyMs = 0
  private readonly timer: ReturnType<typeof setInterval>
  /** Block requests sent; of those, hedges (one more holder) and retries (the same holder again): for tests, logs. */
  asks = 0
  hedges = 0
  retries = 0
  /** Wants sent to seeders, and wants withdrawn from them because another peer had the block. */
  toSeeders = 0
  withdrawn = 0

  /** Who sent us blocks (block-sources.ts). */
  readonly sources = new BlockSources()

  constructor (private readonly list: BitswapWantList, private readonly now: () => number = Date.now) {
    list.addEventListener('block', (evt) => { this.sources.count(evt.detail) })
    list.sendMessages = async () => { await this.broadcast() }
    list.peerConnected = async (peer) => { await this.greet(peer) }
    list.addEventListener('presence', (evt) => { this.onPresence(evt.detail) })
    list.network.addEventListener('peer:disconnected', (evt) => { this.onDisconnect(evt.detail) })
    this.timer = unrefTimer(setInterval(() => { this.tick() }, TICK_MS))
  }

  stop (): void {
    clearInterval(this.timer)
  }

  /** Asks `peer` for blocks only when no other peer can serve them (see SEEDER_DELAY_MS): a seeding coordinator. */
  preferOthersTo (peer: PeerId | string): void {
    this.seeders.add(peer.toString())
  }

  /** Whether the want of `key` may go to a seeder now. */
  private seederMayHear (key: string, now: number): boolean {
    const l = this.latencyMs
    if (now - this.lastSwarmHave >= Math.max(SWARM_ACTIVE_MS, SEEDER_LATENCIES.active * l)) return true
    const waited = now - (this.wantedSince.get(key) ?? now)
    if (waited >= Math.max(SEEDER_FALLBACK_MS, SEEDER_LATENCIES.fallback * l)) return true
    return waited >= Math.max(SEEDER_DELAY_MS, SEEDER_LATENCIES.delay * l) && (this.routes.get(key)?.holders.size ?? 0) === 0
  }

  /** Whether a want not yet sent to `peer` goes to it now. */
  private sendsTo (peer: PeerId, key: string, now: number): boolean {
    if (!this.wantedSince.has(key)) this.wantedSince.set(key, now)
    return !this.seeders.has(peer.toString()) || this.seederMayHear(key, now)
  }

  /** The want list's broadcast: new wants as want-haves to every peer, cancels to the peers that had the want. */
  private async broadcast (): Promise<void> {
    const list = this.list
    let done: () => void = () => {}
    list.sendingMessages = { promise: new Promise<void>((resolve) => { done = resolve }), resolve: () => { done() } }
    try {
      await Promise.all([...list.peers.entries()].map(async ([peer, sentWants]) => {
        const message = new WantMessage()
        const sent: string[] = []
        const now = this.now()
        for (const [key, entry] of list.wants) {
          // A want not yet sent to this peer (a seeder only when nobody else has the block), or the cancel of one
          // that was.
          if (sentWants.has(key) === entry.cancel && (entry.cancel || this.sendsTo(peer, key, now))) {
            if (!entry.cancel && this.seeders.has(peer.toString())) this.toSeeders++
            message.add(key, entry, WANT_HAVE, false)
            sent.push(key)
          }
        }
        if (sent.length === 0) return
        try {
          await list.network.sendMessage(peer, message)
          for (const key of sent) sentWants.add(key)
        } catch {
          // the peer went away; its disconnect cleans up
        }
      }))
    } finally {
      for (const [key, entry] of list.wants) {
        if (!entry.cancel) continue
        list.wants.delete(key)
        for (const sentWants of list.peers.values()) sentWants.delete(key)
        this.settle(key)
        this.wantedSince.delete(key)
      }
      list.sendingMessages.resolve()
    }
  }

  /** A new peer gets our whole want list as want-haves. */
  private async greet (peer: PeerId): Promise<void> {
    const message = new WantMessage(true)
    const sentWants = new Set<string>()
    const now = this.now()
    for (const [key, entry] of this.list.wants) {
      if (entry.cancel || !this.sendsTo(peer, key, now)) continue
      message.add(key, entry, WANT_HAVE, false)
      sentWants.add(key)
    }
    try {
      if (sentWants.size > 0) await this.list.network.sendMessage(peer, message)
      this.list.peers.set(peer, sentWants)
    } catch {
      // not reachable after all: it is greeted again if it connects again
    }
  }

  private onPresence (p: Presence): void {
    const key = wantKey(p.cid)
    const id = p.sender.toString()
    if (p.has && !this.seeders.has(id) && this.list.wants.has(key)) {
      this.lastSwarmHave = this.now()
      this.withdrawFromSeeders(key)
    }
    if (p.block !== undefined) {
      // The block arrived (from whomever): the want list cancels it at the other peers; free the asks.
      const askedAt = this.routes.get(key)?.asked.get(id)
      if (askedAt !== undefined) {
        const sample = this.now() - askedAt
        this.latencyMs = this.latencyMs === 0 ? sample : this.latencyMs + LATENCY_WEIGHT * (sample - this.latencyMs)
      }
      this.settle(key)
      this.pump()
      return
    }
    const entry = this.list.wants.get(key)
    if (entry === undefined || entry.cancel || entry.wantType !== WANT_BLOCK) return
    const route = this.routeOf(key)
    if (p.has) {
      route.holders.set(id, p.sender)
      if (route.asked.size === 0) this.ask(key, route)
      return
    }
    route.holders.delete(id)
    if (route.asked.delete(id)) {
      route.refused.add(id)
      this.release(id)
      if (route.asked.size === 0) this.ask(key, route)
      this.pump()
    }
  }

  private onDisconnect (peer: PeerId): void {
    const id = peer.toString()
    this.inFlight.delete(id)
    for (const [key, route] of this.routes) {
      route.holders.delete(id)
      if (route.asked.delete(id) && route.asked.size === 0) this.ask(key, route)
    }
    this.pump()
  }

  private routeOf (key: string): Route {
    let route = this.routes.get(key)
    if (route === undefined) {
      route = { holders: new Map(), asked: new Map(), refused: new Set() }
      this.routes.set(key, route)
    }
    return route
  }

  /** Asks the least busy holder not yet asked for the block; false when none is free. */
  private ask (key: string, route: Route): boolean {
    const entry = this.list.wants.get(key)
    if (entry === undefined || entry.cancel) return false
    let best: [string, PeerId] | undefined
    for (const [id, peer] of route.holders) {
      if (route.asked.has(id) || route.refused.has(id)) continue
      if (best === undefined || this.busy(id) < this.busy(best[0])) best = [id, peer]
    }
    if (best === undefined) return false
    if (this.busy(best[0]) >= BLOCKS_IN_FLIGHT_PER_PEER) {
      this.waiting.add(key)
      return false
    }
    const [id, peer] = best
    route.asked.set(id, this.now())
    this.inFlight.set(id, this.busy(id) + 1)
    this.asks++
    // The cancel must reach this peer too once the block has come (broadcast() sends cancels to peers in sentWants).
    this.list.peers.get(peer)?.add(key)
    this.send(peer, key, entry)
    return true
  }

  /** Sends one want-block. */
  private send (peer: PeerId, key: string, entry: WantEntry): void {
    const message = new WantMessage()
    message.add(key, entry, WANT_BLOCK, true)
    this.list.network.sendMessage(peer, message).catch(() => {
      // Could not send: as if the peer had said it does not have the block.
      const route = this.routes.get(key)
      const id = peer.toString()
      if (route?.asked.delete(id) === true) {
        route.refused.add(id)
        this.release(id)
        if (route.asked.size === 0) this.ask(key, route)
      }
    })
  }

  private busy (id: string): number {
    return this.inFlight.get(id) ?? 0
  }

  private release (id: string): void {
    const n = this.busy(id) - 1
    if (n > 0) this.inFlight.set(id, n)
    else this.inFlight.delete(id)
  }

  /** Forgets a block that arrived or is no longer wanted. */
  private settle (key: string): void {
    const route = this.routes.get(key)
    if (route === undefined) return
    this.routes.delete(key)
    this.waiting.delete(key)
    for (const id of route.asked.keys()) this.release(id)
  }

  /** Blocks that waited for a free holder get one if there is one now (ask() puts back those still waiting). */
  private pump (): void {
    if (this.waiting.size === 0) return
    const keys = [...this.waiting]
    this.waiting.clear()
    for (const key of keys) {
      const route = this.routes.get(key)
      if (route !== undefined && route.asked.size === 0) this.ask(key, route)
    }
  }

  /**
   * Cancels the want of `key` at the seeders that have it: another peer has the block. A seeder serves each block
   * once per window to the wants still in its ledger, and the wants every volunteer sent it before anyone else had a
   * block stayed there while the volunteers served each other (3 copies with 30 volunteers). If no block comes, the
   * want goes to the seeders again after SEEDER_FALLBACK_MS.
   */
  private withdrawFromSeeders (key: string): void {
    if (this.seeders.size === 0) return
    const entry = this.list.wants.get(key)
    if (entry === undefined) return
    for (const [peer, sentWants] of this.list.peers) {
      if (!this.seeders.has(peer.toString()) || !sentWants.delete(key)) continue
      this.withdrawn++
      const message = new WantMessage()
      message.add(key, { ...entry, cancel: true }, WANT_HAVE, false)
      this.list.network.sendMessage(peer, message).catch(() => {})
    }
  }

  /** Broadcasts again when a want held back from a connected seeder may go to it now. */
  private offerToSeeders (now: number): void {
    if (this.seeders.size === 0) return
    for (const key of this.wantedSince.keys()) {
      if (!this.list.wants.has(key)) this.wantedSince.delete(key)
    }
    for (const [peer, sentWants] of this.list.peers) {
      if (!this.seeders.has(peer.toString())) continue
      for (const [key, entry] of this.list.wants) {
        if (!entry.cancel && !sentWants.has(key) && this.seederMayHear(key, now)) {
          void this.list.sendMessagesDebounced().catch(() => {})
          return
        }
      }
    }
  }

  /** Hedges slow asks, retries waiting blocks, and drops routes of wants that were aborted. Runs every TICK_MS
   * (public for tests, which drive it with their own clock). */
  tick (): void {
    const now = this.now()
    this.offerToSeeders(now)
    for (const [key, route] of this.routes) {
      const entry = this.list.wants.get(key)
      if (entry === undefined || entry.cancel) {
        this.settle(key)
        continue
      }
      if (route.asked.size === 0) {
        this.ask(key, route)
        continue
      }
      const newest = Math.max(...route.asked.values())
      if (now - newest < Math.max(HEDGE_MS, HEDGE_LATENCIES * this.latencyMs)) continue
      if (route.asked.size < MAX_ASKS_PER_BLOCK && this.ask(key, route)) {
        this.hedges++
        continue
      }
      // No other holder to turn to: ask the one asked longest ago again. Its ledger may have dropped the want
      // (@helia/bitswap 4.0.19 deleted a want-block that followed a "have" by more than 5 s: our patch fixes it in
      // our peers, not in others).
      const [id] = [...route.asked].reduce((a, b) => b[1] < a[1] ? b : a)
      const peer = route.holders.get(id)
      if (peer === undefined) continue
      route.asked.set(id, now)
      this.retries++
      this.send(peer, key, entry)
    }
  }
}

/**
 * Blockstore read options for a block whose holders are already connected (the inner blocks of a DAG whose root we
 * looked up): bitswap then skips its provider lookup. It looks up the providers of every block it wants, and nobody
 * provides inner blocks (only roots are announced), so each lookup walked the DHT in vain: ten volunteers fetching
 * 80 blocks each made 800 lookups, and answering them (closest peers, peer-store merges) cost every peer ~15% of its
 * CPU during the fetch.
 */
export const CONNECTED_ONLY = { findProviders: false } as const

interface BitswapNetwork { findAndConnect: (cid: CID, options?: Record<string, unknown>) => Promise<void> }

/** Installs a WantRouter on a started Helia node's bitswap, and makes its provider lookups honour CONNECTED_ONLY. */
export function routeWants (helia: object): WantRouter {
  const brokers = (helia as { blockBrokers?: Array<{ name: string, bitswap?: { wantList?: BitswapWantList, network?: BitswapNetwork } }> }).blockBrokers ?? []
  const bitswap = brokers.find((b) => b.name === 'bitswap')?.bitswap
  const list = bitswap?.wantList
  const network = bitswap?.network
  if (list === undefined || network === undefined) throw new Error('routeWants: the node has no bitswap want list')
  const findAndConnect = network.findAndConnect.bind(network)
  network.findAndConnect = async (cid, options) => {
    if (options?.findProviders === CONNECTED_ONLY.findProviders) return
    await findAndConnect(cid, options)
  }
  return new WantRouter(list)
}
