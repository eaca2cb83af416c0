// How long a verifier's recomputation of one pixel may take (docs/verifier.md#timeouts): derived from the cost per
// pixel the unit's payload states, so a slow pixel is never cut short, and capped (MAX_RECOMPUTE_TIMEOUT_MS), so a
// stated cost cannot make a verifier spend without end. Recomputation runs outside the verify request (the
// coordinator is answered PENDING), so no request waits this long.
import { MAX_RECOMPUTE_TIMEOUT_MS } from '../net/constants.js'

/** A recomputation may take this many times the stated cost of a pixel: the verifier's core may be slower than the
 * estimate's reference core or busy with other work, and recomputations run one at a time (one may wait for
 * another). */
export const RECOMPUTE_TIMEOUT_FACTOR = 4

/** ...and never less than this, in ms: the wait for libraries not yet held (LIBRARY_WAIT_MS, 10 s) and a fast-path
 * pixel, with room; what every unit got before units stated their cost (and still gets when one states none). */
export const MIN_RECOMPUTE_TIMEOUT_MS = 30_000

/** How long recomputing one pixel of a unit whose pixels cost `pixelSeconds` (on one core; undefined, 0 or not a
 * number: not stated) may take, in ms: RECOMPUTE_TIMEOUT_FACTOR x the cost, within MIN_ and MAX_RECOMPUTE_TIMEOUT_MS. */
export function recomputeTimeoutMs (pixelSeconds: number | null | undefined): number {
  const stated = typeof pixelSeconds === 'number' && pixelSeconds > 0 ? pixelSeconds : 0
  // A non-finite cost (never decoded from a payload, but possible from a caller) is the cap, like any huge one.
  const ms = Number.isFinite(stated) ? Math.ceil(RECOMPUTE_TIMEOUT_FACTOR * stated * 1000) : MAX_RECOMPUTE_TIMEOUT_MS
  return Math.min(MAX_RECOMPUTE_TIMEOUT_MS, Math.max(MIN_RECOMPUTE_TIMEOUT_MS, ms))
}
