// The verifier's defaults in one place, each with its unit and the reason for its value.

/** Fraction of agreeing units of which one sampled pixel is recomputed (--recompute-rate): one in ten catches a
 * volunteer (or a colluding pair) that alters results systematically within a few dozen units, at a tenth of a
 * pixel's fit per unit, which is small beside the unit's own cost. */
export const DEFAULT_RECOMPUTE_RATE = 0.1

/** Agreeing replicas a verdict needs when the manifest names no min quorum: BOINC/POGS min quorum. */
export const DEFAULT_QUORUM = 2

/** Fit worker threads for recomputation: one sampled pixel per unit at a time; the other cores stay with whoever
 * else runs on the machine (a research group's server, the demo's volunteers). */
export const RECOMPUTE_THREADS = 1

/** How long a verification request waits for the libraries a recomputation needs, in ms: part of the
 * recomputation's time (at least 30 s, more for a unit whose pixels cost more: src/work/recompute-timeout.ts), and
 * a sampled pixel takes ~1 s on the fast path; libraries that take longer (a first fetch while volunteers fetch
 * them too: the coordinator seeds each block to one peer per 30 s) go on arriving in the background, and that unit
 * goes without recomputation. */
export const LIBRARY_WAIT_MS = 10_000

// Unit payloads and results are bounded by src/work/limits.ts, the values the coordinator applies too: a unit it
// cut, and a result it accepted, are never too large here.

/** How often the manifest is looked up again, in ms: only its quorum setting matters here, and it rarely
 * changes. */
export const MANIFEST_POLL_INTERVAL_MS = 5 * 60_000

/** Longest one background manifest lookup may take, in ms, before the stored manifest serves (coordinator
 * offline): a lookup retries until found. */
export const MANIFEST_LOOKUP_TIMEOUT_MS = 30_000
