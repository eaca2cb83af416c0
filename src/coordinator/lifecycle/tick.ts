// Deadlines: the store keeps no timers; the coordinator calls tick(now) (e.g. once a minute) and every instance
// past its deadline times out, which makes its unit want a reissue (or abandons the unit at its limits), and every
// verdict hold past its time is released, which decides the rounds that waited only for it (holds.ts).
import { statement } from '../store/statements.js'
import { reevaluateUnit } from './transition.js'
import { getUnit } from './units.js'
import { releaseLapsedHolds, type VerdictOutcome } from './verdict.js'
import type { AbandonReason, LifecycleContext } from './context.js'

/** What one tick did. */
export interface TickReport {
  timedOut: string[]
  abandoned: Array<{ unitId: string, reason: AbandonReason }>
  /** Rounds decided because the holds they waited for lapsed. */
  decided: Array<{ unitId: string, effect: VerdictOutcome['effect'] }>
}

/** Times out every in-progress instance whose deadline is at or before `now` and releases lapsed verdict holds, in
 * one transaction. */
export function tick (ctx: LifecycleContext, now: number): TickReport {
  const { db } = ctx
  return db.transaction((): TickReport => {
    const due = statement(db, `SELECT id, unit_id FROM instances WHERE outcome = 'in_progress' AND deadline <= ? ORDER BY deadline, id`)
      .all(now) as Array<{ id: string, unit_id: string }>
    const report: TickReport = { timedOut: [], abandoned: [], decided: releaseLapsedHolds(ctx, now) }
    const units = new Set<string>()
    for (const i of due) {
      statement(db, `UPDATE instances SET outcome = 'timed_out' WHERE id = ?`).run(i.id)
      report.timedOut.push(i.id)
      units.add(i.unit_id)
    }
    // A disagreement may have abandoned its unit at its limits.
    for (const d of report.decided) {
      const u = getUnit(db, d.unitId)
      if (u.state === 'abandoned' && u.abandon_reason !== null) report.abandoned.push({ unitId: u.id, reason: u.abandon_reason })
    }
    for (const u of units) {
      const reason = reevaluateUnit(ctx, u, now)
      if (reason !== undefined) report.abandoned.push({ unitId: u, reason })
    }
    return report
  })()
}
