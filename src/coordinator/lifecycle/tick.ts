// Deadlines: the store keeps no timers; the coordinator calls tick(now) (e.g. once a minute) and every instance
// past its deadline times out, which makes its unit want a reissue (or abandons the unit at its limits).
import { statement } from '../store/statements.js'
import { reevaluateUnit } from './transition.js'
import type { AbandonReason, LifecycleContext } from './context.js'

/** What one tick did. */
export interface TickReport {
  timedOut: string[]
  abandoned: Array<{ unitId: string, reason: AbandonReason }>
}

/** Times out every in-progress instance whose deadline is at or before `now`, in one transaction. */
export function tick (ctx: LifecycleContext, now: number): TickReport {
  const { db } = ctx
  return db.transaction((): TickReport => {
    const due = statement(db, `SELECT id, unit_id FROM instances WHERE outcome = 'in_progress' AND deadline <= ? ORDER BY deadline, id`)
      .all(now) as Array<{ id: string, unit_id: string }>
    const report: TickReport = { timedOut: [], abandoned: [] }
    const units = new Set<string>()
    for (const i of due) {
      statement(db, `UPDATE instances SET outcome = 'timed_out' WHERE id = ?`).run(i.id)
      report.timedOut.push(i.id)
      units.add(i.unit_id)
    }
    for (const u of units) {
      const reason = reevaluateUnit(ctx, u, now)
      if (reason !== undefined) report.abandoned.push({ unitId: u, reason })
    }
    return report
  })()
}
