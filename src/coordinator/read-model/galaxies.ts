// Galaxies as the read model shows them: the list, one galaxy with its units per state, its verification state,
// its areas with who computed them, its extent, and its assimilated pixels' summaries for maps. Every list takes a
// limit and an offset (callers cap both); per-galaxy queries use the tables' indexes on galaxy_id. No writes here.
import { peerIdOfKey } from '../service/peers.js'
import type { Db } from '../store/open-database.js'
import { statement } from '../store/statements.js'
import type { AreaState, GalaxyExtent, GalaxySummary, GalaxyVerification, Page, PixelSummary } from './views.js'

interface GalaxyRow { id: number, name: string, status: string, redshift: number, bands: string, metadata: string }

function numberOrNull (v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function summarize (db: Db, r: GalaxyRow): GalaxySummary {
  const meta = JSON.parse(r.metadata) as Record<string, unknown>
  const areas = statement(db, 'SELECT count(*) AS n, coalesce(sum(viable_pixels), 0) AS pixels FROM areas WHERE galaxy_id = ?').get(r.id) as { n: number, pixels: number }
  const done = statement(db, 'SELECT count(*) AS n FROM pixel_results WHERE galaxy_id = ?').get(r.id) as { n: number }
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    redshift: r.redshift,
    bands: JSON.parse(r.bands) as string[],
    width: numberOrNull(meta.width),
    height: numberOrNull(meta.height),
    ra: numberOrNull(meta.ra),
    dec: numberOrNull(meta.dec),
    submitter: typeof meta.submitter === 'string' ? meta.submitter : null,
    areas: areas.n,
    pixels: areas.pixels,
    assimilated: done.n,
    units: galaxyUnitStates(db, r.id)
  }
}

/** Galaxies in arrival order, a page of them, and how many there are. */
export function listGalaxies (db: Db, page: Page): { total: number, galaxies: GalaxySummary[] } {
  const { n } = statement(db, 'SELECT count(*) AS n FROM galaxies').get() as { n: number }
  const rows = statement(db, 'SELECT id, name, status, redshift, bands, metadata FROM galaxies ORDER BY arrival, id LIMIT ? OFFSET ?')
    .all(page.limit, page.offset) as GalaxyRow[]
  return { total: n, galaxies: rows.map((r) => summarize(db, r)) }
}

/** One galaxy, or undefined. */
export function galaxySummary (db: Db, id: number): GalaxySummary | undefined {
  const r = statement(db, 'SELECT id, name, status, redshift, bands, metadata FROM galaxies WHERE id = ?').get(id) as GalaxyRow | undefined
  return r === undefined ? undefined : summarize(db, r)
}

/** The id of the galaxy registered as `name`, or null. */
export function galaxyIdByName (db: Db, name: string): number | null {
  const r = statement(db, 'SELECT id FROM galaxies WHERE name = ?').get(name) as { id: number } | undefined
  return r?.id ?? null
}

/** A galaxy's work units per state. */
export function galaxyUnitStates (db: Db, galaxyId: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of statement(db, 'SELECT state, count(*) AS n FROM work_units WHERE galaxy_id = ? GROUP BY state').all(galaxyId) as Array<{ state: string, n: number }>) {
    out[r.state] = r.n
  }
  return out
}

/** A galaxy's verification state: verdicts recorded (agreeing or not) and results by validity. */
export function galaxyVerification (db: Db, galaxyId: number): GalaxyVerification {
  const v = statement(db, `SELECT coalesce(sum(v.agree), 0) AS agree, count(*) - coalesce(sum(v.agree), 0) AS disagree
    FROM verdicts v JOIN work_units u ON u.id = v.unit_id WHERE u.galaxy_id = ?`).get(galaxyId) as { agree: number, disagree: number }
  const results: Record<string, number> = {}
  for (const r of statement(db, `SELECT r.validity, count(*) AS n FROM results r JOIN instances i ON i.id = r.instance_id
    JOIN work_units u ON u.id = i.unit_id WHERE u.galaxy_id = ? GROUP BY r.validity`).all(galaxyId) as Array<{ validity: string, n: number }>) {
    results[r.validity] = r.n
  }
  return { verdicts: v, results }
}

/** A page of a galaxy's areas in index order. */
export function galaxyAreaStates (db: Db, galaxyId: number, page: Page): { total: number, areas: AreaState[] } {
  const { n } = statement(db, 'SELECT count(*) AS n FROM areas WHERE galaxy_id = ?').get(galaxyId) as { n: number }
  const rows = statement(db, `SELECT a.area_index AS idx, a.x0, a.x1, a.y0, a.y1, a.viable_pixels AS pixels, a.unit_id AS unitId, u.state
    FROM areas a LEFT JOIN work_units u ON u.id = a.unit_id WHERE a.galaxy_id = ? ORDER BY a.area_index LIMIT ? OFFSET ?`)
    .all(galaxyId, page.limit, page.offset) as Array<{ idx: number, x0: number, x1: number, y0: number, y1: number, pixels: number, unitId: string | null, state: string | null }>
  const valid = statement(db, `SELECT i.volunteer FROM instances i JOIN results r ON r.instance_id = i.id
    WHERE i.unit_id = ? AND r.validity = 'valid' ORDER BY i.id`)
  const byUnit = new Map<string, string[]>()
  const areas = rows.map((r) => {
    let volunteers: string[] = []
    if (r.unitId !== null) {
      volunteers = byUnit.get(r.unitId) ?? (valid.all(r.unitId) as Array<{ volunteer: Buffer }>).map((v) => peerIdOfKey(v.volunteer))
      byUnit.set(r.unitId, volunteers)
    }
    return { index: r.idx, x0: r.x0, x1: r.x1, y0: r.y0, y1: r.y1, pixels: r.pixels, unitId: r.unitId, state: r.state ?? 'uncut', volunteers }
  })
  return { total: n, areas }
}

/** The galaxy's size from its metadata, else the extent of its areas; undefined when neither is known. */
export function galaxyExtent (db: Db, g: Pick<GalaxySummary, 'id' | 'width' | 'height'>): GalaxyExtent | undefined {
  if (g.width !== null && g.height !== null && g.width > 0 && g.height > 0) return { width: g.width, height: g.height }
  const r = statement(db, 'SELECT max(x1) AS w, max(y1) AS h FROM areas WHERE galaxy_id = ?').get(g.id) as { w: number | null, h: number | null }
  return r.w === null || r.h === null ? undefined : { width: r.w, height: r.h }
}

/** Assimilated pixels' summaries after `afterRowid` (in row order), for incremental map building. */
export function pixelSummariesSince (db: Db, galaxyId: number, afterRowid: number): PixelSummary[] {
  return statement(db, 'SELECT rowid, x, y, summary FROM pixel_results WHERE galaxy_id = ? AND rowid > ? ORDER BY rowid')
    .all(galaxyId, afterRowid) as PixelSummary[]
}
