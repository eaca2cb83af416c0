// One assignment in the volunteer's local queue, as kept on disk: what it needs to fit the unit again after a
// restart and to submit its result. Result bytes are not here: they are UnixFS content in the Helia blockstore,
// pinned, named by `result.cid`.
import type { Assignment } from '../net/messages/index.js'

/** The fitting core's version of a result fitted before queue items recorded it: the first one. */
export const UNRECORDED_CORE_VERSION = 1

/** assigned: to fit; fitted: result to submit; failed: error report to submit; done: acknowledged, kept a while. */
export type ItemState = 'assigned' | 'fitted' | 'failed' | 'done'

export interface QueueItem {
  unitId: string
  instanceId: string
  /** The assignment's nonce, hex; the submission echoes it. */
  nonce: string
  deadlineMs: number
  /** The unit as content (usual) or inline (base64), exactly one. */
  payloadCid?: string
  payload?: string
  libraryCids: string[]
  estimatedCpuS: number
  receivedMs: number
  state: ItemState
  /** Set once fitted: the result content, its SHA-256 (hex), what the fit cost and the fitting core's version that
   * computed it (absent in items fitted before it was kept: UNRECORDED_CORE_VERSION). */
  result?: { cid: string, digest: string, pixels: number, cpuMs: number, seconds: number, coreVersion?: number }
  /** Set when the unit could not be computed: the error report's code and a short reason (ours, not a peer's). */
  error?: { code: number, reason: string }
  /** Refusals with an unknown code so far (MAX_UNKNOWN_REFUSALS). */
  refusals: number
  /** When the coordinator acknowledged it (state done). */
  ackedMs?: number
}

/** A fresh queue item for an assignment received now. */
export function itemFromAssignment (a: Assignment, now: number): QueueItem {
  return {
    unitId: a.unitId,
    instanceId: a.instanceId,
    nonce: Buffer.from(a.nonce).toString('hex'),
    deadlineMs: a.deadlineMs,
    ...(a.payloadCid !== undefined ? { payloadCid: a.payloadCid.toString() } : {}),
    ...(a.payload !== undefined ? { payload: Buffer.from(a.payload).toString('base64') } : {}),
    libraryCids: a.libraryCids.map(String),
    estimatedCpuS: a.estimatedCpuS,
    receivedMs: now,
    state: 'assigned',
    refusals: 0
  }
}

/** Queue order: the earliest deadline first (it is the one that can be missed), then the oldest. */
export function byDeadline (a: QueueItem, b: QueueItem): number {
  return a.deadlineMs - b.deadlineMs || a.receivedMs - b.receivedMs
}

/** The fields an event names an item by. */
export function itemRef (item: QueueItem): { unitId: string, instanceId: string } {
  return { unitId: item.unitId, instanceId: item.instanceId }
}
