// Reading units and instances, shared by the transition handlers.
import { statement } from '../store/statements.js'
import { UnknownInstanceError, UnknownUnitError } from '../store/errors.js'
import type { Db } from '../store/open-database.js'
import type { InstanceRow, UnitRow } from './context.js'

// UnitRow's columns, not `*`: the row is read several times per result, and `*` would copy the unit's pixel map
// (a blob only the ringer check reads) each time.
const UNIT_COLUMNS = 'id, galaxy_id, seq, priority, payload_cid, pixels, bands, state, target, needed, boost, round, created, settled, abandon_reason, assimilated, pixel_seconds'

/** The unit's row, or UnknownUnitError. */
export function getUnit (db: Db, id: string): UnitRow {
  const row = statement(db, `SELECT ${UNIT_COLUMNS} FROM work_units WHERE id = ?`).get(id) as UnitRow | undefined
  if (row === undefined) throw new UnknownUnitError(id)
  return row
}

/** The instance's row, or UnknownInstanceError. */
export function getInstance (db: Db, id: string): InstanceRow {
  const row = statement(db, 'SELECT * FROM instances WHERE id = ?').get(id) as InstanceRow | undefined
  if (row === undefined) throw new UnknownInstanceError(id)
  return row
}

/** Instance counts of a unit as BOINC's transitioner sees them. */
export interface UnitCounts {
  total: number
  inProgress: number
  /** Successful results not (yet) judged invalid. */
  success: number
  errors: number
}

/** Counts the unit's instances by outcome. Instances of banned keys (error 'revoked', bans.ts) count for nothing:
 * the unit was not at fault, so they neither use up its limits nor make it look broken. */
export function countInstances (db: Db, unitId: string): UnitCounts {
  const row = statement(db, `
    SELECT coalesce(sum(coalesce(i.error, '') <> 'revoked'), 0) AS total,
      coalesce(sum(i.outcome = 'in_progress'), 0) AS inProgress,
      coalesce(sum(i.outcome = 'success' AND r.validity <> 'invalid'), 0) AS success,
      coalesce(sum(i.outcome = 'error' AND coalesce(i.error, '') <> 'revoked'), 0) AS errors
    FROM instances i LEFT JOIN results r ON r.instance_id = i.id
    WHERE i.unit_id = ?`).get(unitId) as UnitCounts
  return row
}

/** Instance ids of the unit's successful results, sorted. */
export function successfulInstances (db: Db, unitId: string): string[] {
  return (statement(db, `SELECT i.id FROM instances i WHERE i.unit_id = ? AND i.outcome = 'success' ORDER BY i.id`)
    .all(unitId) as Array<{ id: string }>).map((r) => r.id)
}
