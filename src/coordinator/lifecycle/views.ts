// Read-only views the coordinator service needs besides the lifecycle's own queries: an instance by id, the
// galaxy behind a unit, what a complete galaxy's archive is built from (areas, assimilated pixels, provenance per
// unit), and archives still short of mirror receipts. No writes here.
import type { ArchiveArea } from '../../archive/archive-input.js'
import { statement } from '../store/statements.js'
import { unpackPixels } from './galaxies.js'
import { ringerAnswers, unitPixelMap, type RingerAnswer } from './ringers.js'
import type { UnitOutline } from '../../work/unit-result.js'
import type { AbandonReason, InstanceRow, LifecycleContext, UnitState } from './context.js'

/** A galaxy's row, decoded. */
export interface GalaxyView {
  id: number
  name: string
  metadata: Record<string, unknown>
  priority: number
  status: 'queued' | 'generating' | 'generated' | 'complete' | 'archived'
  bands: string[]
  redshift: number
  detailDropped: boolean
}

interface GalaxyRow { id: number, name: string, metadata: string, priority: number, status: GalaxyView['status'], bands: string, redshift: number, detail_dropped: number }

function toView (r: GalaxyRow): GalaxyView {
  return {
    id: r.id,
    name: r.name,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    priority: r.priority,
    status: r.status,
    bands: JSON.parse(r.bands) as string[],
    redshift: r.redshift,
    detailDropped: r.detail_dropped === 1
  }
}

/** The instance's row, or undefined. */
export function findInstance (ctx: LifecycleContext, id: string): InstanceRow | undefined {
  return statement(ctx.db, 'SELECT * FROM instances WHERE id = ?').get(id) as InstanceRow | undefined
}

/** A galaxy by id, or undefined. */
export function galaxyById (ctx: LifecycleContext, id: number): GalaxyView | undefined {
  const r = statement(ctx.db, 'SELECT * FROM galaxies WHERE id = ?').get(id) as GalaxyRow | undefined
  return r === undefined ? undefined : toView(r)
}

/** Every galaxy, in arrival order. */
export function galaxies (ctx: LifecycleContext): GalaxyView[] {
  return (statement(ctx.db, 'SELECT * FROM galaxies ORDER BY arrival, id').all() as GalaxyRow[]).map(toView)
}

/** A unit with its galaxy. */
export interface UnitInfo {
  galaxy: GalaxyView
  pixels: number
  payloadCid: string
  state: UnitState
  round: number
  abandonReason: AbandonReason | null
  /** Estimated CPU seconds per pixel on one core; null when unknown (cut before costs were recorded). */
  pixelSeconds: number | null
}

/** A unit's galaxy, size, cost, state and round, or undefined for an unknown unit. */
export function unitInfo (ctx: LifecycleContext, unitId: string): UnitInfo | undefined {
  const u = statement(ctx.db, 'SELECT galaxy_id, pixels, payload_cid, state, round, abandon_reason, pixel_seconds FROM work_units WHERE id = ?').get(unitId) as
    { galaxy_id: number, pixels: number, payload_cid: string, state: UnitState, round: number, abandon_reason: AbandonReason | null, pixel_seconds: number | null } | undefined
  if (u === undefined) return undefined
  const galaxy = galaxyById(ctx, u.galaxy_id)
  if (galaxy === undefined) return undefined
  return {
    galaxy, pixels: u.pixels, payloadCid: u.payload_cid, state: u.state, round: u.round, abandonReason: u.abandon_reason, pixelSeconds: u.pixel_seconds
  }
}

/** A unit's outline as the coordinator checks results against it, with its ringers' known answers. */
export interface StoredOutline extends UnitOutline {
  /** The unit's ringers (payload positions) with their known answers; absent for a unit without. */
  ringers?: RingerAnswer[]
}

/**
 * What a unit's results are checked against, from the database: its galaxy's name, its payload's filter count and
 * its pixels in payload order as the payload names them: the blinded labels of its pixel map (x = label, y = 0), or
 * for a unit cut before maps its areas' pixels in area order. Undefined when the unit is unknown or was cut before
 * filter counts were recorded (its payload says).
 */
export function unitOutline (ctx: LifecycleContext, unitId: string): StoredOutline | undefined {
  const u = statement(ctx.db, `SELECT u.filters, u.galaxy_id, g.name FROM work_units u JOIN galaxies g ON g.id = u.galaxy_id
    WHERE u.id = ?`).get(unitId) as { filters: number | null, galaxy_id: number, name: string } | undefined
  if (u === undefined || u.filters === null) return undefined
  const map = unitPixelMap(ctx.db, unitId)
  if (map !== undefined) {
    const ringers = ringerAnswers(ctx.db, u.galaxy_id, map)
    return { unitId, galaxy: u.name, filterCount: u.filters, pixels: map.map((p) => ({ x: p.label, y: 0 })), ...(ringers.length > 0 ? { ringers } : {}) }
  }
  const areas = statement(ctx.db, 'SELECT pixels FROM areas WHERE unit_id = ? ORDER BY area_index').all(unitId) as Array<{ pixels: Buffer }>
  const pixels = areas.flatMap((a) => unpackPixels(a.pixels).map(([x, y]) => ({ x, y })))
  return { unitId, galaxy: u.name, filterCount: u.filters, pixels }
}

/** Galaxies whose every unit is settled and whose archive is not yet recorded. */
export function galaxiesToArchive (ctx: LifecycleContext): number[] {
  return (statement(ctx.db, `SELECT id FROM galaxies WHERE status = 'complete' ORDER BY id`).all() as Array<{ id: number }>).map((r) => r.id)
}

/** An area as registered, with the unit it went into (null while uncut). */
export interface AreaView {
  index: number
  x0: number
  x1: number
  y0: number
  y1: number
  pixels: Array<[number, number]>
  unitId: string | null
}

/** A galaxy's areas in index order. */
export function galaxyAreas (ctx: LifecycleContext, galaxyId: number): AreaView[] {
  return (statement(ctx.db, 'SELECT area_index, x0, x1, y0, y1, pixels, unit_id FROM areas WHERE galaxy_id = ? ORDER BY area_index').all(galaxyId) as
    Array<{ area_index: number, x0: number, x1: number, y0: number, y1: number, pixels: Buffer, unit_id: string | null }>)
    .map((a) => ({ index: a.area_index, x0: a.x0, x1: a.x1, y0: a.y0, y1: a.y1, pixels: unpackPixels(a.pixels), unitId: a.unit_id }))
}

/** One assimilated pixel's stored blobs (histograms null once dropped). */
export interface StoredPixel {
  x: number
  y: number
  unitId: string
  summary: Buffer
  histograms: Buffer | null
}

/** A galaxy's assimilated pixels, in (y, x) order. */
export function galaxyPixels (ctx: LifecycleContext, galaxyId: number): StoredPixel[] {
  return statement(ctx.db, 'SELECT x, y, unit_id AS unitId, summary, histograms FROM pixel_results WHERE galaxy_id = ? ORDER BY y, x')
    .all(galaxyId) as StoredPixel[]
}

/** An area as registered without its pixel list: its rectangle, how many viable pixels it holds (as the archive's
 * area table records it), its unit. */
export interface AreaRect extends ArchiveArea {
  unitId: string | null
}

/** A galaxy's areas in index order, without their pixel lists (what an archive's area table needs). */
export function galaxyAreaRects (ctx: LifecycleContext, galaxyId: number): AreaRect[] {
  return statement(ctx.db, `SELECT area_index AS "index", x0, x1, y0, y1, viable_pixels AS viablePixels, unit_id AS unitId FROM areas
    WHERE galaxy_id = ? ORDER BY area_index`).all(galaxyId) as AreaRect[]
}

/**
 * The assimilated pixels of at most `limit` areas of a galaxy from area `fromIndex` on, area by area, each area's
 * in its scan order (its registered pixel list): how an archive lists them, read a page of areas at a time.
 */
export function areaPixels (ctx: LifecycleContext, galaxyId: number, fromIndex: number, limit: number): Array<{ index: number, pixels: StoredPixel[] }> {
  const areas = statement(ctx.db, 'SELECT area_index, pixels FROM areas WHERE galaxy_id = ? AND area_index >= ? ORDER BY area_index LIMIT ?')
    .all(galaxyId, fromIndex, limit) as Array<{ area_index: number, pixels: Buffer }>
  const pixel = statement(ctx.db, 'SELECT x, y, unit_id AS unitId, summary, histograms FROM pixel_results WHERE galaxy_id = ? AND x = ? AND y = ?')
  return areas.map((a) => ({
    index: a.area_index,
    pixels: unpackPixels(a.pixels).flatMap(([x, y]) => {
      const p = pixel.get(galaxyId, x, y) as StoredPixel | undefined
      return p === undefined ? [] : [p]
    })
  }))
}

/** A galaxy's assimilated pixels whose histograms left the database (dropDetail), in (y, x) order. */
export function droppedPixels (ctx: LifecycleContext, galaxyId: number): StoredPixel[] {
  return statement(ctx.db, 'SELECT x, y, unit_id AS unitId, summary, histograms FROM pixel_results WHERE galaxy_id = ? AND histograms IS NULL ORDER BY y, x')
    .all(galaxyId) as StoredPixel[]
}

/** Who computed and who vouched for one unit of a galaxy. */
export interface UnitProvenance {
  unitId: string
  state: UnitState
  /** ms; null unless assimilated. */
  assimilated: number | null
  /** Valid results: the volunteer's key and the result's CID, in instance order. */
  valid: Array<{ volunteer: Buffer, resultCid: string }>
  /** Keys of the verifiers whose agreement on the valid set reached the quorum (the deciding round). */
  verifiers: Buffer[]
}

/** Provenance of every unit of a galaxy. */
export function galaxyProvenance (ctx: LifecycleContext, galaxyId: number): UnitProvenance[] {
  const { db, settings } = ctx
  const units = statement(db, 'SELECT id, state, round, assimilated FROM work_units WHERE galaxy_id = ? ORDER BY seq').all(galaxyId) as
    Array<{ id: string, state: UnitState, round: number, assimilated: number | null }>
  return units.map((u) => {
    const valid = statement(db, `SELECT i.volunteer, r.result_cid AS resultCid FROM instances i JOIN results r ON r.instance_id = i.id
      WHERE i.unit_id = ? AND r.validity = 'valid' ORDER BY i.id`).all(u.id) as Array<{ volunteer: Buffer, resultCid: string }>
    const agreeing = statement(db, 'SELECT verifier, results FROM verdicts WHERE unit_id = ? AND round = ? AND agree = 1 ORDER BY verifier')
      .all(u.id, u.round) as Array<{ verifier: Buffer, results: string }>
    // The set that reached the quorum is the one most verifiers named (recordVerdict validated on it).
    const votes = new Map<string, Buffer[]>()
    for (const v of agreeing) votes.set(v.results, [...(votes.get(v.results) ?? []), v.verifier])
    let verifiers: Buffer[] = []
    for (const keys of votes.values()) if (keys.length > verifiers.length) verifiers = keys
    if (verifiers.length < settings.verifierQuorum) verifiers = []
    return { unitId: u.id, state: u.state, assimilated: u.assimilated, valid, verifiers }
  })
}

/** A recorded archive with the mirrors that signed receipts for it. */
export interface ArchiveView {
  galaxyId: number
  galaxy: string
  cid: string
  path: string
  record: Buffer
  created: number
  mirrors: Buffer[]
}

/** Every recorded archive, oldest first. */
export function archives (ctx: LifecycleContext): ArchiveView[] {
  const rows = statement(ctx.db, `SELECT a.galaxy_id AS galaxyId, g.name AS galaxy, a.cid, a.path, a.record, a.created
    FROM archives a JOIN galaxies g ON g.id = a.galaxy_id ORDER BY a.created, a.galaxy_id`).all() as Array<Omit<ArchiveView, 'mirrors'>>
  const receipts = statement(ctx.db, 'SELECT mirror FROM mirror_receipts WHERE cid = ? ORDER BY mirror')
  return rows.map((r) => ({ ...r, mirrors: (receipts.all(r.cid) as Array<{ mirror: Buffer }>).map((m) => m.mirror) }))
}

/** Archives with fewer receipts than `mirrors` (some named mirror has not confirmed yet). */
export function archivesShortOfReceipts (ctx: LifecycleContext, mirrors: number): ArchiveView[] {
  if (mirrors === 0) return []
  const short = new Set((statement(ctx.db, `SELECT a.galaxy_id AS id FROM archives a
    WHERE (SELECT count(*) FROM mirror_receipts m WHERE m.cid = a.cid) < ?`).all(mirrors) as Array<{ id: number }>).map((r) => r.id))
  return archives(ctx).filter((a) => short.has(a.galaxyId))
}
