// Every volunteer and team of the coordinator's database as BOINC's export lists them. An export is a background
// job over whole tables (what statistics sites want), not a request: it reads all rows, once per interval.
import { createHash } from 'node:crypto'
import { decayedAverage } from '../credit/recent-average.js'
import { peerIdOfKey } from '../service/peers.js'
import type { Db } from '../store/open-database.js'
import type { BoincTeam, BoincUser } from './boinc-xml.js'

/**
 * A volunteer's cross-project id: the first 32 hex digits of SHA-256 over its ed25519 public key. The key is the
 * volunteer across pogs projects (as BOINC's cpid is across BOINC projects), and the hash does not reveal it.
 */
export function crossProjectId (key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

/** Users and teams with credit decayed to `now` (expavg_time = now for everyone who ever had credit). */
export function exportRows (db: Db, now: number, halfLifeMs: number): { users: BoincUser[], teams: BoincTeam[] } {
  const teamRows = db.prepare('SELECT rowid AS id, name, total_credit, recent_credit, recent_time FROM teams ORDER BY rowid').all() as
    Array<{ id: number, name: string, total_credit: number, recent_credit: number, recent_time: number }>
  const teamIds = new Map(teamRows.map((t) => [t.name, t.id]))
  const volunteerRows = db.prepare('SELECT rowid AS id, key, name, team, total_credit, recent_credit, recent_time, first_seen FROM volunteers ORDER BY rowid').all() as
    Array<{ id: number, key: Buffer, name: string | null, team: string | null, total_credit: number, recent_credit: number, recent_time: number, first_seen: number }>
  const nowS = now / 1000
  const users: BoincUser[] = volunteerRows.map((v) => ({
    id: v.id,
    // An unnamed volunteer is its peer id (what the dashboard shows for it too).
    name: v.name ?? peerIdOfKey(v.key),
    createTime: v.first_seen / 1000,
    totalCredit: v.total_credit,
    expavgCredit: decayedAverage({ average: v.recent_credit, time: v.recent_time }, now, halfLifeMs),
    expavgTime: v.recent_time === 0 ? 0 : nowS,
    cpid: crossProjectId(v.key),
    teamId: v.team === null ? 0 : teamIds.get(v.team) ?? 0
  }))
  const byTeam = new Map<number, BoincUser[]>()
  for (const u of users) {
    if (u.teamId === 0) continue
    const list = byTeam.get(u.teamId)
    if (list === undefined) byTeam.set(u.teamId, [u])
    else list.push(u)
  }
  const teams: BoincTeam[] = teamRows.map((t) => {
    const members = byTeam.get(t.id) ?? []
    return {
      id: t.id,
      name: t.name,
      userId: members[0]?.id ?? 0,
      totalCredit: t.total_credit,
      expavgCredit: decayedAverage({ average: t.recent_credit, time: t.recent_time }, now, halfLifeMs),
      expavgTime: t.recent_time === 0 ? 0 : nowS,
      createTime: members.reduce((m, u) => Math.min(m, u.createTime), nowS),
      nusers: members.length
    }
  })
  return { users, teams }
}
