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
    // The receipt comes after the content is fetched: ~20 MB/s over bitswap on loopback
    // (docs/network.md#pitfalls), so 2 min covers a 1 GB archive with margin; larger content should be split into several requests.
    timeoutMs: 120_000,
    rateLimit: {
      perMinute: 30,
      burst: 20,
      reason: 'one per library or archive; each makes the mirror fetch and store content, so keep it scarce'
    }
  }
} as const satisfies Record<string, ProtocolSpec>

/** Name of one pogs protocol. */
export type ProtocolName = keyof typeof PROTOCOLS
