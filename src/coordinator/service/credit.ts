// The credit table as the coordinator shows it: volunteers by peer id (their keys' ids) with their claimed names
// and teams, and the teams.
import type { WorkStore } from '../lifecycle/index.js'
import type { CreditTable } from './events.js'
import { peerIdOfKey } from './peers.js'

/** Volunteers and teams by total credit, recent averages decayed to now. */
export function creditTable (store: Pick<WorkStore, 'volunteerCredit' | 'teamCredit'>): CreditTable {
  return {
    volunteers: store.volunteerCredit().map((v) => ({ peerId: peerIdOfKey(v.key), name: v.name, team: v.team, total: v.total, recentAverage: v.recentAverage })),
    teams: store.teamCredit().map((t) => ({ name: t.name, total: t.total, recentAverage: t.recentAverage }))
  }
}
