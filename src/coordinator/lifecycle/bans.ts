// Revocation (docs/work-lifecycle.md#revocation): a key proven to have lied (its result contradicted by a verifier
// quorum's recomputation, or content that does not match what it signed) is banned. Everything it ever returned is
// invalid and its credit is gone; every unit it held goes back to work without it, and a unit whose validation it
// took part in is validated again: its pixels leave the database (when assimilated) and its galaxy is archived anew.
// The ban list survives restarts (it is a table) and is what every later request of the key is refused with.
import { resetPartialArchive } from './partial-archives.js'
import { statement } from '../store/statements.js'
import { getUnit } from './units.js'
import { reevaluateUnit } from './transition.js'
import type { LifecycleContext } from './context.js'

/** Why a key is banned: a stable code (the detail says more, for people). */
export type BanReason = 'recompute_mismatch' | 'bad_result' | 'wrong_ringer'

/** A ban to record. */
export interface BanInput {
  key: Uint8Array
  reason: BanReason
  /** The evidence, for people: the instance and what was wrong. */
  detail: string
}

/** What a ban did. */
export interface BanOutcome {
  status: 'banned' | 'duplicate'
  /** Units that went back to work because of it (they had a live, pending or valid result of the key). */
  units: string[]
  /** Assimilated pixels that left the database to be computed again. */
  pixels: number
  /** Galaxies whose archive will be rebuilt. */
  galaxies: number[]
}

/** A recorded ban. */
export interface BanView {
  key: Buffer
  reason: BanReason
  detail: string
  network: string | null
  banned: number
  units: number
  pixels: number
}

interface HeldRow { id: string, unit_id: string, validity: string | null }

/** Bans `key` and revokes its work, in the caller's transaction or its own; a second ban of a key is a no-op. */
export function banKey (ctx: LifecycleContext, b: BanInput, now: number): BanOutcome {
  const { db } = ctx
  return db.transaction((): BanOutcome => {
    if (statement(db, 'SELECT 1 FROM bans WHERE key = ?').get(b.key) !== undefined) return { status: 'duplicate', units: [], pixels: 0, galaxies: [] }
    const held = statement(db, `SELECT i.id, i.unit_id, r.validity FROM instances i LEFT JOIN results r ON r.instance_id = i.id
      WHERE i.volunteer = ? AND i.outcome IN ('in_progress', 'success', 'timed_out') ORDER BY i.id`).all(b.key) as HeldRow[]
    // Revoked instances are errors that count against nothing (units.ts countInstances): the unit is not at fault.
    statement(db, `UPDATE instances SET outcome = 'error', error = 'revoked' WHERE volunteer = ? AND outcome IN ('in_progress', 'success', 'timed_out')`).run(b.key)
    statement(db, `UPDATE results SET validity = 'invalid', credit = 0 WHERE instance_id IN (SELECT id FROM instances WHERE volunteer = ?)`).run(b.key)
    revokeCredit(ctx, b.key)
    const outcome: BanOutcome = { status: 'banned', units: [], pixels: 0, galaxies: [] }
    const galaxies = new Set<number>()
    for (const h of held) {
      const u = getUnit(db, h.unit_id)
      if (u.state === 'abandoned') continue
      // Each disagreement the liar's result caused raised the unit's target by one (a result judged in three rounds
      // raised it three times): without it those replicas are not needed, so the target starts over at the
      // replication. The remaining results form a round as soon as they are enough, and should they still disagree,
      // the verifiers' disagreement raises the target again. (Lowering it by one per result left units wanting more
      // replicas than honest live keys could give: seen in the demo's Sybil run.)
      if (h.validity !== null) {
        statement(db, 'UPDATE work_units SET target = ? WHERE id = ?').run(ctx.settings.replication, u.id)
      }
      const settled = u.state === 'verified' || u.state === 'assimilated'
      // A validation the key took no part in (its result was outvoted, or came late) stands.
      if (settled && h.validity !== 'valid') continue
      if (settled) {
        // The quorum of replicas included a liar: the others' results wait for a new round with a fresh replica.
        statement(db, `UPDATE results SET validity = 'pending' WHERE validity = 'valid' AND instance_id IN (SELECT id FROM instances WHERE unit_id = ?)`).run(u.id)
        if (u.state === 'assimilated') {
          statement(db, 'DELETE FROM pixel_results WHERE unit_id = ?').run(u.id)
          outcome.pixels += u.pixels
          galaxies.add(u.galaxy_id)
        }
        statement(db, `UPDATE work_units SET state = 'in_progress', settled = NULL, assimilated = NULL WHERE id = ?`).run(u.id)
      } else if (u.state === 'returned') {
        // The round under way judges a set that held the key's result: a new round forms without it.
        statement(db, `UPDATE work_units SET state = 'in_progress' WHERE id = ?`).run(u.id)
      }
      reevaluateUnit(ctx, u.id, now)
      outcome.units.push(u.id)
    }
    // A galaxy that was complete is open again; its archive is written anew once it completes (recordArchive
    // replaces the record). Its detail counts as kept again, so that the new archive's receipts drop the new
    // pixels' histograms; the untouched pixels whose histograms were dropped are read back from the previous
    // archive, which the archives row names until the new record replaces it (archived-detail.ts).
    for (const g of galaxies) statement(db, `UPDATE galaxies SET status = 'generated', detail_dropped = 0 WHERE id = ? AND status IN ('complete', 'archived')`).run(g)
    // Its partial archive holds the pixels taken back: it is written again from what the database keeps.
    for (const g of galaxies) resetPartialArchive(ctx, g)
    outcome.galaxies = [...galaxies].sort((a, z) => a - z)
    const v = statement(db, 'SELECT first_network FROM volunteers WHERE key = ?').get(b.key) as { first_network: string | null } | undefined
    statement(db, 'INSERT INTO bans (key, reason, detail, network, banned, units, pixels) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(b.key, b.reason, b.detail.slice(0, 1000), v?.first_network ?? null, now, outcome.units.length, outcome.pixels)
    return outcome
  })()
}

/** Sets the key's credit to nothing and takes it out of its team's. */
function revokeCredit (ctx: LifecycleContext, key: Uint8Array): void {
  const { db } = ctx
  const v = statement(db, 'SELECT total_credit, recent_credit, team FROM volunteers WHERE key = ?').get(key) as
    { total_credit: number, recent_credit: number, team: string | null } | undefined
  if (v === undefined) return
  statement(db, 'UPDATE volunteers SET total_credit = 0, recent_credit = 0 WHERE key = ?').run(key)
  if (v.team === null) return
  statement(db, 'UPDATE teams SET total_credit = max(0, total_credit - ?), recent_credit = max(0, recent_credit - ?) WHERE name = ?')
    .run(v.total_credit, v.recent_credit, v.team)
}

/** Every ban, oldest first. */
export function bans (ctx: LifecycleContext): BanView[] {
  return statement(ctx.db, 'SELECT key, reason, detail, network, banned, units, pixels FROM bans ORDER BY banned, key').all() as BanView[]
}

/** Whether the key is banned. */
export function isBanned (ctx: LifecycleContext, key: Uint8Array): boolean {
  return statement(ctx.db, 'SELECT 1 FROM bans WHERE key = ?').get(key) !== undefined
}
