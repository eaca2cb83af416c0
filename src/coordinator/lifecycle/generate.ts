// Work generation, POGS' way: keep the queue of unsent instances filled to a target, but only once it has run
// below a low-water mark, and cut units lazily, galaxy by galaxy in priority then arrival order, a few areas at a
// time. A unit holds as many whole areas as cost about the target CPU time at the galaxy's estimated cost of a
// pixel (the one sizing rule, src/galaxy/work-units.ts), or a fixed pixel count when the settings name one. The
// caller's `produce` builds each unit's payload (and adds it to Helia) between two transactions; a crash in
// between just produces the same content again next time. Each unit also carries up to `ringersPerUnit` known
// pixels of its galaxy, and its payload is blinded (pixel-map.ts, docs/work-lifecycle.md#ringers): the plan says in
// which order and under which labels the producer writes the pixels, and the unit's row keeps that map.
import { groupAreas, unitPixelLimit } from '../../galaxy/work-units.js'
import { MAX_UNIT_PIXELS } from '../../work/limits.js'
import { InvalidSettingsError } from '../store/errors.js'
import { statement } from '../store/statements.js'
import { unpackPixels } from './galaxies.js'
import { markCompleteIfDone } from './galaxy-status.js'
import { blindPixels, packPixelMap, type MappedPixel } from './pixel-map.js'
import { pairKey } from './locality.js'
import { chooseRingers } from './ringers.js'
import type { LifecycleContext } from './context.js'

/** The areas of one unit to be, handed to `produce`. */
export interface UnitPlan {
  unitId: string
  galaxy: { id: number, name: string, bands: string[], redshift: number, metadata: Record<string, unknown> }
  areas: Array<{ index: number, x0: number, x1: number, y0: number, y1: number, pixels: Array<[number, number]> }>
  /** The unit's real pixels (its areas'), what credit and progress count; ringers come on top. */
  pixels: number
  /** The payload's pixels in payload order: each real pixel or ringer under its label (the payload's x; y and area
   * are 0). */
  payload: MappedPixel[]
  /** Estimated CPU seconds per pixel on one core; absent when no PixelCost was given (fixed pixels per unit). */
  secondsPerPixel?: number
}

/** Estimated CPU seconds per pixel of a galaxy's fit on one core (src/fit/cost-model.ts): the caller knows the
 * galaxy's library pair and bands. */
export type PixelCost = (galaxy: UnitPlan['galaxy']) => Promise<number> | number

/** What producing a unit gives: its payload's CID and, when known, the payload's filter count (its catalogue rows)
 * and the CIDs of the library pair it is fitted with (what locality scheduling matches volunteers by). */
export interface ProducedUnit { payloadCid: string, filters?: number, libraries?: string[] }

/** Builds a unit's payload and returns its CID. */
export type ProduceUnit = (plan: UnitPlan) => Promise<ProducedUnit> | ProducedUnit

/** Unsent instances: what the feeder still has to hand out. */
export function unsentCount (ctx: LifecycleContext): number {
  return (statement(ctx.db, 'SELECT coalesce(sum(needed), 0) AS n FROM work_units WHERE needed > 0').get() as { n: number }).n
}

interface GalaxyRow { id: number, name: string, bands: string, redshift: number, metadata: string, priority: number }
interface AreaRow { id: number, area_index: number, x0: number, x1: number, y0: number, y1: number, pixels: Buffer, viable_pixels: number }

/** The next unit to cut, or undefined when no galaxy has areas left. Marks exhausted galaxies `generated`. */
async function nextPlan (ctx: LifecycleContext, pixelCost: PixelCost | undefined): Promise<{ plan: UnitPlan, areaIds: number[], priority: number, bands: number } | undefined> {
  const { db, settings } = ctx
  while (true) {
    const g = statement(db, `SELECT id, name, bands, redshift, metadata, priority FROM galaxies
      WHERE status IN ('queued', 'generating') ORDER BY priority DESC, arrival, id LIMIT 1`).get() as GalaxyRow | undefined
    if (g === undefined) return undefined
    const uncut = statement(db, 'SELECT 1 FROM areas WHERE galaxy_id = ? AND unit_id IS NULL LIMIT 1').get(g.id)
    if (uncut === undefined) {
      db.transaction(() => {
        statement(db, `UPDATE galaxies SET status = 'generated' WHERE id = ?`).run(g.id)
        markCompleteIfDone(db, g.id)
      })()
      continue
    }
    const bands = JSON.parse(g.bands) as string[]
    const galaxy = { id: g.id, name: g.name, bands, redshift: g.redshift, metadata: JSON.parse(g.metadata) as Record<string, unknown> }
    if (pixelCost === undefined && settings.pixelsPerUnit === undefined) {
      throw new InvalidSettingsError('units are sized by the cost of a pixel: give fillQueue a PixelCost, or set pixelsPerUnit')
    }
    // Only this (single) caller cuts areas, so the galaxy's uncut areas are still there after the await.
    const secondsPerPixel = pixelCost === undefined ? undefined : await pixelCost(galaxy)
    // Ringers come on top of the unit's pixels: room for them under the size every role accepts.
    const limit = Math.max(1, Math.min(MAX_UNIT_PIXELS - settings.ringersPerUnit,
      unitPixelLimit({ targetCpuSeconds: settings.targetCpuSeconds, secondsPerPixel, pixelsPerUnit: settings.pixelsPerUnit })))
    const rows = statement(db, `SELECT id, area_index, x0, x1, y0, y1, pixels, viable_pixels FROM areas
      WHERE galaxy_id = ? AND unit_id IS NULL ORDER BY area_index`).iterate(g.id) as IterableIterator<AreaRow>
    let areas: AreaRow[] = []
    // The first group only: leaving the loop closes the statement.
    for (const group of groupAreas(rows, limit, (a) => a.viable_pixels)) {
      areas = group
      break
    }
    if (areas.length === 0) continue
    const planned = areas.map((a) => ({ index: a.area_index, x0: a.x0, x1: a.x1, y0: a.y0, y1: a.y1, pixels: unpackPixels(a.pixels) }))
    const real = planned.flatMap((a) => a.pixels.map(([x, y]) => ({ x, y, area: a.index, ringer: false })))
    // A ringer's area is not kept (0): nothing maps it back.
    const ringers = chooseRingers(db, g.id, settings.ringersPerUnit, new Set(real.map((p) => `${p.x},${p.y}`)))
      .map((r) => ({ ...r, area: 0, ringer: true }))
    return {
      plan: {
        unitId: `g${g.id}a${areas[0].area_index}`,
        galaxy,
        areas: planned,
        pixels: areas.reduce((n, a) => n + a.viable_pixels, 0),
        payload: blindPixels([...real, ...ringers]),
        ...(secondsPerPixel !== undefined ? { secondsPerPixel } : {})
      },
      areaIds: areas.map((a) => a.id),
      priority: g.priority,
      bands: bands.length
    }
  }
}

/**
 * Tops the queue up: if fewer than `queueLowWater` instances are unsent, cuts units until `queueTarget` are
 * (or the galaxies run out). Units are sized by `pixelCost` (InvalidSettingsError without one unless the settings
 * fix pixelsPerUnit). Returns the ids of the units created. Not reentrant: one caller at a time.
 */
export async function fillQueue (ctx: LifecycleContext, produce: ProduceUnit, now: () => number, pixelCost?: PixelCost): Promise<string[]> {
  const { db, settings } = ctx
  const created: string[] = []
  let unsent = unsentCount(ctx)
  if (unsent >= settings.queueLowWater) return created
  while (unsent < settings.queueTarget) {
    const next = await nextPlan(ctx, pixelCost)
    if (next === undefined) break
    const { payloadCid, filters, libraries } = await produce(next.plan)
    const made = db.transaction(() => {
      // Someone (a previous run before a crash) may have cut these areas meanwhile: then skip.
      const taken = statement(db, 'SELECT 1 FROM areas WHERE id = ? AND unit_id IS NOT NULL')
      if (next.areaIds.some((id) => taken.get(id) !== undefined)) return false
      const { seq } = statement(db, 'SELECT coalesce(max(seq), 0) + 1 AS seq FROM work_units').get() as { seq: number }
      statement(db, `INSERT INTO work_units (id, galaxy_id, seq, priority, payload_cid, pixels, bands, filters, state, target, needed, created, pixel_seconds, pixel_map, libraries)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unsent', ?, ?, ?, ?, ?, ?)`).run(next.plan.unitId, next.plan.galaxy.id, seq, next.priority, payloadCid,
        next.plan.pixels, next.bands, filters ?? null, settings.replication, settings.replication, now(), next.plan.secondsPerPixel ?? null,
        packPixelMap(next.plan.payload), libraries === undefined ? null : pairKey(libraries))
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
