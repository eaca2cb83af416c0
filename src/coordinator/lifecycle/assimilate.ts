// Assimilation: a verified unit's pixel results go into the database (summary values and histograms), the unit
// becomes `assimilated`, and its galaxy is complete once no unit is open. Pixels a verifier of the deciding quorum
// confirmed by recomputation become known pixels, ringers of later units (ringers.ts).
import { statement } from '../store/statements.js'
import { InvalidStateError } from '../store/errors.js'
import { getUnit } from './units.js'
import { markCompleteIfDone } from './galaxy-status.js'
import { recordKnownPixels } from './ringers.js'
import type { LifecycleContext } from './context.js'

/** One assimilated pixel (its real coordinates): its summary values and its histograms, each as the caller encodes
 * them. */
export interface PixelRecord {
  x: number
  y: number
  summary: Uint8Array
  /** The pixel's full canonical fit, named as the real pixel: what a known pixel keeps. */
  histograms: Uint8Array
  /** Its position in the unit's payload (and results): where a verifier's confirmation points. Absent: not known. */
  position?: number
}

/** What assimilation did. */
export interface AssimilateOutcome {
  status: 'accepted' | 'duplicate'
  /** The unit's galaxy became complete with this unit (time to write its archive). */
  galaxyComplete: boolean
  galaxyId: number
}

/** Assimilates a verified unit in one transaction; a repeat is a no-op. */
export function assimilate (ctx: LifecycleContext, unitId: string, pixels: PixelRecord[], now: number): AssimilateOutcome {
  const { db } = ctx
  return db.transaction((): AssimilateOutcome => {
    const u = getUnit(db, unitId)
    if (u.state === 'assimilated') return { status: 'duplicate', galaxyComplete: false, galaxyId: u.galaxy_id }
    if (u.state !== 'verified') throw new InvalidStateError(unitId, u.state, 'verified')
    const insert = statement(db, `INSERT INTO pixel_results (galaxy_id, x, y, unit_id, summary, histograms) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (galaxy_id, x, y) DO UPDATE SET unit_id = excluded.unit_id, summary = excluded.summary, histograms = excluded.histograms`)
    for (const p of pixels) insert.run(u.galaxy_id, p.x, p.y, unitId, p.summary, p.histograms)
    recordKnownPixels(ctx, u, pixels.flatMap((p) => p.position === undefined ? [] : [{ position: p.position, x: p.x, y: p.y, fit: p.histograms }]))
    statement(db, `UPDATE work_units SET state = 'assimilated', settled = coalesce(settled, ?), assimilated = ? WHERE id = ?`).run(now, now, unitId)
    return { status: 'accepted', galaxyComplete: markCompleteIfDone(db, u.galaxy_id), galaxyId: u.galaxy_id }
  })()
}
