import type { CID } from 'multiformats/cid'
import * as wire from '../../../protocols/result.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { decodeWith, inlineOrCid, MAX_CORE_VERSION, positive, requiredBytes, requiredString, requiredVersion, wireBytes } from './fields.js'
import { NONCE_BYTES } from './work.js'

/** Bytes of a result digest (SHA-256). */
export const DIGEST_BYTES = 32

/** A volunteer's answer to one assignment. */
export interface ResultSubmission {
  unitId: string
  instanceId: string
  nonce: Uint8Array
  /** The result inline, or `resultCid` naming it; both absent only when errorCode is set. */
  result?: Uint8Array
  resultCid?: CID
  /** SHA-256 of the canonical result encoding; empty when errorCode is set. */
  digest: Uint8Array
  cpuMs: number
  errorCode: number
  volunteerName: string
  team: string
  /** The volunteer's pogs version (semver). */
  appVersion: string
  /** The version of the fitting core that computed the result (src/fit/core-version.ts); an error report names the
   * volunteer's. */
  coreVersion: number
}

/** The coordinator's acknowledgement of a submission. */
export interface ResultAck {
  unitId: string
  instanceId: string
  accepted: boolean
  reason: string
}

export function encodeResultSubmission (m: ResultSubmission): Uint8Array {
  return wire.ResultSubmission.encode({
    ...m,
    nonce: wireBytes(m.nonce),
    digest: wireBytes(m.digest),
    result: wireBytes(m.result ?? new Uint8Array(0)),
    resultCid: m.resultCid?.toString() ?? ''
  })
}

export function decodeResultSubmission (bytes: Uint8Array): ResultSubmission {
  const k = 'ResultSubmission'
  const w = decodeWith(k, wire.ResultSubmission.decode, bytes)
  const base = {
    unitId: requiredString(k, 'unitId', w.unitId),
    instanceId: requiredString(k, 'instanceId', w.instanceId),
    nonce: requiredBytes(k, 'nonce', w.nonce, NONCE_BYTES),
    appVersion: requiredVersion(k, 'appVersion', w.appVersion),
    coreVersion: positive(k, 'coreVersion', w.coreVersion, MAX_CORE_VERSION),
    cpuMs: w.cpuMs,
    errorCode: w.errorCode,
    volunteerName: w.volunteerName.slice(0, 64),
    team: w.team.slice(0, 64)
  }
  if (w.errorCode !== 0) {
    if (w.result.length > 0 || w.resultCid !== '') throw new InvalidFieldError(k, 'result', 'must be empty when errorCode is set')
    return { ...base, digest: new Uint8Array(0) }
  }
  const { inline, cid } = inlineOrCid(k, 'result', w.result, w.resultCid)
  return {
    ...base,
    ...(inline !== undefined ? { result: inline } : {}),
    ...(cid !== undefined ? { resultCid: cid } : {}),
    digest: requiredBytes(k, 'digest', w.digest, DIGEST_BYTES)
  }
}

/** Largest result sent inline, in bytes: the signed envelope is forwarded byte for byte to verifiers, and a
 * verification request (<= 4 MiB) carries up to 16 replicas; larger results travel as content (result_cid). */
export const MAX_INLINE_RESULT_BYTES = 200 * 1024

/** Most results in one batch: 64 small units' results fit the 4 MiB frame inline; a volunteer with more sends
 * several batches. */
export const MAX_BATCH_RESULTS = 64

/** Several results at once: each a complete signed `pogs/result/v1` envelope, opened one by one by the receiver. */
export interface ResultBatch {
  results: Uint8Array[]
}

/** One ack per result of a batch, in the batch's order. */
export interface ResultBatchAck {
  acks: ResultAck[]
}

export function encodeResultBatch (m: ResultBatch): Uint8Array {
  return wire.ResultBatch.encode({ results: m.results.map(wireBytes) })
}

export function decodeResultBatch (bytes: Uint8Array): ResultBatch {
  const k = 'ResultBatch'
  const w = decodeWith(k, (b) => wire.ResultBatch.decode(b, { limits: { results: MAX_BATCH_RESULTS } }), bytes)
  if (w.results.length === 0) throw new MissingFieldError(k, 'results')
  if (w.results.some((r) => r.length === 0)) throw new InvalidFieldError(k, 'results', 'must not hold an empty envelope')
  return { results: w.results }
}

export function encodeResultBatchAck (m: ResultBatchAck): Uint8Array {
  return wire.ResultBatchAck.encode({ acks: m.acks })
}

export function decodeResultBatchAck (bytes: Uint8Array): ResultBatchAck {
  const k = 'ResultBatchAck'
  const w = decodeWith(k, (b) => wire.ResultBatchAck.decode(b, { limits: { acks: MAX_BATCH_RESULTS } }), bytes)
  return { acks: w.acks.map((a) => checkedAck(a, true)) }
}

export function encodeResultAck (m: ResultAck): Uint8Array {
  return wire.ResultAck.encode(m)
}

export function decodeResultAck (bytes: Uint8Array): ResultAck {
  return checkedAck(decodeWith('ResultAck', wire.ResultAck.decode, bytes))
}

/** In a batch an ack answers its element by position: a refused element that did not open has no ids to echo. */
function checkedAck (w: wire.ResultAck, positional = false): ResultAck {
  const k = 'ResultAck'
  if (!w.accepted && w.reason === '') throw new InvalidFieldError(k, 'reason', 'is required when not accepted')
  if (positional && !w.accepted && w.unitId === '' && w.instanceId === '') return { unitId: '', instanceId: '', accepted: false, reason: w.reason.slice(0, 64) }
  return {
    unitId: requiredString(k, 'unitId', w.unitId),
    instanceId: requiredString(k, 'instanceId', w.instanceId),
    accepted: w.accepted,
    reason: w.reason.slice(0, 64)
  }
}
