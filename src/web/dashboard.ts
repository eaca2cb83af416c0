// The dashboard of a running coordinator (docs/web.md): the HTTP server with pages, JSON API and live events,
// composed from the coordinator service's read model, its events and the statistics export it publishes. Started
// after the service (it reads the open store), stopped before it.
import { join } from 'node:path'
import { readFilters, type FilterSpec } from '../fit/index.js'
import type { CoordinatorService } from '../coordinator/service/index.js'
import { GalaxyLoader } from '../coordinator/service/galaxy-loader.js'
import type { DashboardComponents, GalaxyImages } from './components.js'
import { forwardEvents } from './forward-events.js'
import { DashboardServer, type HttpAddress } from './http-server.js'
import { dashboardRoutes } from './routes.js'
import { addVolunteerRoutes } from './volunteer/volunteer-routes.js'
import { iceServersFor } from './volunteer/ice-servers.js'
import { relayWebSocketAddresses, webSocketAddresses } from './volunteer/ws-addresses.js'
import { SseHub } from './sse-hub.js'

export interface DashboardInit {
  /** Where to serve. */
  http: HttpAddress
  dataDir: string
  librariesDir: string
  /** STUN servers for the volunteer page (ice-servers.ts); default the network mode's. */
  iceServers?: string[]
  /** A request's handler failed (`task` is 'http'). */
  onError?: (task: string, err: unknown) => void
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
    let catalogue: FilterSpec[] | undefined
    const loader = new GalaxyLoader(init.dataDir, () => {
      catalogue ??= readFilters(join(init.librariesDir, 'filters.dat'))
      return catalogue
    })
    const components: DashboardComponents = {
      readModel,
      project: service.project,
      images: (galaxyId) => galaxyImages(loader, store, galaxyId),
      archive: (galaxyId) => store.archiveOf(galaxyId),
      latestExport: () => service.latestStatsExport()
    }
    const unsubscribe = forwardEvents(service, hub, readModel)
    // The browser volunteer's page dials this coordinator over WebSockets (docs/volunteer.md#in-a-browser-tab).
    const routes = addVolunteerRoutes(dashboardRoutes(components, hub), {
      project: service.project,
      bootstrap: () => webSocketAddresses(service.network.node.addrs()),
      // The seeds the coordinator is connected to: a page needs a relay slot for other pages to reach it.
      relays: async () => await relayWebSocketAddresses(service.network.node.libp2p),
      iceServers: init.iceServers ?? iceServersFor(service.network.node.policy.mode),
      dashboard: true
    })
    const server = new DashboardServer(routes, (err) => { onError('http', err) })
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
