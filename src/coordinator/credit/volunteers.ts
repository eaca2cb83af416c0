// Volunteers and teams. A volunteer is its key; its name and team are claims it signs (self-asserted, as in
// BOINC), so a claim changes only the labels, never the credit already earned by the key.
import { statement } from '../store/statements.js'
import type { Db } from '../store/open-database.js'
import { decayedAverage } from './recent-average.js'

/** Creates the volunteer's row on first contact. */
export function ensureVolunteer (db: Db, key: Uint8Array, now: number): void {
  statement(db, 'INSERT OR IGNORE INTO volunteers (key, first_seen) VALUES (?, ?)').run(key, now)
}

/** Records a volunteer's claimed name and team (null: none); creates the team on first mention. */
export function claimIdentity (db: Db, key: Uint8Array, claim: { name: string | null, team: string | null }, now: number): void {
  ensureVolunteer(db, key, now)
  if (claim.team !== null) statement(db, 'INSERT OR IGNORE INTO teams (name) VALUES (?)').run(claim.team)
  statement(db, 'UPDATE volunteers SET name = ?, team = ? WHERE key = ?').run(claim.name, claim.team, key)
}

/** One line of a credit table. */
export interface CreditLine {
  total: number
  /** Recent average credit per day, decayed to the time asked. */
  recentAverage: number
}

/** Volunteers by total credit (highest first). */
export function volunteerCredit (db: Db, now: number, halfLifeMs: number): Array<CreditLine & { key: Buffer, name: string | null, team: string | null }> {
  const rows = statement(db, 'SELECT key, name, team, total_credit, recent_credit, recent_time FROM volunteers ORDER BY total_credit DESC, key')
    .all() as Array<{ key: Buffer, name: string | null, team: string | null, total_credit: number, recent_credit: number, recent_time: number }>
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    team: r.team,
    total: r.total_credit,
    recentAverage: decayedAverage({ average: r.recent_credit, time: r.recent_time }, now, halfLifeMs)
  }))
}

/** Teams by total credit (highest first). */
export function teamCredit (db: Db, now: number, halfLifeMs: number): Array<CreditLine & { name: string }> {
  const rows = statement(db, 'SELECT name, total_credit, recent_credit, recent_time FROM teams ORDER BY total_credit DESC, name')
    .all() as Array<{ name: string, total_credit: number, recent_credit: number, recent_time: number }>
  return rows.map((r) => ({
    name: r.name,
    total: r.total_credit,
    recentAverage: decayedAverage({ average: r.recent_credit, time: r.recent_time }, now, halfLifeMs)
  }))
}
