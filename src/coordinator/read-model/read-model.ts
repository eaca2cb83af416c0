// The coordinator's state as plain view objects, for readers outside the coordinator (the dashboard): a thin
// facade over the read-only queries (galaxies.ts, credit.ts, content.ts, trust.ts), the network views (network.ts)
// and the starved units the service found at its last deadline check. The coordinator owns its schema; readers
// depend on the ReadModel interface, never on its tables.
import type { CoordinatorNetwork } from '../../net/coordinator-network.js'
import type { Db } from '../store/open-database.js'
import { volunteerCredit, volunteerNames, rankTeams, rankVolunteers } from './credit.js'
import { galaxyArchive, listArchives, projectCounts, receiptCounts } from './content.js'
import { connectedPeers, manifestView } from './network.js'
import { listBans } from './trust.js'
import {
  galaxyAreaStates, galaxyExtent, galaxyIdByName, galaxySummary, galaxyVerification, listGalaxies, pixelSummariesSince
} from './galaxies.js'
import type {
  AreaState, ArchiveLine, BanLine, ConnectedPeer, GalaxyExtent, GalaxySummary, GalaxyVerification, ManifestView, Page,
  PixelSummary, ProjectCounts, StarvedView, TeamLine, VolunteerLine
} from './views.js'

/** What a reader may ask the coordinator. Lists take a page (the caller bounds it) and answer with their total. */
export interface ReadModel {
  /** Project-wide counts: galaxies, volunteers, teams, pixels fitted, units per state, credit. */
  projectCounts: () => ProjectCounts
  /** Galaxies in arrival order. */
  galaxies: (page: Page) => { total: number, galaxies: GalaxySummary[] }
  /** One galaxy, or undefined. */
  galaxy: (id: number) => GalaxySummary | undefined
  /** The id of the galaxy registered as `name` (events name galaxies), or null. */
  galaxyIdByName: (name: string) => number | null
  /** Verdicts and results of a galaxy's units. */
  galaxyVerification: (galaxyId: number) => GalaxyVerification
  /** A galaxy's areas in index order, with their units' states and the volunteers whose results were valid. */
  galaxyAreas: (galaxyId: number, page: Page) => { total: number, areas: AreaState[] }
  /** A galaxy's size from its metadata, else its areas' extent; undefined when neither is known. */
  galaxyExtent: (g: Pick<GalaxySummary, 'id' | 'width' | 'height'>) => GalaxyExtent | undefined
  /** A galaxy's archive with its receipts, or undefined while it has none. */
  galaxyArchive: (galaxyId: number) => ArchiveLine | undefined
  /** Pixels assimilated after `afterRowid` (0: all), in assimilation order, for maps built incrementally. */
  pixelSummariesSince: (galaxyId: number, afterRowid: number) => PixelSummary[]
  /** Volunteers by total credit, recent averages decayed to now. */
  volunteers: (page: Page) => { total: number, volunteers: VolunteerLine[] }
  /** One volunteer's credit line (without its rank), or undefined before the key earned any. */
  volunteer: (peerId: string) => Omit<VolunteerLine, 'rank'> | undefined
  /** Teams by total credit, recent averages decayed to now. */
  teams: (page: Page) => { total: number, teams: TeamLine[] }
  /** Claimed names of the volunteers among these peer ids (peers that are not volunteers are absent). */
  volunteerNames: (peerIds: readonly string[]) => Map<string, string | null>
  /** Archives, newest first, with their receipts. */
  archives: (page: Page) => { total: number, archives: ArchiveLine[] }
  /** Mirrors that signed a receipt for each CID. */
  receiptCounts: (cids: readonly string[]) => Map<string, number>
  /** The manifest now published. */
  manifest: () => ManifestView
  /** Peers connected now. */
  peers: () => ConnectedPeer[]
  /** Keys banned for having lied, newest first (docs/work-lifecycle.md#revocation). */
  bans: (page: Page) => { total: number, bans: BanLine[] }
  /** How many units no live key may replicate, and the first `limit` of their ids (docs/work-lifecycle.md#starved). */
  starved: (limit: number) => StarvedView
}

/** What the read model reads: the store's connection and credit half-life, a clock, the network's views. */
export interface ReadModelComponents {
  db: Db
  /** Recent averages are decayed to now with it. */
  creditHalfLifeMs: number
  /** ms since the epoch (default Date.now). */
  now?: () => number
  manifest: () => ManifestView
  peers: () => ConnectedPeer[]
  /** Ids of the units starved at the last deadline check, in queue order (default: none; only a running
   * coordinator checks). */
  starved?: () => readonly string[]
}

/** The read model over a coordinator's open store and running network. */
export class CoordinatorReadModel implements ReadModel {
  private readonly db: Db
  private readonly now: () => number

  constructor (private readonly c: ReadModelComponents) {
    this.db = c.db
    this.now = c.now ?? Date.now
  }

  projectCounts (): ProjectCounts { return projectCounts(this.db) }
  galaxies (page: Page): { total: number, galaxies: GalaxySummary[] } { return listGalaxies(this.db, page) }
  galaxy (id: number): GalaxySummary | undefined { return galaxySummary(this.db, id) }
  galaxyIdByName (name: string): number | null { return galaxyIdByName(this.db, name) }
  galaxyVerification (galaxyId: number): GalaxyVerification { return galaxyVerification(this.db, galaxyId) }
  galaxyAreas (galaxyId: number, page: Page): { total: number, areas: AreaState[] } { return galaxyAreaStates(this.db, galaxyId, page) }
  galaxyExtent (g: Pick<GalaxySummary, 'id' | 'width' | 'height'>): GalaxyExtent | undefined { return galaxyExtent(this.db, g) }
  galaxyArchive (galaxyId: number): ArchiveLine | undefined { return galaxyArchive(this.db, galaxyId) }
  pixelSummariesSince (galaxyId: number, afterRowid: number): PixelSummary[] { return pixelSummariesSince(this.db, galaxyId, afterRowid) }
  volunteers (page: Page): { total: number, volunteers: VolunteerLine[] } { return rankVolunteers(this.db, page, this.now(), this.c.creditHalfLifeMs) }
  volunteer (peerId: string): Omit<VolunteerLine, 'rank'> | undefined { return volunteerCredit(this.db, peerId, this.now(), this.c.creditHalfLifeMs) }
  teams (page: Page): { total: number, teams: TeamLine[] } { return rankTeams(this.db, page, this.now(), this.c.creditHalfLifeMs) }
  volunteerNames (peerIds: readonly string[]): Map<string, string | null> { return volunteerNames(this.db, peerIds) }
  archives (page: Page): { total: number, archives: ArchiveLine[] } { return listArchives(this.db, page) }
  receiptCounts (cids: readonly string[]): Map<string, number> { return receiptCounts(this.db, cids) }
  manifest (): ManifestView { return this.c.manifest() }
  peers (): ConnectedPeer[] { return this.c.peers() }
  bans (page: Page): { total: number, bans: BanLine[] } { return listBans(this.db, page) }
  starved (limit: number): StarvedView {
    const ids = this.c.starved?.() ?? []
    return { count: ids.length, units: ids.slice(0, limit) }
  }
}

/**
 * The read model of a running coordinator: its store's tables and credit half-life, its clock, its network, and
 * the units its last deadline check found starved (`starved`, e.g. `() => service.starvedUnits()`).
 */
export function serviceReadModel (store: { db: Db, settings: { creditHalfLifeMs: number } }, net: Pick<CoordinatorNetwork, 'manifest' | 'node'>,
  starved: () => readonly string[], now?: () => number): CoordinatorReadModel {
  return new CoordinatorReadModel({
    db: store.db,
    creditHalfLifeMs: store.settings.creditHalfLifeMs,
    ...(now !== undefined ? { now } : {}),
    manifest: () => manifestView(net.manifest),
    peers: () => connectedPeers(net.node.libp2p),
    starved
  })
}
