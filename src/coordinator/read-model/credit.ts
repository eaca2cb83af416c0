// Volunteers and teams as the rankings show them (by total credit, recent averages decayed to the time asked),
// and the claimed names of connected peers. Lists are paged (callers cap the page). No writes here.
import { peerIdFromString } from '@libp2p/peer-id'
import { decayedAverage } from '../credit/recent-average.js'
import { peerIdOfKey } from '../service/peers.js'
import type { Db } from '../store/open-database.js'
import { statement } from '../store/statements.js'
import type { Page, TeamLine, VolunteerLine } from './views.js'

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

/** One volunteer's credit, or undefined when the key has none yet (or `peerId` names no key). */
export function volunteerCredit (db: Db, peerId: string, now: number, halfLifeMs: number): Omit<VolunteerLine, 'rank'> | undefined {
  let key: Uint8Array | undefined
  try {
    key = peerIdFromString(peerId).publicKey?.raw
  } catch {
    return undefined
  }
  if (key === undefined) return undefined
  const r = statement(db, 'SELECT name, team, total_credit, recent_credit, recent_time, first_seen FROM volunteers WHERE key = ?').get(key) as
    { name: string | null, team: string | null, total_credit: number, recent_credit: number, recent_time: number, first_seen: number } | undefined
  if (r === undefined) return undefined
  return {
    peerId: peerIdOfKey(key),
    name: r.name,
    team: r.team,
    total: r.total_credit,
    recentAverage: decayedAverage({ average: r.recent_credit, time: r.recent_time }, now, halfLifeMs),
    firstSeen: r.first_seen
  }
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

/**
 * Claimed names of the volunteers among `peerIds`, by peer id (only those that are volunteers; a name may be
 * null). Peer ids that do not parse or embed no key are skipped.
 */
export function volunteerNames (db: Db, peerIds: readonly string[]): Map<string, string | null> {
  const q = statement(db, 'SELECT name FROM volunteers WHERE key = ?')
  const out = new Map<string, string | null>()
  for (const id of peerIds) {
    let key: Uint8Array | undefined
    try {
      key = peerIdFromString(id).publicKey?.raw
    } catch {
      continue
    }
    if (key === undefined) continue
    const r = q.get(key) as { name: string | null } | undefined
    if (r !== undefined) out.set(peerIdOfKey(key), r.name)
  }
  return out
}
