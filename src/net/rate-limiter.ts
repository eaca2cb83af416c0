import { RateLimitedError } from './errors.js'

/** A token bucket: `burst` requests at once, refilled at `perMinute`. */
export interface RateLimit {
  perMinute: number
  burst: number
  /** Why this limit: kept beside the number so the two change together. */
  reason: string
}

/**
 * Per-peer token buckets for one protocol. Written here rather than taken from @libp2p/utils' RateLimiter, which
 * is a fixed window with a timer per key: buckets allow a short burst after idle time (a volunteer returning
 * a queue of results) and need no timers, and the clock is injectable for tests.
 */
export class PeerRateLimiter {
  private readonly buckets = new Map<string, { tokens: number, at: number }>()
  private readonly now: () => number

  constructor (private readonly protocol: string, private readonly limit: RateLimit, now: () => number = Date.now) {
    this.now = now
  }

  /** Takes one token for the peer or throws RateLimitedError. */
  take (peer: string): void {
    const now = this.now()
    const perMs = this.limit.perMinute / 60_000
    const bucket = this.buckets.get(peer) ?? { tokens: this.limit.burst, at: now }
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * perMs)
    bucket.at = now
    if (bucket.tokens < 1) {
      this.buckets.set(peer, bucket)
      throw new RateLimitedError(this.protocol, (1 - bucket.tokens) / perMs)
    }
    bucket.tokens -= 1
    this.buckets.set(peer, bucket)
    // Full buckets carry no information: drop them so memory follows active peers only.
    if (this.buckets.size > 10_000) this.prune(now, perMs)
  }

  private prune (now: number, perMs: number): void {
    for (const [peer, b] of this.buckets) {
      if (b.tokens + (now - b.at) * perMs >= this.limit.burst) this.buckets.delete(peer)
    }
  }
}
