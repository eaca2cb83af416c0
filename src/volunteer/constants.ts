// Volunteer defaults in one place, each with its unit and the reason for its value
// (docs/volunteer.md#defaults-and-why-srcvolunteerconstantsts).
import type { ErrorCode } from '../util/error-codes.js'

/** Units kept in the local queue per core, fitted or waiting: one being fitted and one ready behind it, so a core
 * never idles while the next unit's payload is fetched, and a coordinator outage of one unit's length costs
 * nothing. More would only hold work other volunteers could be doing (BOINC's "work buffer"). */
export const UNITS_PER_CORE = 2

/** Units fitted at once, all sharing the pool's threads: with one, the threads finishing a unit's last pixels
 * (fewer than the threads) wait for the slowest; with two, they start on the next unit. */
export const UNITS_IN_FLIGHT = 2

// The largest unit payload fetched is MAX_UNIT_PAYLOAD_BYTES (src/work/limits.ts), the bound every role applies.

/** How long fetching one unit payload may take, in ms: it is small and the coordinator holds it, so a minute
 * means the coordinator is unreachable; the unit waits and is tried again. */
export const PAYLOAD_FETCH_TIMEOUT_MS = 60_000

/** How long fetching one library may take, in ms: full POGS libraries are tens of MB, ~1-5 s over bitswap on a
 * LAN (measured on loopback; docs/network.md#pitfalls) and minutes on a slow home uplink. */
export const LIBRARY_FETCH_TIMEOUT_MS = 15 * 60_000

/** Wait before asking again when the coordinator has no work and names no time, in s. */
export const DEFAULT_RETRY_AFTER_S = 60

/** Bounds on a coordinator's retry_after_s: at least a second (its rate limit is 12/min), at most an hour (a
 * typo or hostile value must not park a volunteer for days). */
export const MIN_RETRY_AFTER_S = 1
export const MAX_RETRY_AFTER_S = 3600

/** Backoff after a failed request (coordinator unreachable, timed out, or busy), in ms: doubling from 2 s up to
 * 5 min, with jitter, so a returning coordinator is not hit by every volunteer at once and a volunteer notices a
 * restarted coordinator within minutes. A connection to the coordinator wakes the waits early. */
export const RETRY_MIN_MS = 2_000
export const RETRY_MAX_MS = 5 * 60_000

/** Backoff after a unit's payload or library could not be fetched, in ms: the same schedule per unit, so one
 * unreachable payload does not stall the others. */
export const PREPARE_RETRY_MIN_MS = 5_000
export const PREPARE_RETRY_MAX_MS = 10 * 60_000

/** Refusals with a code we do not know before a result is given up, so a coordinator newer than us that refuses
 * for a new reason does not make us resubmit forever, while one odd answer does not lose a unit. */
export const MAX_UNKNOWN_REFUSALS = 3

/** How long an acknowledged result (and its unit payload) stays pinned here, in ms. The coordinator fetched and
 * pinned it before acknowledging, so we are only a second source, for peers already fetching from us; results are
 * ~80 kB per pixel (tens of MB per unit), so they must not pile up on a volunteer's disk. */
export const RESULT_RETENTION_MS = 15 * 60_000

/** How often acknowledged and dropped items are cleaned up (unpinned, garbage-collected), in ms. */
export const SWEEP_INTERVAL_MS = 5 * 60_000

/** Disk the model libraries may take (their blocks and their files), in bytes: 20 GiB. A library pair is 20-40 MB
 * (POGS' z = 0.01 pair, 6 bands: 15 MB optical + 4 MB infrared; more bands, more columns), twice that on disk with
 * its blocks, so this holds 250-500 redshifts, more than a project's grid usually has: a volunteer evicts only when
 * a project spans many redshifts or filter sets, and a machine left running for years does not fill its disk.
 * `pogs volunteer --cache-gb` sets it. */
export const LIBRARY_CACHE_BYTES = 20 * 2 ** 30

/** How long a volunteer that has a stored manifest looks for a newer one at start before working from the stored
 * one, in ms; without one it keeps looking. A fresh DHT answers in about a second. */
export const STORED_MANIFEST_DISCOVERY_MS = 10_000

/** How long one attempt to find the project manifest runs before it is reported and started again, in ms. */
export const DISCOVERY_ATTEMPT_MS = 60_000

/** Pause after a discovery attempt that failed at once (no DHT peer yet, a transport error), so the next attempt
 * waits for the network instead of spinning. */
export const DISCOVERY_RETRY_PAUSE_MS = 1_000

/** Failed requests in a row after which the manifest is looked up again: a restarted coordinator may listen on
 * other addresses and announces them in a new manifest. */
export const REDISCOVER_AFTER_FAILURES = 2

/** Pause before a loop that failed unexpectedly (a full disk, a bug) starts again, in ms: long enough not to spin,
 * short enough that a passing problem costs little work. */
export const LOOP_RESTART_PAUSE_MS = 10_000

/** Longest self-asserted volunteer name or team sent, in characters (the coordinator keeps 64). */
export const MAX_NAME_LENGTH = 64

/** error_code of an error report (ResultSubmission with no result): why this volunteer could not compute a unit.
 * Stable numbers; the coordinator counts them toward the unit's error limit. */
export const UNIT_ERROR_CODES = {
  /** The payload fetched by CID does not decode as a work unit. */
  BAD_PAYLOAD: 1,
  /** The payload decodes but is another unit than the assignment names. */
  UNIT_MISMATCH: 2,
  /** The fit failed (e.g. a library that does not parse); pixels the core could not fit are not errors. */
  FIT_FAILED: 3
} as const

/** Codes of a refusal after which resubmitting cannot succeed: the item is dropped. */
export const PERMANENT_REFUSALS: ReadonlySet<string> = new Set<ErrorCode>([
  'ERR_UNKNOWN_INSTANCE',
  'ERR_NOT_ASSIGNED',
  'ERR_UNIT_ABANDONED',
  'ERR_CONFLICTING_RESULT',
  'ERR_DIGEST_MISMATCH',
  'ERR_BAD_RESULT',
  'ERR_RESULT_MISMATCH',
  'ERR_RESULT_TOO_LARGE',
  'ERR_NONCE_MISMATCH',
  'ERR_DEADLINE_PASSED',
  // computed by another fitting core than the instance was assigned to: it cannot count whoever sends it
  'ERR_CORE_VERSION_MISMATCH',
  // the unit is verified already, or its reissue went to a key of our network after our instance timed out: the
  // coordinator will never take this result (docs/work-lifecycle.md#trust); waiting on it would hold back the rest
  'ERR_RESULT_PUBLISHED',
  'ERR_INSTANCE_REPLACED',
  // a known-answer pixel answered otherwise, or this key is banned: nothing from it is taken any more
  'ERR_WRONG_RINGER',
  'ERR_BANNED',
  // our own message was refused as malformed: sending the same bytes again cannot help
  'ERR_MISSING_FIELD',
  'ERR_INVALID_FIELD',
  'ERR_MALFORMED_MESSAGE',
  'ERR_FRAME_TOO_LARGE'
])

/** Codes of a refusal that says "not now": retried with backoff, without limit. */
export const TRANSIENT_REFUSALS: ReadonlySet<string> = new Set<ErrorCode>([
  'ERR_RATE_LIMITED',
  'ERR_INTERNAL',
  'ERR_TIMEOUT',
  // the coordinator could not fetch the result from us yet
  'ERR_CONTENT',
  // clock skew or a repeated id: the next attempt is a new envelope
  'ERR_REPLAY',
  'ERR_BUSY',
  // this pogs is too old for the project: kept, since an upgraded pogs submits it (same fitting core); the manifest
  // is looked up again and stops the volunteer
  'ERR_VERSION_TOO_OLD'
])
