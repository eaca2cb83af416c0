// Node warns when more than 10 listeners wait on one AbortSignal; a bounded walk legitimately has more.
import { setMaxListeners } from 'node:events'

/** Lifts Node's listener warning on `signal` (its listeners are bounded by the caller). */
export function allowManyListeners (signal: AbortSignal): void {
  setMaxListeners(Infinity, signal)
}
