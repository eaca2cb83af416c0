// The verifier's defaults in one place, each with its unit and the reason for its value.

/** Fraction of agreeing units of which one sampled pixel is recomputed (--recompute-rate): one in ten catches a
 * volunteer (or a colluding pair) that alters results systematically within a few dozen units, at a tenth of a
 * pixel's fit per unit, which is small beside the unit's own cost. */
export const DEFAULT_RECOMPUTE_RATE = 0.1

/** Agreeing replicas a verdict needs when the manifest names no min quorum: BOINC/POGS min quorum. */
export const DEFAULT_QUORUM = 2

/** Most pixels one request has recomputed: the sampled one, and one per group of replicas beyond the first on
 * which that group and the first differ. Sixteen replicas make at most sixteen groups, but a unit with more than
 * a few factions is already settled by further instances; four pixels stay a small fraction of the unit's cost. */
export const MAX_RECOMPUTED_PIXELS = 4

/** Most requests whose recomputation waits here at once (a full queue answers ERR_BUSY and the coordinator asks
 * again later): at ~5 s per pixel on the general path and up to 4 pixels each, the backlog clears in ~20 min;
 * each holds only its unit's chosen pixels and the replicas' values at them. */
export const MAX_QUEUED_RECOMPUTATIONS = 64

/** Finished verdicts kept for the coordinator to fetch when it asks again (least recently asked dropped first):
 * it asks again after the estimate it was given, by which time at most the queue's worth of other verdicts has
 * finished, so a few thousand leave ample room; each is a few hundred bytes. */
export const FINISHED_VERDICTS = 4096

/** Seconds one pixel's fit is taken to cost when the unit states no cost (the general path's ~5 s): only for the
 * estimate of when a pending verdict is ready. */
export const UNSTATED_PIXEL_SECONDS = 5

/** The estimate a pending verdict gives is the queue's stated cost times this plus one second: the stated cost is
 * for a reference core, and asking a little late costs less than asking again. */
export const RETRY_ESTIMATE_FACTOR = 1.5

/** Longest wait a pending verdict asks for, in seconds (the coordinator caps what it honours anyway). */
export const MAX_RETRY_AFTER_S = 3600

/** Fit worker threads for recomputation: one pixel at a time; the other cores stay with whoever
 * else runs on the machine (a research group's server, the demo's volunteers). */
export const RECOMPUTE_THREADS = 1

/** How long a recomputation waits for the libraries it needs, in ms: part of the recomputation's time (at least
 * 30 s, more for a unit whose pixels cost more: src/work/recompute-timeout.ts), and a pixel takes ~1 s on the fast
 * path; libraries that take longer (a first fetch while volunteers fetch them too: the coordinator seeds each block
 * to one peer per 30 s) go on arriving in the background, and that unit goes without recomputation. */
export const LIBRARY_WAIT_MS = 10_000

// Unit payloads and results are bounded by src/work/limits.ts, the values the coordinator applies too: a unit it
// cut, and a result it accepted, are never too large here.

/** How often the manifest is looked up again, in ms: only its quorum setting matters here, and it rarely
 * changes. */
export const MANIFEST_POLL_INTERVAL_MS = 5 * 60_000

/** Longest one background manifest lookup may take, in ms, before the stored manifest serves (coordinator
 * offline): a lookup retries until found. */
export const MANIFEST_LOOKUP_TIMEOUT_MS = 30_000

/** Most bytes a project's ban list may have: 131,072 keys (the list's limit, protocols/ban-list.proto) of 32 bytes
 * with their framing, rounded up. */
export const MAX_BAN_LIST_BYTES = 5 * 1024 * 1024

/** How long fetching a ban list may take, in ms: a request's time (REQUEST_TIMEOUT_MS). */
export const BAN_LIST_FETCH_TIMEOUT_MS = 30_000
