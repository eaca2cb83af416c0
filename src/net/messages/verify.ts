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

/** A verifier's judgement, or (`pending`) word that it is still recomputing pixels of the unit. */
export interface Verdict {
  unitId: string
  /** `pending`: ask again with the same replicas after `retryAfterS`; a pending verdict lists no instances. */
  outcome: 'agree' | 'disagree' | 'pending'
  validInstances: string[]
  invalidInstances: string[]
  canonicalDigest: Uint8Array
  reason: string
  recomputed: number
  /** Replicas whose value on a pixel the verifier recomputed is not what it computed; absent when none. */
  contradictedInstances?: string[]
  /** With `pending`: seconds after which the verdict is likely ready (the verifier's estimate). */
  retryAfterS?: number
  /** With `agree`: payload positions the verifier recomputed that agreed with the agreeing replicas; absent when none. */
  confirmedPixels?: number[]
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

const OUTCOME_TO_WIRE = { agree: wire.Verdict.Outcome.AGREE, disagree: wire.Verdict.Outcome.DISAGREE, pending: wire.Verdict.Outcome.PENDING } as const

export function encodeVerdict (m: Verdict): Uint8Array {
  return wire.Verdict.encode({
    ...m,
    canonicalDigest: wireBytes(m.canonicalDigest),
    outcome: OUTCOME_TO_WIRE[m.outcome],
    contradictedInstances: m.contradictedInstances ?? [],
    retryAfterS: m.retryAfterS ?? 0,
    confirmedPixels: m.confirmedPixels ?? []
  })
}

export function decodeVerdict (bytes: Uint8Array): Verdict {
  const k = 'Verdict'
  const w = decodeWith(k, wire.Verdict.decode, bytes)
  let outcome: Verdict['outcome']
  if (w.outcome === wire.Verdict.Outcome.AGREE) outcome = 'agree'
  else if (w.outcome === wire.Verdict.Outcome.DISAGREE) outcome = 'disagree'
  else if (w.outcome === wire.Verdict.Outcome.PENDING) outcome = 'pending'
  else throw new MissingFieldError(k, 'outcome')
  if (outcome === 'agree' && w.validInstances.length === 0) throw new InvalidFieldError(k, 'validInstances', 'is empty for an agreeing verdict')
  if (outcome === 'pending' && w.validInstances.length + w.invalidInstances.length + w.contradictedInstances.length > 0) {
    throw new InvalidFieldError(k, 'outcome', 'is pending but the verdict lists instances')
  }
  if (outcome !== 'agree' && w.confirmedPixels.length > 0) throw new InvalidFieldError(k, 'confirmedPixels', 'are listed but the verdict is no agreement')
  const contradicted = w.contradictedInstances.map((s) => requiredString(k, 'contradictedInstances', s))
  return {
    unitId: requiredString(k, 'unitId', w.unitId),
    outcome,
    validInstances: w.validInstances.map((s) => requiredString(k, 'validInstances', s)),
    invalidInstances: w.invalidInstances.map((s) => requiredString(k, 'invalidInstances', s)),
    canonicalDigest: w.canonicalDigest,
    reason: requiredString(k, 'reason', w.reason, 64),
    recomputed: w.recomputed,
    ...(contradicted.length > 0 ? { contradictedInstances: contradicted } : {}),
    ...(outcome === 'pending' ? { retryAfterS: w.retryAfterS } : {}),
    ...(w.confirmedPixels.length > 0 ? { confirmedPixels: w.confirmedPixels } : {})
  }
}
