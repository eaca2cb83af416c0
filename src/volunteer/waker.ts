// Event-driven waits: a loop sleeps until something it cares about happens (wake), a time passes, or it is
// stopped (abort). No bare sleeps: every wait ends at once on stop.

/** Wakes one or more waiting loops; a wake before the wait is not lost (the next wait returns at once). */
export class Waker {
  private pending = false
  private waiters: Array<() => void> = []

  /** Ends the current waits, or the next one if nobody waits now. */
  wake (): void {
    const waiters = this.waiters
    this.waiters = []
    if (waiters.length === 0) this.pending = true
    for (const w of waiters) w()
  }

  /** Resolves on wake(), after `ms` (never when undefined), or on abort; never rejects. */
  async wait (ms: number | undefined, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false
      return
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.waiters = this.waiters.filter((w) => w !== done)
        resolve()
      }
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(0, ms))
      signal.addEventListener('abort', done, { once: true })
      this.waiters.push(done)
    })
  }
}

/** Exponential backoff with jitter: `attempt` 1 waits about `minMs`, each further attempt twice as long, capped. */
export function backoffMs (attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1))
  // +-25%: volunteers that lost the coordinator together do not all come back in the same instant
  return Math.round(base * (0.75 + 0.5 * random()))
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (the promise is left to run). */
export async function untilAborted<T> (promise: Promise<T>, signal: AbortSignal): Promise<T> {
  // The promise may still reject after we stopped waiting for it (e.g. a fit cut short by closing its pool).
  promise.catch(() => {})
  signal.throwIfAborted()
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([promise, aborted])
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort)
  }
}
