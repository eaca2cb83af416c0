// What the dashboard reads, as narrow as it can be: the coordinator's database (read-only queries), its manifest,
// its connected peers, the galaxies' band images and the latest statistics export. The coordinator composes these
// from its running service (dashboard.ts); tests pass in-memory parts.
import type { Db } from '../coordinator/store/open-database.js'
import type { StatsExportInfo } from './stats/stats-export.js'

/** A band image set of a registered galaxy (fluxes in Jy, pixel (x, y) at x + width y). */
export interface GalaxyImages {
  width: number
  height: number
  bands: string[]
  flux: Float64Array[]
}

/** What the manifest says, for the content page. */
export interface ManifestView {
  sequence: number
  issuedMs: number
  verifiers: string[]
  mirrors: string[]
  libraries: Array<{ name: string, cid: string, size: number }>
}

/** A peer connected to the coordinator now. */
export interface ConnectedPeer {
  peerId: string
  direction: 'inbound' | 'outbound'
  /** ms since the epoch when the connection opened. */
  opened: number
}

/** The dashboard's dependencies. */
export interface DashboardComponents {
  db: Db
  /** The credit half-life (recent averages are decayed to now with it). */
  creditHalfLifeMs: number
  /** The project key (the coordinator's peer id). */
  project: string
  manifest: () => ManifestView
  peers: () => ConnectedPeer[]
  /** A galaxy's band images, or undefined when its file is not readable. */
  images: (galaxyId: number) => GalaxyImages | undefined
  /** The latest statistics export, if any. */
  latestExport: () => StatsExportInfo | undefined
  now?: () => number
}
