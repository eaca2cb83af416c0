// Bounds of /pogs/submit/1.0.0 (protocols/submit.md) in one place, each with its unit and the reason for its value.
import type { RateLimit } from '../rate-limiter.js'

/** The protocol id. */
export const SUBMIT_PROTOCOL = '/pogs/submit/1.0.0'

/** Largest data frame, in bytes: big enough that framing and acknowledgements cost nothing beside the bytes, small
 * enough that a frame is never a memory concern. Also the largest frame either side reads. */
export const MAX_SUBMIT_CHUNK_BYTES = 256 * 1024

/** Largest header and reply frame, in bytes (a control message, docs/design.md#network-defaults). */
export const MAX_SUBMIT_CONTROL_BYTES = 64 * 1024

/** Bytes a submitter may send beyond the last acknowledged count: four frames keep a link with 100 ms of delay at
 * ~10 MB/s, and the coordinator never holds more than this (plus a frame) in memory for one submission, whatever
 * its disk does. */
export const SUBMIT_WINDOW_BYTES = 4 * MAX_SUBMIT_CHUNK_BYTES

/** What the coordinator's stream reader buffers at most, in bytes: a submitter that ignores the window is cut off
 * (its stream reset) rather than buffered. */
export const SUBMIT_READ_BUFFER_BYTES = 2 * SUBMIT_WINDOW_BYTES

/** Largest file a coordinator accepts by default, in bytes (`--max-submission` MiB): POGS' largest galaxies (a few
 * thousand pixels square in 16 bands, 32-bit) stay below it, and it bounds the disk one submission can take. */
export const DEFAULT_MAX_SUBMISSION_BYTES = 512 * 1024 * 1024

/** How long either side waits for the other's next frame while bytes flow, in ms: a stalled peer must not hold a
 * temporary file and a stream slot for long. */
export const SUBMIT_IDLE_TIMEOUT_MS = 60_000

/** How long a submitter waits for its whole submission by default (the CLI's --timeout), in ms: 512 MiB at a few
 * MB/s, then reading the file (seconds to a minute for the largest). */
export const DEFAULT_SUBMIT_TIMEOUT_MS = 30 * 60_000

/** Submissions a coordinator receives at once (more are told ERR_BUSY): each holds a temporary file of up to the
 * maximum size, and its check reads the whole file into memory. */
export const MAX_CONCURRENT_SUBMISSIONS = 4

/** Per peer, taken before anything else (a stranger's refusal costs one token). */
export const SUBMIT_RATE_LIMIT: RateLimit = {
  perMinute: 30,
  burst: 20,
  reason: 'a research group\'s script sends a directory of galaxies one after another and retries refusals it can fix; what bounds the coordinator\'s work is MAX_CONCURRENT_SUBMISSIONS'
}

/** How long a submitter looks its project's manifest up on the DHT before it uses the one it stored last time (or
 * gives up), in ms: a DHT on a few peers answers within seconds, a large one within tens. */
export const SUBMIT_DISCOVERY_TIMEOUT_MS = 60_000
