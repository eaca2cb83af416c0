// The coordinator service's defaults in one place, each with its unit and the reason for its value. Work-lifecycle
// defaults (replication, quorum, deadline, receipts, ...) live with the store: src/coordinator/lifecycle/settings.ts.

/** How often instances past their deadline are timed out, in ms: deadlines are days long, so a minute's lag
 * costs nothing, and each tick is one indexed query. */
export const TICK_INTERVAL_MS = 60_000

/** How often the inbox is rescanned besides fs.watch, in ms: fs.watch misses events on some file systems (network
 * mounts, some containers); a few seconds' delay in picking up a galaxy is invisible beside its hours of work. */
export const INBOX_SCAN_INTERVAL_MS = 5_000

/** How often the background passes (verification, assimilation, archiving, pinning) run besides being triggered
 * by results and verdicts, in ms: the timer only retries what a down verifier or mirror left undone. */
export const MAINTENANCE_INTERVAL_MS = 10_000

/** Least time between two archive catalogues, in ms: each is a new manifest (a DHT put) and a new catalogue every
 * mirror fetches, while a day-old archive missing from the catalogue for half a minute costs nobody anything; a
 * burst of archives within it makes one catalogue. */
export const CATALOGUE_INTERVAL_MS = 30_000

/** First wait before asking an unreachable verifier or mirror again, in ms, doubled per failure... */
export const RETRY_BASE_MS = 5_000
/** ...up to this, in ms: a verifier down for a day is asked again at least every 10 minutes. */
export const RETRY_MAX_MS = 10 * 60_000

/** Longest the coordinator waits before asking a verifier that answered PENDING again, in ms, whatever wait it
 * stated: no longer than a verifier that is down is waited for (RETRY_MAX_MS), so a mistaken estimate cannot hold a
 * unit's verification back. */
export const MAX_PENDING_WAIT_MS = RETRY_MAX_MS

/** What a verifier's hold on a round lasts beyond the time it can take to answer, in ms: a slow answer still lands
 * while the round waits for it; a verifier that vanished delays the round by no more than this (tick releases it). */
export const HOLD_GRACE_MS = 30_000

/** Verification requests in flight at once: verifiers are few and each request is small; this bounds the streams
 * a backlog opens after a verifier comes back. */
export const VERIFY_CONCURRENCY = 8

/** Units a verification or assimilation pass takes at a time (it runs again when there are more). */
export const PASS_BATCH = 100

/** The lowest pogs version a project accepts by default (the manifest's min_app_version; `--min-app-version`
 * overrides it): 0.1.0 is the first version whose results name their pogs and fitting-core versions, which this
 * coordinator requires. Raise it when older versions must stop: their results are wrong or their messages no longer
 * decode (docs/deploy.md#upgrades). A changed fitting core alone does not need it: a unit's replicas keep to one
 * core version. */
export const MIN_COMPATIBLE_APP_VERSION = '0.1.0'

/** A key that asked for work within this many ms is live, for telling starved units (docs/work-lifecycle.md#starved):
 * idle volunteers ask every RETRY_AFTER_S, busy ones when a slot frees (units cost ~10 min of a core), so 30 min
 * counts every volunteer still running and forgets one that left. */
export const LIVE_KEY_MS = 30 * 60_000

/** Seconds a volunteer is told to wait when no work is available: long enough not to poll, short enough that a new
 * galaxy reaches idle volunteers within a minute. */
export const RETRY_AFTER_S = 60

// Unit payload and result sizes are bounded by src/work/limits.ts, the values volunteers and verifiers use too;
// the inline result bound is part of the result protocol (src/net/messages/result.ts).

/** Decoded work units kept in memory for checking results: a unit's replicas arrive close together. */
export const UNIT_CACHE_SIZE = 32

/** Bytes of the secret the assignment nonces are derived from (HMAC-SHA256 key). */
export const NONCE_SECRET_BYTES = 32

/** Longest the archiver waits for a reopened galaxy's previous archive to come out of Helia when its file is gone,
 * in ms: the coordinator pinned it, so it reads from the local blockstore; the bound only keeps a missing block
 * from holding the archive pass (it fails and is retried). */
export const PREVIOUS_ARCHIVE_TIMEOUT_MS = 120_000
