// The dashboard's read-only queries on the coordinator's database. Every list takes a limit and an offset (the
// handlers cap both), so no request reads an unbounded number of rows; per-galaxy queries use the tables' indexes
// on galaxy_id. No writes here.
import { decayedAverage } from '../coordinator/credit/recent-average.js'
import { peerIdOfKey } from '../coordinator/service/peers.js'
import { statement } from '../coordinator/store/statements.js'
import type { Db } from '../coordinator/store/open-database.js'

/** A page of a list: `limit` rows from `offset`, in the list's order. */
export interface Page {
  limit: number
  offset: number
}

/** A galaxy as lists show it. */
export interface GalaxySummary {
  id: number
  name: string
  status: string
  redshift: number
  bands: string[]
  width: number | null
  height: number | null
  ra: number | null
  dec: number | null
  areas: number
  /** Viable pixels (what is to be fitted). */
  pixels: number
  /** Pixels assimilated so far. */
  assimilated: number
  /** Work units per state (unsent, in_progress, returned, verified, assimilated, abandoned). */
  units: Record<string, number>
}

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

/** A galaxy's work units per state. */
export function galaxyUnitStates (db: Db, galaxyId: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of statement(db, 'SELECT state, count(*) AS n FROM work_units WHERE galaxy_id = ? GROUP BY state').all(galaxyId) as Array<{ state: string, n: number }>) {
    out[r.state] = r.n
  }
  return out
}

/** A galaxy's verification state: verdicts recorded (agreeing or not) and results by validity. */
export function galaxyVerification (db: Db, galaxyId: number): { verdicts: { agree: number, disagree: number }, results: Record<string, number> } {
  const v = statement(db, `SELECT coalesce(sum(v.agree), 0) AS agree, count(*) - coalesce(sum(v.agree), 0) AS disagree
    FROM verdicts v JOIN work_units u ON u.id = v.unit_id WHERE u.galaxy_id = ?`).get(galaxyId) as { agree: number, disagree: number }
  const results: Record<string, number> = {}
  for (const r of statement(db, `SELECT r.validity, count(*) AS n FROM results r JOIN instances i ON i.id = r.instance_id
    JOIN work_units u ON u.id = i.unit_id WHERE u.galaxy_id = ? GROUP BY r.validity`).all(galaxyId) as Array<{ validity: string, n: number }>) {
    results[r.validity] = r.n
  }
  return { verdicts: v, results }
}

/** An area with its unit's state and the volunteers whose results for it were valid. */
export interface AreaState {
  index: number
  x0: number
  x1: number
  y0: number
  y1: number
  pixels: number
  unitId: string | null
  state: string
  /** Peer ids of the volunteers whose results were judged valid. */
  volunteers: string[]
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

/** A volunteer as the rankings show it. */
export interface VolunteerLine {
  rank: number
  peerId: string
  /** Self-asserted (peer-supplied) name and team. */
  name: string | null
  team: string | null
  total: number
  recentAverage: number
  firstSeen: number
}

/** A page of volunteers ranked by total credit, recent averages decayed to `now`. */
export function rankVolunteers (db: Db, page: Page, now: number, halfLifeMs: number): { total: number, volunteers: VolunteerLine[] } {
  const { n } = statement(db, 'SELECT count(*) AS n FROM volunteers').get() as { n: number }
  const rows = statement(db, `SELECT key, name, team, total_credit, recent_credit, recent_time, first_seen FROM volunteers
    ORDER BY total_credit DESC, key LIMIT ? OFFSET ?`).all(page.limit, page.offset) as
    Array<{ key: Buffer, name: string | null, team: string | null, total_credit: number, recent_credit: number, recent_time: number, first_seen: number }>
  return {
    total: n,
    volunteers: rows.map((r, k) => ({
      rank: page.offset + k + 1,
      peerId: peerIdOfKey(r.key),
      name: r.name,
      team: r.team,
      total: r.total_credit,
      recentAverage: decayedAverage({ average: r.recent_credit, time: r.recent_time }, now, halfLifeMs),
      firstSeen: r.first_seen
    }))
  }
}

/** A team as the rankings show it. */
export interface TeamLine {
  rank: number
  name: string
  total: number
  recentAverage: number
  members: number
}

/** A page of teams ranked by total credit. */
export function rankTeams (db: Db, page: Page, now: number, halfLifeMs: number): { total: number, teams: TeamLine[] } {
  const { n } = statement(db, 'SELECT count(*) AS n FROM teams').get() as { n: number }
  const rows = statement(db, `SELECT t.name, t.total_credit, t.recent_credit, t.recent_time,
    (SELECT count(*) FROM volunteers v WHERE v.team = t.name) AS members FROM teams t ORDER BY t.total_credit DESC, t.name LIMIT ? OFFSET ?`)
    .all(page.limit, page.offset) as Array<{ name: string, total_credit: number, recent_credit: number, recent_time: number, members: number }>
  return {
    total: n,
    teams: rows.map((r, k) => ({
      rank: page.offset + k + 1,
      name: r.name,
      total: r.total_credit,
      recentAverage: decayedAverage({ average: r.recent_credit, time: r.recent_time }, now, halfLifeMs),
      members: r.members
    }))
  }
}

/** Claimed names of volunteers by peer id, for the peers list (only those asked). */
export function volunteerNames (db: Db, keys: Uint8Array[]): Map<string, string | null> {
  const q = statement(db, 'SELECT name FROM volunteers WHERE key = ?')
  const out = new Map<string, string | null>()
  for (const k of keys) {
    const r = q.get(k) as { name: string | null } | undefined
    if (r !== undefined) out.set(peerIdOfKey(k), r.name)
  }
  return out
}

/** Mirrors that signed a receipt for each CID. */
export function receiptCounts (db: Db, cids: string[]): Map<string, number> {
  const q = statement(db, 'SELECT count(*) AS n FROM mirror_receipts WHERE cid = ?')
  return new Map(cids.map((c) => [c, (q.get(c) as { n: number }).n]))
}

/** A recorded archive with its receipts. */
export interface ArchiveLine {
  galaxyId: number
  galaxy: string
  cid: string
  created: number
  mirrors: number
}

/** A page of archives, newest first. */
export function listArchives (db: Db, page: Page): { total: number, archives: ArchiveLine[] } {
  const { n } = statement(db, 'SELECT count(*) AS n FROM archives').get() as { n: number }
  const rows = statement(db, `SELECT a.galaxy_id AS galaxyId, g.name AS galaxy, a.cid, a.created,
    (SELECT count(*) FROM mirror_receipts m WHERE m.cid = a.cid) AS mirrors
    FROM archives a JOIN galaxies g ON g.id = a.galaxy_id ORDER BY a.created DESC, a.galaxy_id LIMIT ? OFFSET ?`).all(page.limit, page.offset) as ArchiveLine[]
  return { total: n, archives: rows }
}

/** Project-wide counts for the front page. */
export function projectCounts (db: Db): { galaxies: number, volunteers: number, teams: number, pixels: number, units: Record<string, number>, credit: number } {
  const one = (sql: string): number => (statement(db, sql).get() as { n: number }).n
  const units: Record<string, number> = {}
  for (const r of statement(db, 'SELECT state, count(*) AS n FROM work_units GROUP BY state').all() as Array<{ state: string, n: number }>) units[r.state] = r.n
  return {
    galaxies: one('SELECT count(*) AS n FROM galaxies'),
    volunteers: one('SELECT count(*) AS n FROM volunteers'),
    teams: one('SELECT count(*) AS n FROM teams'),
    pixels: one('SELECT count(*) AS n FROM pixel_results'),
    units,
    credit: one('SELECT coalesce(sum(total_credit), 0) AS n FROM volunteers')
  }
}

/** Assimilated pixels' summaries after `afterRowid` (in row order), for incremental map building. */
export function pixelSummariesSince (db: Db, galaxyId: number, afterRowid: number): Array<{ rowid: number, x: number, y: number, summary: Buffer }> {
  return statement(db, 'SELECT rowid, x, y, summary FROM pixel_results WHERE galaxy_id = ? AND rowid > ? ORDER BY rowid')
    .all(galaxyId, afterRowid) as Array<{ rowid: number, x: number, y: number, summary: Buffer }>
}

/** The galaxy's size from its metadata, else the extent of its areas; undefined when neither is known. */
export function galaxyExtent (db: Db, g: Pick<GalaxySummary, 'id' | 'width' | 'height'>): { width: number, height: number } | undefined {
  if (g.width !== null && g.height !== null && g.width > 0 && g.height > 0) return { width: g.width, height: g.height }
  const r = statement(db, 'SELECT max(x1) AS w, max(y1) AS h FROM areas WHERE galaxy_id = ?').get(g.id) as { w: number | null, h: number | null }
  return r.w === null || r.h === null ? undefined : { width: r.w, height: r.h }
}

/** A galaxy's archive with its receipts, or undefined while it has none. */
export function galaxyArchive (db: Db, galaxyId: number): ArchiveLine | undefined {
  return statement(db, `SELECT a.galaxy_id AS galaxyId, g.name AS galaxy, a.cid, a.created,
    (SELECT count(*) FROM mirror_receipts m WHERE m.cid = a.cid) AS mirrors
    FROM archives a JOIN galaxies g ON g.id = a.galaxy_id WHERE a.galaxy_id = ?`).get(galaxyId) as ArchiveLine | undefined
}
