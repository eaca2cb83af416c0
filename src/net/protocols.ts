import { MAX_BULK_FRAME_BYTES, MAX_CONTROL_FRAME_BYTES, REQUEST_TIMEOUT_MS } from './constants.js'
import type { MessageKind } from './envelope.js'
import type { RateLimit } from './rate-limiter.js'

/** A request/response protocol: its libp2p id, the kinds it carries, and its bounds. */
export interface ProtocolSpec<Req extends MessageKind = MessageKind, Res extends MessageKind = MessageKind> {
  id: string
  request: Req
  response: Res
  maxRequestBytes: number
  maxResponseBytes: number
  timeoutMs: number
  rateLimit: RateLimit
}

/** A pin of content of unknown size gets this long: ~20 MB/s over bitswap on loopback (docs/network.md#pitfalls)
 * fetch 1 GB in it with margin. */
export const PIN_TIMEOUT_MS = 120_000
/** The slowest fetch a pin's deadline allows for, in bytes per second: a mirror on a 20 Mbit/s line. */
export const PIN_MIN_BYTES_PER_S = 2_000_000
/** No pin waits longer than this (two hours). */
export const PIN_MAX_TIMEOUT_MS = 2 * 3_600_000

/** How long a mirror has to fetch and pin `bytes` of content (unknown: PIN_TIMEOUT_MS): a minute to find it, then
 * PIN_MIN_BYTES_PER_S, never less than PIN_TIMEOUT_MS nor more than PIN_MAX_TIMEOUT_MS. */
export function pinTimeoutMs (bytes: number | undefined): number {
  if (bytes === undefined || !(bytes > 0)) return PIN_TIMEOUT_MS
  return Math.min(PIN_MAX_TIMEOUT_MS, Math.max(PIN_TIMEOUT_MS, 60_000 + Math.ceil((bytes / PIN_MIN_BYTES_PER_S) * 1000)))
}

/** The pogs request/response protocols (one .proto and spec page each in protocols/). */
export const PROTOCOLS = {
  work: {
    id: '/pogs/work/1.0.0',
    request: 'work-request',
    response: 'work-assignment',
    maxRequestBytes: MAX_CONTROL_FRAME_BYTES,
    maxResponseBytes: MAX_BULK_FRAME_BYTES,
    timeoutMs: REQUEST_TIMEOUT_MS,
    rateLimit: {
      perMinute: 12,
      burst: 6,
      reason: 'a volunteer asks when its queue has room, once per few minutes; a restart may ask a few times at once'
    }
  },
  result: {
    id: '/pogs/result/1.0.0',
    request: 'result',
    response: 'result-ack',
    maxRequestBytes: MAX_BULK_FRAME_BYTES,
    maxResponseBytes: MAX_CONTROL_FRAME_BYTES,
    timeoutMs: REQUEST_TIMEOUT_MS,
    rateLimit: {
      perMinute: 120,
      burst: 100,
      reason: 'one per finished unit (minutes each); a volunteer back from offline flushes a queue of up to ~100'
    }
  },
  'result-batch': {
    id: '/pogs/result-batch/1.0.0',
    request: 'result-batch',
    response: 'result-batch-ack',
    maxRequestBytes: MAX_BULK_FRAME_BYTES,
    maxResponseBytes: MAX_CONTROL_FRAME_BYTES,
    timeoutMs: REQUEST_TIMEOUT_MS,
    rateLimit: {
      perMinute: 60,
      burst: 30,
      reason: 'one per few finished units (up to 64 each); a volunteer back from offline flushes its queue in a few'
    }
  },
  verify: {
    id: '/pogs/verify/1.0.0',
    request: 'verify-request',
    response: 'verdict',
    maxRequestBytes: MAX_BULK_FRAME_BYTES,
    maxResponseBytes: MAX_CONTROL_FRAME_BYTES,
    // An ordinary request: the verifier fetches the unit and its replicas and judges them; pixels to recompute are
    // queued and the answer is PENDING (docs/verifier.md#pending-verdicts).
    timeoutMs: REQUEST_TIMEOUT_MS,
    rateLimit: {
      perMinute: 600,
      burst: 200,
      reason: 'only the coordinator sends these, one per unit reaching quorum; bounded so a bug cannot flood a verifier'
    }
  },
  pin: {
    id: '/pogs/pin/1.0.0',
    request: 'pin-request',
    response: 'pin-receipt',
    maxRequestBytes: MAX_CONTROL_FRAME_BYTES,
    maxResponseBytes: MAX_CONTROL_FRAME_BYTES,
    // The receipt comes after the content is fetched, so each request's own deadline scales with the size its
    // archive record states (pinTimeoutMs); this bound only caps it (a 14 GB archive at the rate below).
    timeoutMs: PIN_MAX_TIMEOUT_MS,
    rateLimit: {
      perMinute: 30,
      burst: 20,
      reason: 'one per library or archive; each makes the mirror fetch and store content, so keep it scarce'
    }
  }
} as const satisfies Record<string, ProtocolSpec>

/** Name of one pogs protocol. */
export type ProtocolName = keyof typeof PROTOCOLS
