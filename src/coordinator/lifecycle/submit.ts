// Results and error reports from volunteers. Each is one transaction and idempotent: the same result twice is
// a no-op ("duplicate"), a different one for the same instance is refused.
import { PogsError } from '../../util/errors.js'
import { sameBytes, statement } from '../store/statements.js'
import type { EnvelopeRef } from '../store/envelope-log.js'
import {
  ConflictingResultError, CoreVersionMismatchError, NotAssignedError, ReplacedInstanceError, ResultPublishedError, UnitAbandonedError
} from '../store/errors.js'
import { requireNotBanned, TOO_CLOSE } from './eligibility.js'
import { claimIdentity } from '../credit/volunteers.js'
import { getInstance, getUnit } from './units.js'
import { reevaluateUnit } from './transition.js'
import type { InstanceRow, LifecycleContext, UnitState } from './context.js'

/** A signed result as the network layer hands it over (already signature-checked there). */
export interface ResultSubmission {
  instanceId: string
  volunteer: Uint8Array
  /** Digest of the canonical result encoding (replicas agree when digests are equal). */
  digest: Uint8Array
  resultCid: string
  size: number
  /**
   * The volunteer's signed envelope (verifiers receive it byte for byte): its bytes, kept in the row, or where the
   * envelope log holds them (WorkStore.logEnvelopes; the request path's way).
   */
  signature: Uint8Array | EnvelopeRef
  /** The name and team the volunteer signed with this result (recorded in the same transaction). */
  claim?: { name: string | null, team: string | null }
  /** The fitting core's version that computed it; must be its instance's when both are known. */
  coreVersion?: number
}

/** What a submission did. */
export interface SubmitOutcome {
  status: 'accepted' | 'duplicate'
  unitState: UnitState
}

interface ResultRow { digest: Buffer, result_cid: string }

const EMPTY = new Uint8Array(0)

function checkedInstance (ctx: LifecycleContext, instanceId: string, volunteer: Uint8Array): InstanceRow {
  const inst = getInstance(ctx.db, instanceId)
  if (!sameBytes(inst.volunteer, volunteer)) throw new NotAssignedError(instanceId)
  return inst
}

/**
 * Records a result. Late results (after the deadline) are accepted while the unit is open, as BOINC does: the
 * work is still useful; unless the unit went meanwhile to a key too close to this one (ReplacedInstanceError). After verification a result is refused (ResultPublishedError): the unit's canonical result
 * may be public by then, and a copy of it could not be told from work (docs/work-lifecycle.md#copying); after
 * abandonment it is refused (UnitAbandonedError). A result of another fitting core than its instance's is refused
 * (CoreVersionMismatchError): its digest could not be compared. A banned key's is refused (BannedKeyError).
 */
export function submitResult (ctx: LifecycleContext, r: ResultSubmission, now: number): SubmitOutcome {
  const { db } = ctx
  return db.transaction((): SubmitOutcome => {
    requireNotBanned(ctx, r.volunteer)
    const inst = checkedInstance(ctx, r.instanceId, r.volunteer)
    if (inst.core_version !== null && r.coreVersion !== undefined && r.coreVersion !== inst.core_version) {
      throw new CoreVersionMismatchError(r.instanceId, inst.core_version, r.coreVersion)
    }
    if (r.claim !== undefined) claimIdentity(db, r.volunteer, r.claim, now)
    const prior = statement(db, 'SELECT digest, result_cid FROM results WHERE instance_id = ?').get(r.instanceId) as ResultRow | undefined
    if (prior !== undefined) {
      if (sameBytes(prior.digest, r.digest) && prior.result_cid === r.resultCid) {
        return { status: 'duplicate', unitState: getUnit(db, inst.unit_id).state }
      }
      throw new ConflictingResultError(r.instanceId)
    }
    if (inst.outcome === 'error') throw new ConflictingResultError(r.instanceId)
    const unit = getUnit(db, inst.unit_id)
    if (unit.state === 'abandoned') throw new UnitAbandonedError(unit.id)
    if (unit.state === 'verified' || unit.state === 'assimilated') throw new ResultPublishedError(unit.id)
    if (inst.outcome === 'timed_out' && replacedByNeighbour(ctx, inst)) throw new ReplacedInstanceError(r.instanceId)
    const inRow = r.signature instanceof Uint8Array
    const ref = inRow ? undefined : r.signature as EnvelopeRef
    statement(db, `INSERT INTO results (instance_id, digest, result_cid, size, signature, envelope_segment, envelope_offset, envelope_length,
      received, validity, credit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)`).run(r.instanceId, r.digest, r.resultCid, r.size,
      inRow ? r.signature : EMPTY, ref?.segment ?? null, ref?.offset ?? null, ref?.length ?? null, now)
    statement(db, `UPDATE instances SET outcome = 'success', returned = ? WHERE id = ?`).run(now, r.instanceId)
    reevaluateUnit(ctx, unit.id, now)
    return { status: 'accepted', unitState: getUnit(db, unit.id).state }
  })()
}

/**
 * Whether a timed-out instance's unit has since gone to a key too close to its holder (eligibility.ts): a key could
 * let its instance time out for a second key of its network to take the unit, then return its own result late.
 */
function replacedByNeighbour (ctx: LifecycleContext, inst: InstanceRow): boolean {
  const holder = statement(ctx.db, 'SELECT first_network, first_seen FROM volunteers WHERE key = ?').get(inst.volunteer) as { first_network: string | null, first_seen: number } | undefined
  return statement(ctx.db, `SELECT 1 FROM work_units u WHERE u.id = @unit AND EXISTS (${TOO_CLOSE})`).get({
    unit: inst.unit_id, volunteer: inst.volunteer, network: inst.network, firstNetwork: holder?.first_network ?? null, firstSeen: holder?.first_seen ?? 0, window: ctx.settings.firstSeenWindowMs
  }) !== undefined
}

/** One item of a batch: a result or an error report. */
export type Submission = { result: ResultSubmission } | { error: ErrorReport }

/**
 * Records several submissions in one transaction (one WAL commit: results that arrive together, e.g. a volunteer's
 * batch, cost one commit, not one each). Each item runs in its own savepoint, so a refused item (its typed error in
 * its place of the answer) leaves the others recorded exactly as if they had come one by one.
 */
export function submitMany (ctx: LifecycleContext, items: readonly Submission[], now: number): Array<SubmitOutcome | PogsError> {
  return ctx.db.transaction(() => items.map((item): SubmitOutcome | PogsError => {
    try {
      return 'result' in item ? submitResult(ctx, item.result, now) : submitError(ctx, item.error, now)
    } catch (err) {
      if (err instanceof PogsError) return err
      throw err
    }
  }))()
}

/** A volunteer's report that it could not compute an instance (counts toward the unit's error limit). */
export interface ErrorReport {
  instanceId: string
  volunteer: Uint8Array
  reason: string
}

/** Records a client error; the unit gets a reissue or, past its error limit, is abandoned. */
export function submitError (ctx: LifecycleContext, e: ErrorReport, now: number): SubmitOutcome {
  const { db } = ctx
  return db.transaction((): SubmitOutcome => {
    requireNotBanned(ctx, e.volunteer)
    const inst = checkedInstance(ctx, e.instanceId, e.volunteer)
    if (inst.outcome === 'error') return { status: 'duplicate', unitState: getUnit(db, inst.unit_id).state }
    if (inst.outcome === 'success') throw new ConflictingResultError(e.instanceId)
    statement(db, `UPDATE instances SET outcome = 'error', returned = ?, error = ? WHERE id = ?`)
      .run(now, e.reason.slice(0, 500), e.instanceId)
    reevaluateUnit(ctx, inst.unit_id, now)
    return { status: 'accepted', unitState: getUnit(db, inst.unit_id).state }
  })()
}
