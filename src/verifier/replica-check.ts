// Checks one replica of a unit: the volunteer's own signed result envelope, forwarded byte for byte by the
// coordinator. Everything a volunteer could get wrong or forge makes the replica invalid with a stable reason;
// only our own trouble (content we cannot fetch in time) fails the whole request, so the coordinator asks again
// rather than a volunteer losing its credit to our network.
import type { CID } from 'multiformats/cid'
import { Envelope } from '../../protocols/envelope.js'
import { openEnvelope } from '../net/envelope.js'
import { ContentTooLargeError } from '../net/errors.js'
import { MESSAGE_CODECS, type ResultSubmission } from '../net/messages/index.js'
import { PogsError } from '../util/errors.js'
import type { WorkUnit } from '../work/unit-payload.js'
import { checkAnswersUnit, decodeCanonicalUnitResult, digestOf, type UnitResult } from '../work/unit-result.js'
import { REPLICA_REASONS, type ReplicaReason } from './reasons.js'

/** A well-formed replica that answers the unit. */
export interface GoodReplica {
  ok: true
  instanceId: string
  /** The volunteer's peer id (the envelope's verified signer). */
  signer: string
  /** SHA-256 of the result's canonical encoding, checked against the signed claim. */
  digest: Uint8Array
  /** The fitting core's version that computed it, as the volunteer signed it: digests compare only within one. */
  coreVersion: number
  result: UnitResult
}

/** A replica that cannot count. `instanceId` is set when the replica names an instance of this unit. */
export interface BadReplica {
  ok: false
  instanceId?: string
  reason: ReplicaReason
  /** For people: what exactly was wrong (never peer text beyond a bounded id). */
  detail: string
}

export type CheckedReplica = GoodReplica | BadReplica

/** What checking a replica needs. */
export interface ReplicaCheckComponents {
  unit: WorkUnit
  /** Reads a result's content, refusing more than `maxBytes` with ContentTooLargeError; any other error is ours. */
  fetchResult: (cid: CID, maxBytes: number, signal: AbortSignal) => Promise<Uint8Array>
  /** Most bytes a result of this unit can have. */
  maxResultBytes: number
  signal: AbortSignal
  /** Whether the project's ban list names this raw public key (absent: nobody is banned). */
  banned?: (publicKey: Uint8Array) => boolean
}

/**
 * Checks one replica: the envelope opens (signature, key, domain; no freshness window: replicas may be days old),
 * its payload is a result submission for this unit without an error, its content is no larger than a result of
 * this unit can be, its SHA-256 equals the signed digest, and it is the canonical encoding of a result answering
 * the unit.
 */
export async function checkReplica (bytes: Uint8Array, c: ReplicaCheckComponents): Promise<CheckedReplica> {
  const unitId = c.unit.unitId
  let signer: string
  let payload: Uint8Array
  let publicKey: Uint8Array
  try {
    const envelope = await openEnvelope(bytes, 'result')
    signer = envelope.signer.toString()
    payload = envelope.payload
    publicKey = envelope.publicKey
  } catch (err) {
    if (!(err instanceof PogsError)) throw err
    return bad(claimedInstance(bytes, unitId), REPLICA_REASONS.BAD_SIGNATURE, err.code)
  }
  let submission: ResultSubmission
  try {
    submission = MESSAGE_CODECS.result.decode(payload)
  } catch (err) {
    if (!(err instanceof PogsError)) throw err
    return bad(undefined, REPLICA_REASONS.BAD_SUBMISSION, err.code)
  }
  // Instance ids are the coordinator's and unique across units: one for another unit is not ours to judge.
  if (submission.unitId !== unitId) return bad(undefined, REPLICA_REASONS.WRONG_UNIT, `submission for another unit (instance ${submission.instanceId})`)
  const instanceId = submission.instanceId
  if (c.banned?.(publicKey) === true) return bad(instanceId, REPLICA_REASONS.BANNED_KEY, `the project's ban list names ${signer}`)
  if (submission.errorCode !== 0) return bad(instanceId, REPLICA_REASONS.ERROR_REPORTED, `error code ${submission.errorCode}`)
  let content: Uint8Array
  if (submission.result !== undefined) {
    content = submission.result
    if (content.length > c.maxResultBytes) return bad(instanceId, REPLICA_REASONS.RESULT_TOO_LARGE, `${content.length} bytes inline`)
  } else if (submission.resultCid !== undefined) {
    try {
      content = await c.fetchResult(submission.resultCid, c.maxResultBytes, c.signal)
    } catch (err) {
      if (err instanceof ContentTooLargeError) return bad(instanceId, REPLICA_REASONS.RESULT_TOO_LARGE, `content larger than ${c.maxResultBytes} bytes`)
      throw err
    }
  } else {
    return bad(instanceId, REPLICA_REASONS.BAD_SUBMISSION, 'no result')
  }
  const digest = digestOf(content)
  if (!Buffer.from(digest).equals(Buffer.from(submission.digest))) return bad(instanceId, REPLICA_REASONS.DIGEST_MISMATCH, 'content does not hash to the signed digest')
  let result: UnitResult
  try {
    // Canonical bytes only (as the coordinator requires): equal results then have equal digests.
    result = decodeCanonicalUnitResult(content)
    checkAnswersUnit(c.unit, result)
  } catch (err) {
    if (!(err instanceof PogsError)) throw err
    return bad(instanceId, err.code === 'ERR_RESULT_MISMATCH' ? REPLICA_REASONS.RESULT_MISMATCH : REPLICA_REASONS.BAD_RESULT, err.message.slice(0, 200))
  }
  return { ok: true, instanceId, signer, digest, coreVersion: submission.coreVersion, result }
}

function bad (instanceId: string | undefined, reason: ReplicaReason, detail: string): BadReplica {
  return { ok: false, ...(instanceId !== undefined ? { instanceId } : {}), reason, detail }
}

/**
 * The instance an envelope that does not open claims to answer, when it claims one of this unit: the coordinator
 * received it from that instance's volunteer (its own server checked the signature then), so a replica that no
 * longer verifies marks that instance invalid.
 */
function claimedInstance (bytes: Uint8Array, unitId: string): string | undefined {
  try {
    const claim = MESSAGE_CODECS.result.decode(Envelope.decode(bytes).payload)
    return claim.unitId === unitId ? claim.instanceId : undefined
  } catch {
    return undefined
  }
}

/**
 * One judgement per instance and per volunteer key: a later copy of an instance is dropped (reported, not listed
 * again), and a later replica signed by a key that already has one is invalid (one instance per volunteer key),
 * so a volunteer holding two instances cannot make a quorum alone.
 */
export function dedupeReplicas (checked: readonly CheckedReplica[]): CheckedReplica[] {
  const instances = new Set<string>()
  const signers = new Set<string>()
  return checked.map((r): CheckedReplica => {
    if (r.instanceId !== undefined) {
      if (instances.has(r.instanceId)) return { ok: false, reason: REPLICA_REASONS.DUPLICATE_INSTANCE, detail: `instance ${r.instanceId} given twice` }
      instances.add(r.instanceId)
    }
    if (!r.ok) return r
    if (signers.has(r.signer)) return bad(r.instanceId, REPLICA_REASONS.DUPLICATE_VOLUNTEER, `volunteer ${r.signer} already has a replica`)
    signers.add(r.signer)
    return r
  })
}
