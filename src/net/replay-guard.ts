import { REPLAY_GUARD_CAPACITY, REPLAY_WINDOW_MS } from './constants.js'
import { ReplayError } from './errors.js'

/** Options of a ReplayGuard; the clock is injectable so tests move time without sleeping. */
export interface ReplayGuardInit {
  windowMs?: number
  capacity?: number
  now?: () => number
}

/**
 * Accepts each (signer, message id) once, and only when its timestamp lies within +-window of our clock.
 * An id needs remembering only while its timestamp is inside the window (afterwards the timestamp check rejects
 * it anyway), so memory is bounded by the message rate times 2 windows. When full of live ids the guard refuses
 * new messages rather than forgetting live ones: forgetting would let a replay through.
 */
export class ReplayGuard {
  private readonly windowMs: number
  private readonly capacity: number
  private readonly now: () => number
  // key -> the time after which the entry may be forgotten
  private readonly seen = new Map<string, number>()

  constructor (init: ReplayGuardInit = {}) {
    this.windowMs = init.windowMs ?? REPLAY_WINDOW_MS
    this.capacity = init.capacity ?? REPLAY_GUARD_CAPACITY
    this.now = init.now ?? Date.now
  }

  /** Records the message or throws ReplayError (stale, from the future, or seen before). */
  check (signer: Uint8Array, id: Uint8Array, timestampMs: number): void {
    const now = this.now()
    if (!Number.isFinite(timestampMs) || Math.abs(now - timestampMs) > this.windowMs) {
      throw new ReplayError(`timestamp ${timestampMs} is outside +-${this.windowMs} ms of ${now}`)
    }
    const key = Buffer.from(signer).toString('base64') + ':' + Buffer.from(id).toString('base64')
    const until = this.seen.get(key)
    if (until !== undefined && until >= now) throw new ReplayError('message id seen before')
    if (this.seen.size >= this.capacity) this.sweep(now)
    if (this.seen.size >= this.capacity) throw new ReplayError('replay guard is full; try again later')
    this.seen.set(key, timestampMs + this.windowMs)
  }

  /** Number of ids currently remembered. */
  get size (): number {
    return this.seen.size
  }

  private sweep (now: number): void {
    for (const [key, until] of this.seen) {
      if (until < now) this.seen.delete(key)
    }
  }
}
