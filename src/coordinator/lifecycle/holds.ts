// Verdict holds (docs/work-lifecycle.md#holds): a verifier the coordinator has asked about a round, or that is
// recomputing pixels for it (it answered PENDING), holds the round open until it answers or its hold lapses. Without
// it the verifiers that did not sample a pixel would verify a colluding pair's unit before the one that sampled the
// altered pixel could say so. A hold never outlives `until`: a verifier that is down delays a round, never parks it.
import { statement } from '../store/statements.js'
import type { Db } from '../store/open-database.js'
import type { LifecycleContext } from './context.js'
import { getUnit } from './units.js'

/** A verifier's hold on one round of one unit. */
export interface RoundHold {
  unitId: string
  round: number
  verifier: Uint8Array
}

/**
 * Holds the round open for `verifier` until `until` (ms), replacing any earlier hold of its on the round. Nothing
 * is held for a unit no longer in that round, or for a verifier whose verdict on it is recorded: false then.
 */
export function holdRound (ctx: LifecycleContext, h: RoundHold, until: number): boolean {
  const { db } = ctx
  return db.transaction((): boolean => {
    const unit = getUnit(db, h.unitId)
    if (unit.state !== 'returned' || unit.round !== h.round) return false
    const voted = statement(db, 'SELECT 1 FROM verdicts WHERE unit_id = ? AND round = ? AND verifier = ?').get(h.unitId, h.round, h.verifier)
    if (voted !== undefined) return false
    statement(db, 'INSERT OR REPLACE INTO verdict_holds (unit_id, round, verifier, until) VALUES (?, ?, ?, ?)')
      .run(h.unitId, h.round, h.verifier, until)
    return true
  })()
}

/** Removes a verifier's hold on a round (its verdict is in, or its request failed); true if there was one. */
export function dropHold (db: Db, h: RoundHold): boolean {
  return statement(db, 'DELETE FROM verdict_holds WHERE unit_id = ? AND round = ? AND verifier = ?').run(h.unitId, h.round, h.verifier).changes > 0
}

/** How many holds on the round are still in force at `now`. */
export function holdsInForce (db: Db, unitId: string, round: number, now: number): number {
  return (statement(db, 'SELECT count(*) AS n FROM verdict_holds WHERE unit_id = ? AND round = ? AND until > ?')
    .get(unitId, round, now) as { n: number }).n
}

/** Holds past their `until` at `now`, oldest first. */
export function lapsedHolds (db: Db, now: number): RoundHold[] {
  return (statement(db, 'SELECT unit_id, round, verifier FROM verdict_holds WHERE until <= ? ORDER BY until')
    .all(now) as Array<{ unit_id: string, round: number, verifier: Buffer }>)
    .map((r) => ({ unitId: r.unit_id, round: r.round, verifier: r.verifier }))
}
