// A galaxy is complete once all its areas are cut into units and every unit is assimilated or abandoned: then
// its archive can be written (docs/design.md#archive).
import { statement } from '../store/statements.js'
import type { Db } from '../store/open-database.js'

/** Marks the galaxy `complete` if it is; returns whether it became complete by this call. */
export function markCompleteIfDone (db: Db, galaxyId: number): boolean {
  const g = statement(db, 'SELECT status FROM galaxies WHERE id = ?').get(galaxyId) as { status: string } | undefined
  if (g?.status !== 'generated') return false
  const open = statement(db, `SELECT 1 FROM work_units WHERE galaxy_id = ? AND state NOT IN ('assimilated', 'abandoned') LIMIT 1`)
    .get(galaxyId)
  if (open !== undefined) return false
  statement(db, `UPDATE galaxies SET status = 'complete' WHERE id = ?`).run(galaxyId)
  return true
}
