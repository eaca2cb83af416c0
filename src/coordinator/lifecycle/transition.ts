// The transitioner (BOINC's sched/transitioner.cpp, reduced to what pogs needs): after any change to a unit's
// instances it recomputes how many instances to send, whether the unit is ready for verification, and whether it
// can no longer reach a quorum within its limits. Always runs inside the caller's transaction.
import { statement } from '../store/statements.js'
import { countInstances, getUnit } from './units.js'
import { markCompleteIfDone } from './galaxy-status.js'
import type { AbandonReason, LifecycleContext, UnitRow, UnitState } from './context.js'

const SETTLED: ReadonlySet<UnitState> = new Set(['verified', 'assimilated', 'abandoned'])

/** Whether the unit's outcome is decided (nothing more is sent for it). */
export function isSettled (state: UnitState): boolean {
  return SETTLED.has(state)
}

/** Recomputes the unit's state, needed instances and boost; returns the abandon reason if it was abandoned now. */
export function reevaluateUnit (ctx: LifecycleContext, unitId: string, now: number): AbandonReason | undefined {
  const { db, settings: s } = ctx
  const u = getUnit(db, unitId)
  if (isSettled(u.state)) return undefined
  const c = countInstances(db, unitId)
  // BOINC: "nerrors > max_error_results" and, when more results are needed, "max_total_results - ntotal == 0".
  if (c.errors > s.maxErrorResults) return abandon(ctx, u, 'too_many_errors', now)
  let needed = Math.max(0, u.target - c.inProgress - c.success)
  const allowed = s.maxTotalResults - c.total
  if (needed > 0 && allowed <= 0) return abandon(ctx, u, 'too_many_total_results', now)
  needed = Math.min(needed, allowed)
  let state: UnitState = u.state
  let round = u.round
  if (state !== 'returned') {
    if (c.success >= Math.max(s.minQuorum, u.target)) {
      state = 'returned'
      round++
      needed = 0
    } else {
      state = c.total === 0 ? 'unsent' : 'in_progress'
    }
  } else {
    needed = 0
  }
  // Reissues and extra instances (anything wanted after the first send) go ahead of new work.
  const boost = needed > 0 && c.total > 0 ? 1 : 0
  if (state !== u.state || needed !== u.needed || boost !== u.boost || round !== u.round) {
    statement(db, 'UPDATE work_units SET state = ?, needed = ?, boost = ?, round = ? WHERE id = ?')
      .run(state, needed, boost, round, unitId)
    // The results present now are the ones the verifiers of this round are sent.
    if (round !== u.round) {
      statement(db, `UPDATE results SET round = ? WHERE round IS NULL AND instance_id IN (SELECT id FROM instances WHERE unit_id = ?)`)
        .run(round, unitId)
    }
  }
  return undefined
}

function abandon (ctx: LifecycleContext, u: UnitRow, reason: AbandonReason, now: number): AbandonReason {
  statement(ctx.db, `UPDATE work_units SET state = 'abandoned', needed = 0, boost = 0, settled = ?, abandon_reason = ? WHERE id = ?`)
    .run(now, reason, u.id)
  markCompleteIfDone(ctx.db, u.galaxy_id)
  return reason
}
