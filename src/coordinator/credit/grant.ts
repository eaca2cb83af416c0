// Granting credit for a valid result to its volunteer and the volunteer's claimed team: pixels x the galaxy's
// bands per valid result, totals and a recent average with BOINC's one-week half-life (docs/design.md#work-defaults).
import { statement } from '../store/statements.js'
import type { Db } from '../store/open-database.js'
import { updateRecentAverage } from './recent-average.js'

/** Credit for one valid result of a unit: pixels x bands (POGS scaled credit by the number of bands fitted). */
export function creditForResult (pixels: number, bands: number): number {
  return pixels * bands
}

interface CreditRow { total_credit: number, recent_credit: number, recent_time: number }

/** Adds `credit` to the volunteer (and its team, if it claimed one), for work started at `workStart`. */
export function grantCredit (db: Db, volunteer: Uint8Array, credit: number, workStart: number, now: number, halfLifeMs: number): void {
  const v = statement(db, 'SELECT total_credit, recent_credit, recent_time, team FROM volunteers WHERE key = ?')
    .get(volunteer) as (CreditRow & { team: string | null }) | undefined
  if (v === undefined) return
  const rac = updateRecentAverage({ average: v.recent_credit, time: v.recent_time }, credit, workStart, now, halfLifeMs)
  statement(db, 'UPDATE volunteers SET total_credit = ?, recent_credit = ?, recent_time = ? WHERE key = ?')
    .run(v.total_credit + credit, rac.average, rac.time, volunteer)
  if (v.team === null) return
  const t = statement(db, 'SELECT total_credit, recent_credit, recent_time FROM teams WHERE name = ?').get(v.team) as CreditRow
  const trac = updateRecentAverage({ average: t.recent_credit, time: t.recent_time }, credit, workStart, now, halfLifeMs)
  statement(db, 'UPDATE teams SET total_credit = ?, recent_credit = ?, recent_time = ? WHERE name = ?')
    .run(t.total_credit + credit, trac.average, trac.time, v.team)
}
