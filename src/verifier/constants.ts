// The verifier's defaults in one place, each with its unit and the reason for its value.

/** Fraction of agreeing units of which one sampled pixel is recomputed (--recompute-rate): one in ten catches a
 * volunteer (or a colluding pair) that alters results systematically within a few dozen units, at a tenth of a
 * pixel's fit per unit, which is small beside the unit's own cost. */
export const DEFAULT_RECOMPUTE_RATE = 0.1

/** Agreeing replicas a verdict needs when the manifest names no min quorum: BOINC/POGS min quorum (design 7). */
export const DEFAULT_QUORUM = 2

/** Fit worker threads for recomputation: one sampled pixel per unit at a time; the other cores stay with whoever
 * else runs on the machine (a research group's server, the demo's volunteers). */
export const RECOMPUTE_THREADS = 1

/** How long a verification request waits for the libraries a recomputation needs, in ms: the whole request has
 * 30 s (REQUEST_TIMEOUT_MS) and a sampled pixel takes ~1 s on the fast path; libraries that take longer (a first
 * fetch while volunteers fetch them too: the coordinator seeds each block to one peer per 30 s) go on arriving in
 * the background, and that unit goes without recomputation. */
export const LIBRARY_WAIT_MS = 10_000

/** Largest work-unit payload read, in bytes: a pixel costs 18 bytes a band (flux and sigma), so this holds
 * decodeWorkUnit's 100,000 pixels at 16 bands with room, and bounds what a bad CID can make us buffer. */
export const MAX_UNIT_BYTES = 64 * 1024 * 1024

/** Most bytes a result's content may have per unit pixel: a canonical pixel fit is at most ~0.55 MB (16
 * histograms of at most 4096 float64 bins plus ~2 kB); real ones are ~0.1 MB. The same bound as the
 * coordinator's, so a result it accepted is never too large here. */
export const MAX_RESULT_BYTES_PER_PIXEL = 600 * 1024
export const RESULT_BYTES_SLACK = 64 * 1024
/** And never more than this, in bytes, whatever the unit's size (16 replicas are held at once). */
export const MAX_RESULT_BYTES = 256 * 1024 * 1024

/** How often the manifest is looked up again, in ms: only its quorum setting matters here, and it rarely
 * changes. */
export const MANIFEST_POLL_INTERVAL_MS = 5 * 60_000

/** Longest one background manifest lookup may take, in ms, before the stored manifest serves (coordinator
 * offline): a lookup retries until found. */
export const MANIFEST_LOOKUP_TIMEOUT_MS = 30_000
