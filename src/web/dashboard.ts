// The dashboard of a running coordinator (docs/web.md): the HTTP server with pages, JSON API and live events,
// composed from the coordinator service's read model, its events and the statistics export it publishes. Started
// after the service (it reads the open store), stopped before it.
import { join } from 'node:path'
import { readFilters, type FilterSpec } from '../fit/index.js'
import type { CoordinatorService } from '../coordinator/service/index.js'
import type { CoordinatorEventName, CoordinatorEvents } from '../coordinator/service/events.js'
import { GalaxyLoader } from '../coordinator/service/galaxy-loader.js'
import type { DashboardComponents, GalaxyImages } from './components.js'
import { DashboardServer, type HttpAddress } from './http-server.js'
import { dashboardRoutes } from './routes.js'
import { SseHub } from './sse-hub.js'

export interface DashboardInit {
  /** Where to serve. */
  http: HttpAddress
  dataDir: string
  librariesDir: string
  /** A request's handler failed (`task` is 'http'). */
  onError?: (task: string, err: unknown) => void
}

/**
 * What each coordinator event becomes on /api/events: ids and counts only (peer-supplied text never goes out
 * here; clients fetch the escaped pages or the API).
 */
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
  credit: (e) => ({ volunteers: e.volunteers.length, teams: e.teams.length }),
  'stats-exported': (e) => ({ cid: e.cid, created: e.created, users: e.users, teams: e.teams })
}

/** A running dashboard. */
export class Dashboard {
  private constructor (
    /** The URL served. */
    readonly url: string,
    private readonly server: DashboardServer,
    private readonly hub: SseHub,
    private readonly unsubscribe: Array<() => void>
  ) {}

  /**
   * Subscribes to the service's events and starts the server. A server that cannot listen (the port is taken)
   * throws after unsubscribing again.
   */
  static async start (service: CoordinatorService, init: DashboardInit): Promise<Dashboard> {
    const onError = init.onError ?? (() => {})
    const store = service.store
    const readModel = service.readModel
    const hub = new SseHub()
    const unsubscribe: Array<() => void> = []
    let catalogue: FilterSpec[] | undefined
    const loader = new GalaxyLoader(init.dataDir, () => {
      catalogue ??= readFilters(join(init.librariesDir, 'filters.dat'))
      return catalogue
    })
    const components: DashboardComponents = {
      readModel,
      project: service.project,
      images: (galaxyId) => galaxyImages(loader, store, galaxyId),
      latestExport: () => service.latestStatsExport()
    }
    for (const [name, map] of Object.entries(FORWARDED) as Array<[CoordinatorEventName, (e: unknown) => Record<string, unknown>]>) {
      unsubscribe.push(service.on(name, (e) => {
        const data = map(e)
        // `assimilated` names its galaxy; pages match on the id.
        if (name === 'assimilated') data.galaxyId = readModel.galaxyIdByName((e as CoordinatorEvents['assimilated']).galaxy)
        hub.broadcast(name, data)
      }))
    }
    const server = new DashboardServer(dashboardRoutes(components, hub), (err) => { onError('http', err) })
    let url: string
    try {
      url = await server.start(init.http)
    } catch (err) {
      for (const u of unsubscribe) u()
      hub.close()
      throw err
    }
    return new Dashboard(url, server, hub, unsubscribe)
  }

  /** Stops serving (call before stopping the coordinator service). */
  async stop (): Promise<void> {
    for (const u of this.unsubscribe) u()
    this.hub.close()
    await this.server.stop()
  }
}

function galaxyImages (loader: GalaxyLoader, store: CoordinatorService['store'], galaxyId: number): GalaxyImages | undefined {
  const g = store.galaxy(galaxyId)
  if (g === undefined) return undefined
  try {
    // From the galaxy's layers file (flux only), not its FITS: registration parsed that once.
    const { facts, flux } = loader.images(g)
    return { width: facts.width, height: facts.height, bands: facts.filters.map((f) => f.name), flux }
  } catch {
    return undefined
  }
}
