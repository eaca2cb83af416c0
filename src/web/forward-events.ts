// What the coordinator's events become on /api/events (docs/web.md, server-sent events): ids, codes and counts only.
// Peer-supplied text never goes out here (the only peer data are peer ids); clients fetch the escaped pages or the
// API for the rest.
import type { ReadModel } from '../coordinator/read-model/index.js'
import type { CoordinatorEmitter, CoordinatorEventName, CoordinatorEvents } from '../coordinator/service/events.js'
import type { SseHub } from './sse-hub.js'

/** Each forwarded event's body, by event name; events not listed are not forwarded. */
const FORWARDED: { [K in CoordinatorEventName]?: (e: CoordinatorEvents[K]) => Record<string, unknown> } = {
  'galaxy-added': (e) => ({ galaxyId: e.galaxyId, pixels: e.pixels, areas: e.areas }),
  'unit-created': (e) => ({ count: e.count }),
  result: (e) => ({ unitId: e.unitId, unitState: e.unitState }),
  verdict: (e) => ({ unitId: e.unitId, agree: e.agree, effect: e.effect }),
  assimilated: (e) => ({ unitId: e.unitId, pixels: e.pixels, unfitted: e.unfitted, galaxyComplete: e.galaxyComplete }),
  archived: (e) => ({ galaxyId: e.galaxyId, cid: e.cid, pixels: e.pixels }),
  receipt: (e) => ({ cid: e.cid, mirror: e.mirror }),
  abandoned: (e) => ({ unitId: e.unitId, reason: e.reason }),
  'detail-dropped': (e) => ({ galaxyId: e.galaxyId }),
  banned: (e) => ({ peer: e.peer, reason: e.reason, units: e.units, pixels: e.pixels }),
  starved: (e) => ({ count: e.units.length }),
  credit: (e) => ({ volunteers: e.volunteers.length, teams: e.teams.length }),
  'stats-exported': (e) => ({ cid: e.cid, created: e.created, users: e.users, teams: e.teams })
}

/** Broadcasts the forwarded events of `source` on `hub`; returns the unsubscribers. */
export function forwardEvents (source: Pick<CoordinatorEmitter, 'on'>, hub: Pick<SseHub, 'broadcast'>,
  readModel: Pick<ReadModel, 'galaxyIdByName'>): Array<() => void> {
  const unsubscribe: Array<() => void> = []
  for (const [name, map] of Object.entries(FORWARDED) as Array<[CoordinatorEventName, (e: unknown) => Record<string, unknown>]>) {
    unsubscribe.push(source.on(name, (e) => {
      const data = map(e)
      // `assimilated` names its galaxy; pages match on the id.
      if (name === 'assimilated') data.galaxyId = readModel.galaxyIdByName((e as CoordinatorEvents['assimilated']).galaxy)
      hub.broadcast(name, data)
    }))
  }
  return unsubscribe
}
