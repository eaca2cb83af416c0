// Archives and mirror receipts. Once R mirrors (settings.mirrorReceipts) have signed that they pin a galaxy's
// archive, its per-pixel histograms are safe elsewhere and may leave the database.
import { statement } from '../store/statements.js'
import { UnknownGalaxyError } from '../store/errors.js'
import type { LifecycleContext } from './context.js'

/** Records a complete galaxy's archive (its CID, local path and signed record); a repeat overwrites nothing. */
export function recordArchive (ctx: LifecycleContext, galaxyId: number, a: { cid: string, path: string, record: Uint8Array }, now: number): 'accepted' | 'duplicate' {
  const { db } = ctx
  return db.transaction(() => {
    const g = statement(db, 'SELECT status FROM galaxies WHERE id = ?').get(galaxyId) as { status: string } | undefined
    if (g === undefined) throw new UnknownGalaxyError(galaxyId)
    // A galaxy reopened by a ban (bans.ts) is archived anew: its new record replaces the old one; the same archive
    // again is a no-op.
    const r = statement(db, `INSERT INTO archives (galaxy_id, cid, path, record, created) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (galaxy_id) DO UPDATE SET cid = excluded.cid, path = excluded.path, record = excluded.record, created = excluded.created
      WHERE archives.cid <> excluded.cid`).run(galaxyId, a.cid, a.path, a.record, now)
    statement(db, `UPDATE galaxies SET status = 'archived' WHERE id = ?`).run(galaxyId)
    // The partial archive became this archive.
    statement(db, 'DELETE FROM partial_archives WHERE galaxy_id = ?').run(galaxyId)
    return r.changes === 1 ? 'accepted' : 'duplicate'
  })()
}

/** Records a mirror's signed pin receipt for some content; a repeat is a no-op. */
export function recordReceipt (ctx: LifecycleContext, r: { cid: string, mirror: Uint8Array, signature: Uint8Array }, now: number): 'accepted' | 'duplicate' {
  const res = statement(ctx.db, 'INSERT OR IGNORE INTO mirror_receipts (cid, mirror, signature, received) VALUES (?, ?, ?, ?)')
    .run(r.cid, r.mirror, r.signature, now)
  return res.changes === 1 ? 'accepted' : 'duplicate'
}

/** The archive recorded for a galaxy (a reopened galaxy's previous one until its new record replaces it). */
export function archiveOf (ctx: LifecycleContext, galaxyId: number): { cid: string, path: string } | undefined {
  return statement(ctx.db, 'SELECT cid, path FROM archives WHERE galaxy_id = ?').get(galaxyId) as { cid: string, path: string } | undefined
}

/** Archived galaxies whose archive has at least R receipts and whose histograms are still in the database. A galaxy
 * reopened by a ban is not archived: its previous archive's receipts do not cover the pixels computed again. */
export function droppableDetail (ctx: LifecycleContext): number[] {
  return (statement(ctx.db, `SELECT g.id FROM galaxies g JOIN archives a ON a.galaxy_id = g.id
    WHERE g.detail_dropped = 0 AND g.status = 'archived' AND (SELECT count(*) FROM mirror_receipts m WHERE m.cid = a.cid) >= ? ORDER BY g.id`)
    .all(ctx.settings.mirrorReceipts) as Array<{ id: number }>).map((r) => r.id)
}

/** Drops the per-pixel histograms of every droppable galaxy, one transaction each; returns their ids. */
export function dropDetail (ctx: LifecycleContext): number[] {
  const ids = droppableDetail(ctx)
  for (const id of ids) {
    ctx.db.transaction(() => {
      statement(ctx.db, 'UPDATE pixel_results SET histograms = NULL WHERE galaxy_id = ?').run(id)
      statement(ctx.db, 'UPDATE galaxies SET detail_dropped = 1 WHERE id = ?').run(id)
    })()
  }
  return ids
}
