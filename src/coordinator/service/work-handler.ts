// /pogs/work/1.0.0: a volunteer (the request's verified signer) asks for work. The store hands out instances,
// reissues and extra instances first; each carries its derived nonce, deadline (longer for a costly unit), payload
// CID, the CIDs of the library pair it is fitted with and an estimate of its CPU time. A repeated request (same
// envelope id) gets the same instances back. A request from a pogs older than the project accepts is refused
// (ERR_VERSION_TOO_OLD, nothing assigned); the request's fitting-core version goes to the store, which keeps a
// unit's replicas on one core version. The request's network (request-network.ts) and announced cores go to the
// store, which keeps a unit's replicas on different networks and a key within its in-flight cap.
import { CID } from 'multiformats/cid'
import type { Assignment } from '../../net/messages/index.js'
import type { RequestHandler } from '../../net/request-response.js'
import { requireVersion } from '../../util/app-version.js'
import type { WorkStore } from '../lifecycle/index.js'
import type { CoordinatorEmitter } from './events.js'
import type { ProjectRuns } from './runs.js'
import type { Nonces } from './nonces.js'
import { networkOf, type NetworkGrouping } from './request-network.js'

/** What the work handler needs. */
export interface WorkHandlerComponents {
  store: Pick<WorkStore, 'assignWork' | 'unsentCount' | 'unitInfo'>
  nonces: Nonces
  runs: ProjectRuns
  /** Tops the queue up (single-flight). */
  generate: () => Promise<void>
  events: CoordinatorEmitter
  /** Seconds to tell a volunteer to wait when nothing is available. */
  retryAfterS: number
  /** The lowest pogs version the project accepts (the manifest's). */
  minAppVersion: string
  /** How requests are grouped into networks for replica diversity. */
  grouping: NetworkGrouping
}

/** The uint32 the wire carries for estimated_cpu_s. */
const MAX_ESTIMATE_S = 0xffffffff

export function createWorkHandler (c: WorkHandlerComponents): RequestHandler<'work'> {
  return async (req, ctx) => {
    requireVersion(c.minAppVersion, req.appVersion, 'the volunteer\'s pogs')
    // An empty queue may only mean generation has not caught up (a galaxy just arrived): let it, once.
    if (c.store.unsentCount() === 0) await c.generate()
    const given = c.store.assignWork({
      volunteer: ctx.envelope.publicKey,
      requestId: Buffer.from(ctx.envelope.id).toString('hex'),
      maxUnits: req.maxUnits,
      coreVersion: req.coreVersion,
      cores: Math.max(1, req.cores),
      network: networkOf(ctx.remoteAddr, ctx.peer, c.grouping),
      libraries: req.libraries.map(String)
    })
    void c.generate()
    if (given.length === 0) return { units: [], retryAfterS: c.retryAfterS }
    const units = await Promise.all(given.map(async (a): Promise<Assignment> => {
      const info = c.store.unitInfo(a.unitId)
      if (info === undefined) throw new Error(`unit ${a.unitId} vanished`)
      const run = c.runs.of(info.galaxy)
      const pair = run.pairFor(info.galaxy.redshift)
      // The unit's recorded estimate (the one its payload states); units cut before estimates were recorded are
      // estimated now.
      const estimate = a.estimatedCpuSeconds ??
        a.pixels * await run.secondsPerPixel(info.galaxy.redshift, run.catalogueFor(info.galaxy.bands))
      return {
        unitId: a.unitId,
        instanceId: a.instanceId,
        nonce: c.nonces.nonceFor(a.instanceId),
        deadlineMs: a.deadline,
        payloadCid: CID.parse(a.payloadCid),
        libraryCids: [CID.parse(pair.optical.cid), CID.parse(pair.infrared.cid)],
        estimatedCpuS: Math.min(MAX_ESTIMATE_S, Math.max(1, Math.ceil(estimate)))
      }
    }))
    c.events.emit('assigned', { peer: ctx.peer.toString(), units: units.map((u) => u.instanceId) })
    return { units, retryAfterS: 0 }
  }
}
