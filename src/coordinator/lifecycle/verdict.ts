// Verifier verdicts. A unit in `returned` state is in a verification round; each project verifier signs one
// verdict per round naming either the results that agree (at least the min quorum of them) or, on disagreement,
// the results it judged. When a verifier quorum names the same agreeing set, those results are valid, the
// round's others invalid, credit is granted and the unit is `verified`. When no set can reach the quorum any
// more, the unit wants one more result (ahead of new work) and a new round follows. When a verifier quorum's own
// recomputations contradict a result (in one round or across its unit's rounds), its key is banned and its work
// revoked (bans.ts) before the round is decided. A set of results that any verifier's recomputation contradicted
// verifies nothing, and a round is not decided while a verifier asked about it holds it (holds.ts).
import { sameBytes, statement } from '../store/statements.js'
import {
  ConflictingVerdictError, MalformedVerdictError, StaleVerdictError, UnknownVerifierError
} from '../store/errors.js'
import { creditForResult, grantCredit } from '../credit/grant.js'
import { getUnit } from './units.js'
import { banKey, type BanOutcome } from './bans.js'
import { dropHold, holdsInForce, lapsedHolds, type RoundHold } from './holds.js'
import { reevaluateUnit } from './transition.js'
import type { LifecycleContext, UnitRow } from './context.js'

/** A signed verdict as the network layer hands it over (signature already checked there). */
export interface Verdict {
  unitId: string
  round: number
  verifier: Uint8Array
  /** true: `results` agree; false: no quorum of the judged `results` agrees. */
  agree: boolean
  results: string[]
  /** Instances whose result this verifier's own recomputation contradicted (docs/verifier.md): once a verifier
   * quorum names an instance here, its key is banned (docs/work-lifecycle.md#revocation). */
  contradicted?: string[]
  /** Payload positions this verifier recomputed that agreed with its agreeing group: once the unit is assimilated,
   * those confirmed by a verifier of the deciding quorum become known pixels (docs/work-lifecycle.md#ringers). */
  confirmed?: number[]
  signature: Uint8Array
}

/** What a verdict did to its unit. */
export interface VerdictOutcome {
  status: 'accepted' | 'duplicate'
  /** pending: quorum not reached yet; verified: a quorum agreed; disagreement: a further instance was asked for. */
  effect: 'pending' | 'verified' | 'disagreement'
  /** Keys this verdict completed a quorum of contradictions against, now banned, with what each ban did. */
  banned: Array<{ key: Buffer, ban: BanOutcome }>
}

interface VerdictRow { verifier: Buffer, agree: number, results: string }

/** Records a verdict in one transaction and applies the round's outcome when it is decided. */
export function recordVerdict (ctx: LifecycleContext, v: Verdict, now: number): VerdictOutcome {
  const { db, settings } = ctx
  if (!settings.verifiers.some((k) => sameBytes(k, v.verifier))) throw new UnknownVerifierError()
  const ids = [...new Set(v.results)].sort()
  if (ids.length !== v.results.length) throw new MalformedVerdictError('a verdict names a result twice')
  if (v.agree && ids.length < settings.minQuorum) {
    throw new MalformedVerdictError(`agreement must name at least ${settings.minQuorum} results`)
  }
  const resultsText = JSON.stringify(ids)
  const contradicted = [...new Set(v.contradicted ?? [])].sort()
  // Only an agreement confirms anything; positions are whole numbers (the unit's payload bounds them at use).
  const confirmed = v.agree ? [...new Set(v.confirmed ?? [])].filter((k) => Number.isInteger(k) && k >= 0).sort((a, b) => a - b) : []
  return db.transaction((): VerdictOutcome => {
    const unit = getUnit(db, v.unitId)
    const prior = statement(db, 'SELECT agree, results FROM verdicts WHERE unit_id = ? AND round = ? AND verifier = ?')
      .get(v.unitId, v.round, v.verifier) as VerdictRow | undefined
    if (prior !== undefined) {
      if ((prior.agree === 1) === v.agree && prior.results === resultsText) return { status: 'duplicate', effect: 'pending', banned: [] }
      throw new ConflictingVerdictError(v.unitId)
    }
    if (unit.state !== 'returned' || v.round !== unit.round) {
      throw new StaleVerdictError(v.unitId, `verdict for round ${v.round}, unit is ${unit.state} in round ${unit.round}`)
    }
    const judged = new Set((statement(db, `SELECT r.instance_id AS id FROM results r JOIN instances i ON i.id = r.instance_id
      WHERE i.unit_id = ? AND r.round IS NOT NULL`).all(unit.id) as Array<{ id: string }>).map((r) => r.id))
    if (![...ids, ...contradicted].every((id) => judged.has(id))) throw new StaleVerdictError(v.unitId, 'the verdict names results not sent for verification')
    statement(db, 'INSERT INTO verdicts (unit_id, round, verifier, agree, results, signature, received, contradicted, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(v.unitId, v.round, v.verifier, v.agree ? 1 : 0, resultsText, v.signature, now, contradicted.length > 0 ? JSON.stringify(contradicted) : null,
        confirmed.length > 0 ? JSON.stringify(confirmed) : null)
    dropHold(db, { unitId: v.unitId, round: v.round, verifier: v.verifier })
    const banned = banContradicted(ctx, unit, now)
    // A ban reopened the round (the unit went back to work without the liar's result): nothing left to decide.
    if (banned.length > 0 && getUnit(db, unit.id).state !== 'returned') return { status: 'accepted', effect: 'disagreement', banned }
    return { status: 'accepted', effect: decideRound(ctx, getUnit(db, unit.id), now), banned }
  })()
}

/**
 * Bans the keys of results that a verifier quorum names contradicted, in this round's verdicts or earlier ones of
 * the unit: a result is the same signed bytes in every round it is judged in, so two verifiers' recomputations
 * that contradicted it are two, whichever round each answered in.
 */
function banContradicted (ctx: LifecycleContext, unit: UnitRow, now: number): VerdictOutcome['banned'] {
  const { db, settings } = ctx
  const named = new Map<string, Set<string>>()
  for (const row of statement(db, 'SELECT verifier, contradicted FROM verdicts WHERE unit_id = ? AND contradicted IS NOT NULL')
    .all(unit.id) as Array<{ verifier: Buffer, contradicted: string }>) {
    for (const id of JSON.parse(row.contradicted) as string[]) {
      const by = named.get(id) ?? new Set<string>()
      by.add(row.verifier.toString('hex'))
      named.set(id, by)
    }
  }
  const banned: VerdictOutcome['banned'] = []
  for (const [id, by] of named) {
    const n = by.size
    if (n < settings.verifierQuorum) continue
    // Revoked already (its key banned): nothing more to do.
    if ((statement(db, 'SELECT outcome FROM instances WHERE id = ?').get(id) as { outcome: string }).outcome === 'error') continue
    const inst = statement(db, 'SELECT volunteer FROM instances WHERE id = ?').get(id) as { volunteer: Buffer }
    const out = banKey(ctx, { key: inst.volunteer, reason: 'recompute_mismatch', detail: `instance ${id}: ${n} verifiers' recomputations contradicted its result` }, now)
    if (out.status === 'banned') banned.push({ key: inst.volunteer, ban: out })
  }
  return banned
}

/**
 * Removes a verifier's hold on a round (its request failed, or the hold lapsed) and decides the round if that was
 * all it waited for: the effect then, undefined when the unit has left that round.
 */
export function releaseHold (ctx: LifecycleContext, h: RoundHold, now: number): VerdictOutcome['effect'] | undefined {
  const { db } = ctx
  return db.transaction((): VerdictOutcome['effect'] | undefined => {
    if (!dropHold(db, h)) return undefined
    const unit = getUnit(db, h.unitId)
    if (unit.state !== 'returned' || unit.round !== h.round) return undefined
    return decideRound(ctx, unit, now)
  })()
}

/** Releases every hold past its time at `now`; returns the rounds this decided, with their effect. */
export function releaseLapsedHolds (ctx: LifecycleContext, now: number): Array<{ unitId: string, effect: VerdictOutcome['effect'] }> {
  const decided: Array<{ unitId: string, effect: VerdictOutcome['effect'] }> = []
  for (const h of lapsedHolds(ctx.db, now)) {
    const effect = releaseHold(ctx, h, now)
    if (effect !== undefined && effect !== 'pending') decided.push({ unitId: h.unitId, effect })
  }
  return decided
}

function decideRound (ctx: LifecycleContext, unit: UnitRow, now: number): VerdictOutcome['effect'] {
  const { db, settings } = ctx
  // A verifier still asked or recomputing may yet name a contradiction: the round waits for it (or for its hold to
  // lapse), whichever way it would go, so that every verifier asked is heard in the round.
  if (holdsInForce(db, unit.id, unit.round, now) > 0) return 'pending'
  const verdicts = statement(db, 'SELECT verifier, agree, results FROM verdicts WHERE unit_id = ? AND round = ?')
    .all(unit.id, unit.round) as VerdictRow[]
  // A result any verifier's own recomputation contradicted (in this round or an earlier one) cannot be vouched for
  // by the others' agreement: they did not look at that pixel (docs/work-lifecycle.md#holds). The round then asks
  // for one more result, whose disagreement makes every verifier recompute the pixel.
  const contradicted = new Set((statement(db, 'SELECT contradicted FROM verdicts WHERE unit_id = ? AND contradicted IS NOT NULL')
    .all(unit.id) as Array<{ contradicted: string }>).flatMap((v) => JSON.parse(v.contradicted) as string[]))
  const votes = new Map<string, number>()
  for (const v of verdicts) {
    if (v.agree !== 1 || (JSON.parse(v.results) as string[]).some((id) => contradicted.has(id))) continue
    votes.set(v.results, (votes.get(v.results) ?? 0) + 1)
  }
  let best = 0
  let bestSet = ''
  for (const [set, n] of votes) if (n > best) { best = n; bestSet = set }
  if (best >= settings.verifierQuorum) {
    validate(ctx, unit, JSON.parse(bestSet) as string[], now)
    return 'verified'
  }
  const unanswered = settings.verifiers.length - verdicts.length
  if (best + unanswered >= settings.verifierQuorum) return 'pending'
  // No quorum can agree on this round: BOINC's validator asks for one more result than the verifiers judged. A
  // result that arrived during the round (a late replica) already is that one more: the next round starts at once.
  // Revoked results (a ban's: invalid before verification) were judged for nothing and are not counted.
  const judged = (statement(db, `SELECT count(*) AS n FROM results r JOIN instances i ON i.id = r.instance_id
    WHERE i.unit_id = ? AND r.round IS NOT NULL AND r.validity != 'invalid'`).get(unit.id) as { n: number }).n
  statement(db, `UPDATE work_units SET state = 'in_progress', target = ? WHERE id = ?`)
    .run(Math.max(unit.target, judged) + 1, unit.id)
  reevaluateUnit(ctx, unit.id, now)
  return 'disagreement'
}

// Results the quorum named are valid. Other results a round included (verifiers judged them) are invalid; a
// result that arrived during the round was judged by nobody: unchecked, and without credit, whatever its digest
// (credit goes only to what a verifier quorum judged: docs/work-lifecycle.md#copying). A result validated before,
// whose unit a ban reopened, keeps the credit it was granted then and is not granted it twice.
function validate (ctx: LifecycleContext, unit: UnitRow, valid: string[], now: number): void {
  const { db, settings } = ctx
  const validSet = new Set(valid)
  const credit = creditForResult(unit.pixels, unit.bands)
  const rows = statement(db, `SELECT i.id, i.volunteer, i.sent, r.round, r.credit FROM instances i JOIN results r ON r.instance_id = i.id
    WHERE i.unit_id = ? AND r.validity = 'pending'`).all(unit.id) as Array<{ id: string, volunteer: Buffer, sent: number, round: number | null, credit: number }>
  for (const r of rows) {
    const ok = validSet.has(r.id)
    const validity = ok ? 'valid' : r.round !== null ? 'invalid' : 'unchecked'
    const granted = r.credit > 0
    statement(db, 'UPDATE results SET validity = ?, credit = ? WHERE instance_id = ?').run(validity, ok ? credit : r.credit, r.id)
    if (ok && !granted) {
      grantCredit(db, r.volunteer, credit, r.sent, now, settings.creditHalfLifeMs)
      statement(db, 'UPDATE volunteers SET validated = validated + 1 WHERE key = ?').run(r.volunteer)
    }
  }
  statement(db, `UPDATE work_units SET state = 'verified', needed = 0, boost = 0, settled = ? WHERE id = ?`).run(now, unit.id)
}
