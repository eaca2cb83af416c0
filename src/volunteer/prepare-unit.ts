// Gets a queued unit ready to fit: its payload (fetched by CID, size-checked before the fetch, decoded and checked
// against the assignment) and its two libraries (fetched, pinned and provided, so other volunteers fetch them from
// us too, until the library cache evicts them: library-budget.ts). Network trouble is "try later"; a payload that cannot be a unit is an error report.
import type { ContentHelia } from '../net/content.js'
import type { ErrorCode } from '../util/error-codes.js'
import { BadUnitError } from '../work/errors.js'
import { fetchPayload } from '../work/fetch-payload.js'
import { ensureLibraries } from '../work/library-cache.js'
import { MAX_UNIT_PAYLOAD_BYTES } from '../work/limits.js'
import { decodeWorkUnit, type WorkUnit } from '../work/unit-payload.js'
import { LIBRARY_FETCH_TIMEOUT_MS, PAYLOAD_FETCH_TIMEOUT_MS, UNIT_ERROR_CODES } from './constants.js'
import { codeOf } from './coordinator-link.js'
import type { QueueItem } from './queue-item.js'
import { timeoutSignal } from '../util/timeout-signal.js'

export type Prepared =
  /** Ready: the unit, and the libraries fetched for it now (names; empty when all were here). */
  | { ok: true, unit: WorkUnit, fetched: string[] }
  /** Cannot be computed: report it (error_code) and drop it. */
  | { ok: false, permanent: true, errorCode: number, reason: string }
  /** Not now (coordinator or library holders unreachable, timed out): try again later. */
  | { ok: false, permanent: false, code: string }

export interface PrepareOptions {
  signal: AbortSignal
  /** Default MAX_UNIT_PAYLOAD_BYTES (src/work/limits.ts). */
  maxPayloadBytes?: number
  payloadTimeoutMs?: number
  libraryTimeoutMs?: number
}

/** Prepares one queued unit; throws only when `signal` aborts. */
export async function prepareUnit (helia: ContentHelia, librariesDir: string, item: QueueItem, opts: PrepareOptions): Promise<Prepared> {
  const maxBytes = opts.maxPayloadBytes ?? MAX_UNIT_PAYLOAD_BYTES
  let bytes: Uint8Array
  try {
    bytes = item.payload !== undefined
      ? Buffer.from(item.payload, 'base64')
      : await fetchPayload(helia, item.payloadCid ?? '', maxBytes, AbortSignal.any([opts.signal, timeoutSignal(opts.payloadTimeoutMs ?? PAYLOAD_FETCH_TIMEOUT_MS)]))
  } catch (err) {
    opts.signal.throwIfAborted()
    if (err instanceof BadUnitError) return { ok: false, permanent: true, errorCode: UNIT_ERROR_CODES.BAD_PAYLOAD, reason: err.code }
    return { ok: false, permanent: false, code: timeoutOr(err) }
  }
  let unit: WorkUnit
  try {
    unit = decodeWorkUnit(bytes)
  } catch (err) {
    return { ok: false, permanent: true, errorCode: UNIT_ERROR_CODES.BAD_PAYLOAD, reason: codeOf(err) }
  }
  if (unit.unitId !== item.unitId) return { ok: false, permanent: true, errorCode: UNIT_ERROR_CODES.UNIT_MISMATCH, reason: 'ERR_UNIT_MISMATCH' satisfies ErrorCode }
  try {
    const fetched = await ensureLibraries(helia, librariesDir, [unit.optical, unit.infrared], { signal: AbortSignal.any([opts.signal, timeoutSignal(opts.libraryTimeoutMs ?? LIBRARY_FETCH_TIMEOUT_MS)]) })
    return { ok: true, unit, fetched }
  } catch (err) {
    opts.signal.throwIfAborted()
    if (err instanceof BadUnitError) return { ok: false, permanent: true, errorCode: UNIT_ERROR_CODES.BAD_PAYLOAD, reason: err.code }
    return { ok: false, permanent: false, code: timeoutOr(err) }
  }
}

function timeoutOr (err: unknown): string {
  return (err as Error).name === 'TimeoutError' ? 'ERR_TIMEOUT' satisfies ErrorCode : codeOf(err)
}
