import type { CID } from 'multiformats/cid'
import * as wire from '../../../protocols/verify.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { decodeWith, inlineOrCid, parseCid, requiredString, wireBytes } from './fields.js'

/** The coordinator asks a verifier to judge a unit's replicas. */
export interface VerifyRequest {
  unitId: string
  unit?: Uint8Array
  unitCid?: CID
  /** Each volunteer's signed result envelope, byte for byte. */
  replicas: Uint8Array[]
  libraryCids: CID[]
}

/** A verifier's judgement. */
export interface Verdict {
  unitId: string
  outcome: 'agree' | 'disagree'
  validInstances: string[]
  invalidInstances: string[]
  canonicalDigest: Uint8Array
  reason: string
  recomputed: number
}

export function encodeVerifyRequest (m: VerifyRequest): Uint8Array {
  return wire.VerifyRequest.encode({
    unitId: m.unitId,
    unit: wireBytes(m.unit ?? new Uint8Array(0)),
    unitCid: m.unitCid?.toString() ?? '',
    replicas: m.replicas.map(wireBytes),
    libraryCids: m.libraryCids.map(String)
  })
}

export function decodeVerifyRequest (bytes: Uint8Array): VerifyRequest {
  const k = 'VerifyRequest'
  const w = decodeWith(k, wire.VerifyRequest.decode, bytes)
  const { inline, cid } = inlineOrCid(k, 'unit', w.unit, w.unitCid)
  if (w.replicas.length === 0) throw new MissingFieldError(k, 'replicas')
  return {
    unitId: requiredString(k, 'unitId', w.unitId),
    ...(inline !== undefined ? { unit: inline } : {}),
    ...(cid !== undefined ? { unitCid: cid } : {}),
    replicas: w.replicas,
    libraryCids: w.libraryCids.map((c) => parseCid(k, 'libraryCids', c))
  }
}

const OUTCOME_TO_WIRE = { agree: wire.Verdict.Outcome.AGREE, disagree: wire.Verdict.Outcome.DISAGREE } as const

export function encodeVerdict (m: Verdict): Uint8Array {
  return wire.Verdict.encode({ ...m, canonicalDigest: wireBytes(m.canonicalDigest), outcome: OUTCOME_TO_WIRE[m.outcome] })
}

export function decodeVerdict (bytes: Uint8Array): Verdict {
  const k = 'Verdict'
  const w = decodeWith(k, wire.Verdict.decode, bytes)
  let outcome: Verdict['outcome']
  if (w.outcome === wire.Verdict.Outcome.AGREE) outcome = 'agree'
  else if (w.outcome === wire.Verdict.Outcome.DISAGREE) outcome = 'disagree'
  else throw new MissingFieldError(k, 'outcome')
  if (outcome === 'agree' && w.validInstances.length === 0) throw new InvalidFieldError(k, 'validInstances', 'is empty for an agreeing verdict')
  return {
    unitId: requiredString(k, 'unitId', w.unitId),
    outcome,
    validInstances: w.validInstances.map((s) => requiredString(k, 'validInstances', s)),
    invalidInstances: w.invalidInstances.map((s) => requiredString(k, 'invalidInstances', s)),
    canonicalDigest: w.canonicalDigest,
    reason: requiredString(k, 'reason', w.reason, 64),
    recomputed: w.recomputed
  }
}
