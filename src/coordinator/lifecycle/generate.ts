// Work generation, POGS' way: keep the queue of unsent instances filled to a target, but only once it has run
// below a low-water mark, and cut units lazily, galaxy by galaxy in priority then arrival order, a few areas at a
// time. The caller's `produce` builds each unit's payload (and adds it to Helia) between two transactions; a crash
// in between just produces the same content again next time.
import { statement } from '../store/statements.js'
import { unpackPixels } from './galaxies.js'
import { markCompleteIfDone } from './galaxy-status.js'
import type { LifecycleContext } from './context.js'

/** The areas of one unit to be, handed to `produce`. */
export interface UnitPlan {
  unitId: string
  galaxy: { id: number, name: string, bands: string[], redshift: number, metadata: Record<string, unknown> }
  areas: Array<{ index: number, x0: number, x1: number, y0: number, y1: number, pixels: Array<[number, number]> }>
  pixels: number
}

/** What producing a unit gives: its payload's CID and, when known, the payload's filter count (its catalogue rows). */
export interface ProducedUnit { payloadCid: string, filters?: number }

/** Builds a unit's payload and returns its CID. */
export type ProduceUnit = (plan: UnitPlan) => Promise<ProducedUnit> | ProducedUnit

/** Unsent instances: what the feeder still has to hand out. */
export function unsentCount (ctx: LifecycleContext): number {
  return (statement(ctx.db, 'SELECT coalesce(sum(needed), 0) AS n FROM work_units WHERE needed > 0').get() as { n: number }).n
}

interface GalaxyRow { id: number, name: string, bands: string, redshift: number, metadata: string, priority: number }
interface AreaRow { id: number, area_index: number, x0: number, x1: number, y0: number, y1: number, pixels: Buffer, viable_pixels: number }

/** The next unit to cut, or undefined when no galaxy has areas left. Marks exhausted galaxies `generated`. */
function nextPlan (ctx: LifecycleContext): { plan: UnitPlan, areaIds: number[], priority: number, bands: number } | undefined {
  const { db, settings } = ctx
  while (true) {
    const g = statement(db, `SELECT id, name, bands, redshift, metadata, priority FROM galaxies
      WHERE status IN ('queued', 'generating') ORDER BY priority DESC, arrival, id LIMIT 1`).get() as GalaxyRow | undefined
    if (g === undefined) return undefined
    const areas: AreaRow[] = []
    let pixels = 0
    for (const a of statement(db, `SELECT id, area_index, x0, x1, y0, y1, pixels, viable_pixels FROM areas
        WHERE galaxy_id = ? AND unit_id IS NULL ORDER BY area_index`).iterate(g.id) as IterableIterator<AreaRow>) {
      if (areas.length > 0 && pixels + a.viable_pixels > settings.pixelsPerUnit) break
      areas.push(a)
      pixels += a.viable_pixels
    }
    if (areas.length === 0) {
      db.transaction(() => {
        statement(db, `UPDATE galaxies SET status = 'generated' WHERE id = ?`).run(g.id)
        markCompleteIfDone(db, g.id)
      })()
      continue
    }
    const bands = JSON.parse(g.bands) as string[]
    return {
      plan: {
        unitId: `g${g.id}a${areas[0].area_index}`,
        galaxy: { id: g.id, name: g.name, bands, redshift: g.redshift, metadata: JSON.parse(g.metadata) as Record<string, unknown> },
        areas: areas.map((a) => ({ index: a.area_index, x0: a.x0, x1: a.x1, y0: a.y0, y1: a.y1, pixels: unpackPixels(a.pixels) })),
        pixels
      },
      areaIds: areas.map((a) => a.id),
      priority: g.priority,
      bands: bands.length
    }
  }
}

/**
 * Tops the queue up: if fewer than `queueLowWater` instances are unsent, cuts units until `queueTarget` are
 * (or the galaxies run out). Returns the ids of the units created. Not reentrant: one caller at a time.
 */
export async function fillQueue (ctx: LifecycleContext, produce: ProduceUnit, now: () => number): Promise<string[]> {
  const { db, settings } = ctx
  const created: string[] = []
  let unsent = unsentCount(ctx)
  if (unsent >= settings.queueLowWater) return created
  while (unsent < settings.queueTarget) {
    const next = nextPlan(ctx)
    if (next === undefined) break
    const { payloadCid, filters } = await produce(next.plan)
    const made = db.transaction(() => {
      // Someone (a previous run before a crash) may have cut these areas meanwhile: then skip.
      const taken = statement(db, 'SELECT 1 FROM areas WHERE id = ? AND unit_id IS NOT NULL')
      if (next.areaIds.some((id) => taken.get(id) !== undefined)) return false
      const { seq } = statement(db, 'SELECT coalesce(max(seq), 0) + 1 AS seq FROM work_units').get() as { seq: number }
      statement(db, `INSERT INTO work_units (id, galaxy_id, seq, priority, payload_cid, pixels, bands, filters, state, target, needed, created)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unsent', ?, ?, ?)`).run(next.plan.unitId, next.plan.galaxy.id, seq, next.priority, payloadCid,
        next.plan.pixels, next.bands, filters ?? null, settings.replication, settings.replication, now())
      const setUnit = statement(db, 'UPDATE areas SET unit_id = ? WHERE id = ?')
      for (const id of next.areaIds) setUnit.run(next.plan.unitId, id)
      const more = statement(db, 'SELECT 1 FROM areas WHERE galaxy_id = ? AND unit_id IS NULL LIMIT 1').get(next.plan.galaxy.id)
      statement(db, 'UPDATE galaxies SET status = ? WHERE id = ?').run(more === undefined ? 'generated' : 'generating', next.plan.galaxy.id)
      return true
    })()
    if (made) {
      created.push(next.plan.unitId)
      unsent += settings.replication
    }
  }
  return created
}
