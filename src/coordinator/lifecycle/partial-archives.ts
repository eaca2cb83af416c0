// What each galaxy's partial archive holds (docs/coordinator.md#archive-step): the archive is written while its
// units are assimilated, and these rows say which units are in the file and what the file held at its last
// checkpoint. The database is the authority: a file that holds anything else (a crash between its write and this
// record) is rebuilt from the assimilated pixels, and a ban that takes pixels back resets the record (bans.ts).
import { statement } from '../store/statements.js'
import type { LifecycleContext } from './context.js'
import { unpackPixels } from './galaxies.js'
import type { StoredPixel } from './views.js'

/** What a partial archive held at its last checkpoint. */
export interface PartialArchiveRecord {
  areas: number
  pixels: number
  histogramRows: number
}

/** An assimilated unit's areas, each with its stored pixels in scan order (pixels not fitted are absent). */
export interface UnitToArchive {
  unitId: string
  areas: Array<{ index: number, pixels: StoredPixel[] }>
}

/** Galaxies with assimilated units not yet in their partial archive (being computed, or complete). */
export function galaxiesWithUnitsToArchive (ctx: LifecycleContext): number[] {
  return (statement(ctx.db, `SELECT DISTINCT u.galaxy_id AS id FROM work_units u JOIN galaxies g ON g.id = u.galaxy_id
    WHERE u.state = 'assimilated' AND u.in_partial = 0 AND g.status IN ('generated', 'complete') ORDER BY u.galaxy_id`)
    .all() as Array<{ id: number }>).map((r) => r.id)
}

/**
 * A galaxy's assimilated units not in its partial archive, with their areas' pixels: up to `limit` units, and no
 * more once they hold `maxPixels` stored pixels (at least one unit).
 */
export function unitsToArchive (ctx: LifecycleContext, galaxyId: number, limit: number, maxPixels = Infinity): UnitToArchive[] {
  const units = statement(ctx.db, `SELECT id FROM work_units WHERE galaxy_id = ? AND state = 'assimilated' AND in_partial = 0 ORDER BY seq LIMIT ?`)
    .all(galaxyId, limit) as Array<{ id: string }>
  const areas = statement(ctx.db, 'SELECT area_index, pixels FROM areas WHERE unit_id = ? ORDER BY area_index')
  const pixel = statement(ctx.db, 'SELECT x, y, unit_id AS unitId, summary, histograms FROM pixel_results WHERE galaxy_id = ? AND x = ? AND y = ?')
  const out: UnitToArchive[] = []
  let pixels = 0
  for (const u of units) {
    if (pixels >= maxPixels) break
    const unit = {
      unitId: u.id,
      areas: (areas.all(u.id) as Array<{ area_index: number, pixels: Buffer }>).map((a) => ({
        index: a.area_index,
        pixels: unpackPixels(a.pixels).flatMap(([x, y]) => {
          const p = pixel.get(galaxyId, x, y) as StoredPixel | undefined
          return p === undefined ? [] : [p]
        })
      }))
    }
    pixels += unit.areas.reduce((n, a) => n + a.pixels.length, 0)
    out.push(unit)
  }
  return out
}

/** The record of a galaxy's partial archive, if it has one. */
export function partialArchive (ctx: LifecycleContext, galaxyId: number): PartialArchiveRecord | undefined {
  return statement(ctx.db, 'SELECT areas, pixels, histogram_rows AS histogramRows FROM partial_archives WHERE galaxy_id = ?')
    .get(galaxyId) as PartialArchiveRecord | undefined
}

/** The areas a galaxy's partial archive holds (those of its units marked in). */
export function partialArchiveAreas (ctx: LifecycleContext, galaxyId: number): number[] {
  return (statement(ctx.db, `SELECT a.area_index AS idx FROM areas a JOIN work_units u ON u.id = a.unit_id
    WHERE a.galaxy_id = ? AND u.in_partial = 1 ORDER BY a.area_index`).all(galaxyId) as Array<{ idx: number }>).map((r) => r.idx)
}

/**
 * Records a checkpoint: `units` are in the file, which now holds `now`. Only when the record is still `before`
 * (undefined: none): a ban may have reset it while the file was written, and then the file is stale. Returns
 * whether it was recorded.
 */
export function recordPartialArchive (ctx: LifecycleContext, galaxyId: number, before: PartialArchiveRecord | undefined,
  units: readonly string[], after: PartialArchiveRecord, now: number): boolean {
  const { db } = ctx
  return db.transaction(() => {
    const current = partialArchive(ctx, galaxyId)
    const same = current === undefined || before === undefined
      ? current === before
      : current.areas === before.areas && current.pixels === before.pixels && current.histogramRows === before.histogramRows
    if (!same) return false
    const mark = statement(db, `UPDATE work_units SET in_partial = 1 WHERE id = ? AND galaxy_id = ? AND state = 'assimilated' AND in_partial = 0`)
    for (const u of units) {
      if (mark.run(u, galaxyId).changes !== 1) throw new Error(`unit ${u} is not an assimilated unit of galaxy ${galaxyId} outside its partial archive`)
    }
    statement(db, `INSERT INTO partial_archives (galaxy_id, areas, pixels, histogram_rows, updated) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (galaxy_id) DO UPDATE SET areas = excluded.areas, pixels = excluded.pixels, histogram_rows = excluded.histogram_rows, updated = excluded.updated`)
      .run(galaxyId, after.areas, after.pixels, after.histogramRows, now)
    return true
  })()
}

/** Forgets a galaxy's partial archive: every assimilated unit is to be written again, into a new file. */
export function resetPartialArchive (ctx: LifecycleContext, galaxyId: number): void {
  const { db } = ctx
  db.transaction(() => {
    statement(db, 'UPDATE work_units SET in_partial = 0 WHERE galaxy_id = ? AND in_partial = 1').run(galaxyId)
    statement(db, 'DELETE FROM partial_archives WHERE galaxy_id = ?').run(galaxyId)
  })()
}

/** Whether every assimilated unit of a galaxy is in its partial archive. */
export function partialArchiveComplete (ctx: LifecycleContext, galaxyId: number): boolean {
  return statement(ctx.db, `SELECT 1 FROM work_units WHERE galaxy_id = ? AND state = 'assimilated' AND in_partial = 0 LIMIT 1`).get(galaxyId) === undefined
}
