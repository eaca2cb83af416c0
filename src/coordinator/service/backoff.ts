// Retry pacing for peers that did not answer (a verifier or mirror that is down): per key, the first retry after
// RETRY_BASE_MS, doubling to RETRY_MAX_MS; and for peers that asked to be asked again later (a verifier's PENDING
// verdict), after the time they stated. In memory only: after a restart everything is tried at once, once.
import { RETRY_BASE_MS, RETRY_MAX_MS } from './constants.js'

/** Keys beyond which settled entries are swept (bounds memory over a long run). */
const SWEEP_AT = 10_000

export class Backoff {
  /** `delay` is the last failure's wait; absent after a stated wait (the next failure starts at the base again). */
  private readonly entries = new Map<string, { next: number, delay?: number }>()

  constructor (private readonly now: () => number = Date.now, private readonly baseMs = RETRY_BASE_MS, private readonly maxMs = RETRY_MAX_MS) {}

  /** Whether `key` may be tried now. */
  due (key: string): boolean {
    const e = this.entries.get(key)
    return e === undefined || e.next <= this.now()
  }

  /** `key` failed: wait before the next try. */
  failed (key: string): void {
    const e = this.entries.get(key)
    const delay = e?.delay === undefined ? this.baseMs : Math.min(this.maxMs, e.delay * 2)
    this.entries.set(key, { next: this.now() + delay, delay })
    if (this.entries.size > SWEEP_AT) this.sweep()
  }

  /** `key`'s peer answered and asked to be asked again in `ms`: not a failure, so earlier failures are forgotten. */
  after (key: string, ms: number): void {
    this.entries.set(key, { next: this.now() + ms })
    if (this.entries.size > SWEEP_AT) this.sweep()
  }

  /** Forgets every key ending in `#<suffix>` (a peer that just connected again is tried at once). */
  forgetSuffix (suffix: string): void {
    for (const k of this.entries.keys()) if (k.endsWith(`#${suffix}`)) this.entries.delete(k)
  }

  /** `key` succeeded: forget it. */
  succeeded (key: string): void {
    this.entries.delete(key)
  }

  // Entries whose wait has long passed belong to work that was settled by others: drop them.
  private sweep (): void {
    const old = this.now() - 2 * this.maxMs
    for (const [k, e] of this.entries) if (e.next < old) this.entries.delete(k)
  }
}

/** Runs `tasks` with at most `limit` in flight; never rejects (tasks handle their own errors). */
export async function runLimited (tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++]
      await task().catch(() => {})
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
}
