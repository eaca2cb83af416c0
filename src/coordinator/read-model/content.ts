// The project's content as the read model shows it: archives with how many mirrors signed receipts for each,
// receipts per CID, and the project-wide counts. Lists are paged (callers cap the page). No writes here.
import type { Db } from '../store/open-database.js'
import { statement } from '../store/statements.js'
import type { ArchiveLine, Page, ProjectCounts } from './views.js'

/** Mirrors that signed a receipt for each CID. */
export function receiptCounts (db: Db, cids: readonly string[]): Map<string, number> {
  const q = statement(db, 'SELECT count(*) AS n FROM mirror_receipts WHERE cid = ?')
  return new Map(cids.map((c) => [c, (q.get(c) as { n: number }).n]))
}

/** A page of archives, newest first. */
export function listArchives (db: Db, page: Page): { total: number, archives: ArchiveLine[] } {
  const { n } = statement(db, 'SELECT count(*) AS n FROM archives').get() as { n: number }
  const rows = statement(db, `SELECT a.galaxy_id AS galaxyId, g.name AS galaxy, a.cid, a.created,
    (SELECT count(*) FROM mirror_receipts m WHERE m.cid = a.cid) AS mirrors
    FROM archives a JOIN galaxies g ON g.id = a.galaxy_id ORDER BY a.created DESC, a.galaxy_id LIMIT ? OFFSET ?`).all(page.limit, page.offset) as ArchiveLine[]
  return { total: n, archives: rows }
}

/** A galaxy's archive with its receipts, or undefined while it has none. */
export function galaxyArchive (db: Db, galaxyId: number): ArchiveLine | undefined {
  return statement(db, `SELECT a.galaxy_id AS galaxyId, g.name AS galaxy, a.cid, a.created,
    (SELECT count(*) FROM mirror_receipts m WHERE m.cid = a.cid) AS mirrors
    FROM archives a JOIN galaxies g ON g.id = a.galaxy_id WHERE a.galaxy_id = ?`).get(galaxyId) as ArchiveLine | undefined
}

/** Project-wide counts for the front page. */
export function projectCounts (db: Db): ProjectCounts {
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
