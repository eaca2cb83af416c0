// The dashboard of a running coordinator (issue 7, design section 9): the HTTP server with pages, JSON API and
// live events, and the statistics exporter, composed from the coordinator service's read-only views. Started
// after the service (it reads the open store), stopped before it.
import { join } from 'node:path'
import { readFilters, type FilterSpec } from '../fit/index.js'
import type { CoordinatorService } from '../coordinator/service/index.js'
import type { CoordinatorEventName, CoordinatorEvents } from '../coordinator/service/events.js'
import { GalaxyLoader } from '../coordinator/service/galaxy-loader.js'
import { statement } from '../coordinator/store/statements.js'
import type { ConnectedPeer, DashboardComponents, GalaxyImages, ManifestView } from './components.js'
import { DashboardServer, type HttpAddress } from './http-server.js'
import { dashboardRoutes } from './routes.js'
import { SseHub } from './sse-hub.js'
import { StatsExporter } from './stats/stats-exporter.js'
import type { StatsExportInfo } from './stats/stats-export.js'

export interface DashboardInit {
  /** Where to serve; undefined: no HTTP server (the statistics export still runs). */
  http?: HttpAddress
  dataDir: string
  librariesDir: string
  /** ms between statistics exports (default 6 h). */
  statsIntervalMs?: number
  /** An export was written, signed and added. */
  onExported?: (info: StatsExportInfo) => void
  /** Something failed in the background (an export, a request's handler). */
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
  credit: (e) => ({ volunteers: e.volunteers.length, teams: e.teams.length })
}

/** A running dashboard. */
export class Dashboard {
  private constructor (
    /** The URL served, or undefined without an HTTP server. */
    readonly url: string | undefined,
    private readonly server: DashboardServer | undefined,
    private readonly hub: SseHub,
    private readonly exporter: StatsExporter,
    private readonly unsubscribe: Array<() => void>
  ) {}

  /** The latest statistics export. */
  latestExport (): StatsExportInfo | undefined { return this.exporter.latest() }

  /** Runs a statistics export now (tests; the timer runs them every interval). */
  async exportNow (): Promise<StatsExportInfo | undefined> { return await this.exporter.exportNow() }

  /**
   * Starts the exporter and, with `init.http`, the server. A server that cannot listen (the port is taken) throws
   * after the exporter was stopped again.
   */
  static async start (service: CoordinatorService, init: DashboardInit): Promise<Dashboard> {
    const onError = init.onError ?? (() => {})
    const store = service.store
    const node = service.network.node
    const hub = new SseHub()
    const unsubscribe: Array<() => void> = []
    const exporter = new StatsExporter({
      db: store.db,
      helia: node.helia,
      privateKey: node.identity.privateKey,
      project: service.project,
      creditHalfLifeMs: store.settings.creditHalfLifeMs,
      dataDir: init.dataDir
    }, {
      intervalMs: init.statsIntervalMs,
      onExported: (info) => {
        hub.broadcast('stats-exported', { cid: info.cid, created: info.created, users: info.users, teams: info.teams })
        init.onExported?.(info)
      },
      onError: (err) => { onError('stats-export', err) }
    })
    let catalogue: FilterSpec[] | undefined
    const loader = new GalaxyLoader(init.dataDir, () => {
      catalogue ??= readFilters(join(init.librariesDir, 'filters.dat'))
      return catalogue
    })
    const components: DashboardComponents = {
      db: store.db,
      creditHalfLifeMs: store.settings.creditHalfLifeMs,
      project: service.project,
      manifest: () => manifestView(service),
      peers: () => connectedPeers(service),
      images: (galaxyId) => galaxyImages(loader, store, galaxyId),
      latestExport: () => exporter.latest()
    }
    for (const [name, map] of Object.entries(FORWARDED) as Array<[CoordinatorEventName, (e: unknown) => Record<string, unknown>]>) {
      unsubscribe.push(service.on(name, (e) => {
        const data = map(e)
        // `assimilated` names its galaxy; pages match on the id.
        if (name === 'assimilated') data.galaxyId = galaxyIdByName(store.db, (e as CoordinatorEvents['assimilated']).galaxy)
        hub.broadcast(name, data)
      }))
    }
    await exporter.start()
    let server: DashboardServer | undefined
    let url: string | undefined
    if (init.http !== undefined) {
      server = new DashboardServer(dashboardRoutes(components, hub), (err) => { onError('http', err) })
      try {
        url = await server.start(init.http)
      } catch (err) {
        for (const u of unsubscribe) u()
        hub.close()
        await exporter.stop()
        throw err
      }
    }
    return new Dashboard(url, server, hub, exporter, unsubscribe)
  }

  /** Stops serving and exporting (call before stopping the coordinator service). */
  async stop (): Promise<void> {
    for (const u of this.unsubscribe) u()
    this.hub.close()
    await this.server?.stop()
    await this.exporter.stop()
  }
}

function galaxyIdByName (db: DashboardComponents['db'], name: string): number | null {
  const r = statement(db, 'SELECT id FROM galaxies WHERE name = ?').get(name) as { id: number } | undefined
  return r?.id ?? null
}

function manifestView (service: CoordinatorService): ManifestView {
  const m = service.manifest
  return {
    sequence: m.sequence,
    issuedMs: m.issuedMs,
    verifiers: m.verifiers,
    mirrors: m.mirrors,
    libraries: m.libraries.map((l) => ({ name: l.name, cid: l.cid.toString(), size: l.size }))
  }
}

function connectedPeers (service: CoordinatorService): ConnectedPeer[] {
  const seen = new Map<string, ConnectedPeer>()
  for (const c of service.network.node.libp2p.getConnections()) {
    const id = c.remotePeer.toString()
    const prior = seen.get(id)
    if (prior === undefined || c.timeline.open < prior.opened) seen.set(id, { peerId: id, direction: c.direction, opened: c.timeline.open })
  }
  return [...seen.values()]
}

function galaxyImages (loader: GalaxyLoader, store: CoordinatorService['store'], galaxyId: number): GalaxyImages | undefined {
  const g = store.galaxy(galaxyId)
  if (g === undefined) return undefined
  try {
    const galaxy = loader.load(g)
    return { width: galaxy.width, height: galaxy.height, bands: galaxy.filters.map((f) => f.name), flux: galaxy.flux }
  } catch {
    return undefined
  }
}
