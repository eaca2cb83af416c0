import type { CID } from 'multiformats/cid'
import * as wire from '../../../protocols/result.js'
import { InvalidFieldError } from '../errors.js'
import { decodeWith, inlineOrCid, requiredBytes, requiredString, wireBytes } from './fields.js'
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

export function encodeResultAck (m: ResultAck): Uint8Array {
  return wire.ResultAck.encode(m)
}

export function decodeResultAck (bytes: Uint8Array): ResultAck {
  const k = 'ResultAck'
  const w = decodeWith(k, wire.ResultAck.decode, bytes)
  if (!w.accepted && w.reason === '') throw new InvalidFieldError(k, 'reason', 'is required when not accepted')
  return {
    unitId: requiredString(k, 'unitId', w.unitId),
    instanceId: requiredString(k, 'instanceId', w.instanceId),
    accepted: w.accepted,
    reason: w.reason.slice(0, 64)
  }
}
