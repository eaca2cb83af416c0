// Super-seeding for the coordinator (no peer should be a central point of bandwidth). Bitswap answers every peer
// that wants a block, so when ten volunteers ask the coordinator for a new library at once it uploads ten copies.
// A seeder instead serves each block to at most `copiesPerWindow` peers per window and leaves the other wants
// pending: the peers that got the block pass it on (bitswap forwards a received block to every connected peer
// whose wantlist holds it), and when the window has passed the seeder looks at the still-pending wants again, so a
// peer nobody else can serve still gets every block from the seeder, only later. BitTorrent's initial seeders do
// the same ("super-seeding").
//
// Each copy of a block served makes that block's next window longer (`windowGrowth`). A pending want does not always
// mean the peer still needs the block: @helia/bitswap 4 as published never sends the cancel its wantlist code
// intends (our patches/@helia+bitswap+4.0.19.patch makes it send them), and a peer that crashed or speaks another
// implementation may never cancel. With a fixed window every window that passed while any want was pending cost one
// more copy, mostly to peers that had the block already: 30 volunteers at load 33 (469 s) took 10 copies.
import type { CID } from 'multiformats/cid'
import { withBitswap } from '@helia/bitswap'

/** How generously a seeder serves each block. */
export interface SeedingPolicy {
  /** Copies of one block served per window (at least 1). */
  copiesPerWindow: number
  /** Window length, ms: roughly the time a peer needs to pass a block on. */
  windowMs: number
  /**
   * Each window of a block is this many times as long as its previous one (default 1: fixed windows). A block
   * served k windows' worth of copies waits windowMs x growth^k for its next copy; wants still pending after a long
   * wait are mostly stale (see above), and the few peers nobody else can serve still get the block.
   */
  windowGrowth?: number
  /** Longest window, ms (default: unbounded): the most a peer nobody else can serve waits for a block. */
  maxWindowMs?: number
  /**
   * Blocks of at most this many bytes are served to everyone at once (default SMALL_BLOCK_BYTES). Seeding saves
   * bytes on large content (library leaves are 1 MiB); a small block (a unit payload, a DAG node) costs less to
   * send again than the wait would: a unit's second volunteer would otherwise wait a window for its payload.
   */
  freeBlockBytes?: number
}

/** Unit payloads of a few hundred pixels and UnixFS DAG nodes fit; library leaves (1 MiB) do not. */
export const SMALL_BLOCK_BYTES = 64 * 1024

/**
 * The coordinator's default: one copy of each block per window, 60 s at first, each next window of that block four
 * times the last (60 s, 4 min, at most 10 min). Measured with ten peers fetching 20 MB at once in one process
 * (bitswap forwards slowly there: ~60 s in all, with or without seeding): a 1 s window let the seeder upload 10
 * copies, 10 s 4.4 copies, 30 s 1.8 copies, at the same total time. Fixed 30 s windows cost 10 copies with 30
 * volunteers at load 33 (469 s: ~15 windows); growing ones allow at most 3 copies of a block in the first 10 min and
 * one per 10 min after. With want routing (want-routing.ts) 30 volunteers on two cores took ~30 s to pass a 1 MiB
 * block on, and still lacked most blocks after the first 30 s: a 30 s first window served 2.27 copies in 247 s, a 60 s
 * one 2.02 in 250 s. A peer that nobody else can serve waits at most one window per block it asked for while others
 * were being served (in parallel across blocks).
 */
export const COORDINATOR_SEEDING: SeedingPolicy = { copiesPerWindow: 1, windowMs: 60_000, windowGrowth: 4, maxWindowMs: 10 * 60_000 }

/** A block is its multihash (CIDv0 and v1 of one block are the same bytes). */
function blockKey (cid: CID): string {
  return Buffer.from(cid.multihash.bytes).toString('base64')
}

interface BlockSource {
  has: (cid: CID, options?: unknown) => Promise<boolean> | boolean
  get: (cid: CID, options?: unknown) => unknown
}

/** A block's size, read only when the budget would defer it (Helia's blockstore gives bytes or chunks). */
async function blockSize (source: BlockSource, cid: CID, options?: unknown): Promise<number> {
  const got = await (source.get(cid, options) as Promise<unknown> | unknown)
  if (got instanceof Uint8Array) return got.length
  let n = 0
  for await (const chunk of got as AsyncIterable<Uint8Array> | Iterable<Uint8Array>) n += chunk.length
  return n
}

/** Copies of one block served: how many in all (they set the window's length), and when the recent ones went. */
interface Served { total: number, times: number[], last: number }

/** Counts copies served per block and decides whether one more may go out now. */
export class SeedLimiter {
  private readonly served = new Map<string, Served>()
  private readonly pending = new Map<string, NodeJS.Timeout>()
  /** Blocks found too large to serve freely: read once, not once per deferred want (a library leaf is 1 MiB). */
  private readonly large = new Set<string>()
  /** Blocks sent, and wants left for later: for tests and logs. */
  copiesServed = 0
  deferred = 0

  constructor (private readonly policy: SeedingPolicy, private readonly now: () => number = Date.now) {
    if (!(policy.copiesPerWindow >= 1) || !(policy.windowMs > 0)) throw new RangeError('seeding policy: copiesPerWindow >= 1 and windowMs > 0')
    if (!((policy.windowGrowth ?? 1) >= 1) || !((policy.maxWindowMs ?? Infinity) >= policy.windowMs)) {
      throw new RangeError('seeding policy: windowGrowth >= 1 and maxWindowMs >= windowMs')
    }
  }

  /** The window a block is in, ms: longer for each window's worth of copies already served. */
  windowFor (key: string): number {
    const total = this.served.get(key)?.total ?? 0
    const rounds = Math.max(0, Math.ceil(total / this.policy.copiesPerWindow) - 1)
    return Math.min(this.policy.windowMs * (this.policy.windowGrowth ?? 1) ** rounds, this.policy.maxWindowMs ?? Infinity)
  }

  /** Copies of `key` served within its current window, oldest first. A block nobody asked for during a whole
   * window after its last one starts afresh (a later wave of fetchers gets the short window again). */
  private recent (key: string): number[] {
    const entry = this.served.get(key)
    if (entry === undefined) return []
    const window = this.windowFor(key)
    const now = this.now()
    if (entry.last <= now - 2 * window) {
      this.served.delete(key)
      return []
    }
    entry.times = entry.times.filter((t) => t > now - window)
    return entry.times
  }

  /** Whether one more copy of `key` may be served now. */
  mayServe (key: string): boolean {
    return this.recent(key).length < this.policy.copiesPerWindow
  }

  /** Records one copy of `key` served. */
  record (key: string): void {
    this.copiesServed++
    this.recent(key)
    const entry = this.served.get(key) ?? { total: 0, times: [], last: 0 }
    entry.total++
    entry.last = this.now()
    entry.times.push(entry.last)
    this.served.set(key, entry)
  }

  /** When the next copy of `key` may go out, ms from now (0: now). */
  private untilNext (key: string): number {
    const times = this.recent(key)
    if (times.length < this.policy.copiesPerWindow) return 0
    return Math.max(0, times[times.length - this.policy.copiesPerWindow] + this.windowFor(key) - this.now())
  }

  /** Calls `again` once the block's window has passed, so wants left pending are looked at again (once per block). */
  later (key: string, again: () => void): void {
    this.deferred++
    if (this.pending.has(key)) return
    // +1 ms: a copy served exactly `window` ago is still inside the window (recent() keeps t > now - window).
    const timer = setTimeout(() => {
      this.pending.delete(key)
      again()
    }, this.untilNext(key) + 1)
    timer.unref()
    this.pending.set(key, timer)
  }

  stop (): void {
    for (const t of this.pending.values()) clearTimeout(t)
    this.pending.clear()
  }

  /** The blockstore bitswap serves from: `has` says no to blocks over their budget. */
  wrap<B extends BlockSource> (blockstore: B, again: (cid: CID) => void): B {
    return new Proxy(blockstore, {
      get: (target, prop) => {
        if (prop === 'has') {
          return async (cid: CID, options?: unknown): Promise<boolean> => {
            if (!(await target.has(cid, options))) return false
            const key = blockKey(cid)
            if (this.mayServe(key)) return true
            if (!this.large.has(key)) {
              if (await blockSize(target, cid, options) <= (this.policy.freeBlockBytes ?? SMALL_BLOCK_BYTES)) return true
              this.large.add(key)
            }
            this.later(key, () => { again(cid) })
            return false
          }
        }
        if (prop === 'get') {
          return (cid: CID, options?: unknown) => {
            this.record(blockKey(cid))
            return target.get(cid, options)
          }
        }
        const value: unknown = Reflect.get(target, prop, target)
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
      }
    })
  }
}

type BitswapOptions = NonNullable<Parameters<typeof withBitswap>[1]>

/** UnixFS leaves are 1 MiB (@helia/unixfs 8 chunks files so); 2 MiB leaves headroom. */
const MAX_BLOCK_BYTES = 2 * 1024 * 1024
interface Mixin { name: string, start: (helia: unknown) => Promise<void> }
interface Broker { announce: (cid: CID) => Promise<void> }

/** Binds methods to the real object: Helia's classes keep private state that a proxy receiver cannot reach. */
function passThrough<T extends object> (target: T, override: (prop: string | symbol) => unknown): T {
  return new Proxy(target, {
    get: (t, prop) => {
      const o = override(prop)
      if (o !== undefined) return o
      const value: unknown = Reflect.get(t, prop, t)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value
    }
  })
}

/**
 * Adds bitswap to a Helia node, serving under `policy` when one is given (the blockstore bitswap serves from is
 * wrapped; the node's own reads are untouched). Returns the limiter, for its counters and to stop its timers.
 */
export function withSeedingBitswap<H extends object> (helia: H, options: BitswapOptions, policy: SeedingPolicy | undefined): SeedLimiter | undefined {
  if (policy === undefined) {
    withBitswap(helia as Parameters<typeof withBitswap>[0], options)
    return undefined
  }
  const limiter = new SeedLimiter(policy)
  // Bitswap reads a block for a want-have too but then sends only "have" for blocks over this size: answering
  // want-haves with the block itself makes every read a sent copy, which is what the limiter counts.
  options = { ...options, maxSizeReplaceHasWithBlock: Math.max(options.maxSizeReplaceHasWithBlock ?? 0, MAX_BLOCK_BYTES) }
  let broker: Broker | undefined
  const again = (cid: CID): void => { void broker?.announce(cid).catch(() => {}) }
  const intercept = passThrough(helia, (prop) => prop !== 'addMixin'
    ? undefined
    : (mixin: Mixin) => (helia as unknown as { addMixin: (m: Mixin) => void }).addMixin({
        ...mixin,
        start: async (started: unknown) => {
          const real = started as { blockstore: BlockSource, addBlockBroker: (b: Broker) => void }
          const view = passThrough(real, (p) => {
            if (p === 'blockstore') return limiter.wrap(real.blockstore, again)
            if (p === 'addBlockBroker') return (b: Broker) => { broker = b; real.addBlockBroker(b) }
            return undefined
          })
          await mixin.start(view)
        }
      }))
  withBitswap(intercept as Parameters<typeof withBitswap>[0], options)
  return limiter
}
