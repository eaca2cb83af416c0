// What the dashboard reads, as narrow as it can be: the coordinator's read model (galaxies, maps, credit, content,
// peers as plain views; the coordinator owns its schema), the galaxies' band images, their archive files and the
// latest statistics export the coordinator published. The coordinator's running service supplies them
// (dashboard.ts); tests pass a read model over an in-memory store.
import type { ReadModel } from '../coordinator/read-model/index.js'
import type { StatsExportInfo } from '../coordinator/stats/index.js'

/** A band image set of a registered galaxy (fluxes in Jy, pixel (x, y) at x + width y). */
export interface GalaxyImages {
  width: number
  height: number
  bands: string[]
  flux: Float64Array[]
}

/** The dashboard's dependencies. */
export interface DashboardComponents {
  /** The coordinator's state, read-only. */
  readModel: ReadModel
  /** The project key (the coordinator's peer id). */
  project: string
  /** A galaxy's band images, or undefined when its file is not readable. */
  images: (galaxyId: number) => GalaxyImages | undefined
  /** The archive recorded for a galaxy: its CID and file on this machine, or undefined when it has none. */
  archive: (galaxyId: number) => { cid: string, path: string } | undefined
  /** The latest statistics export, if any. */
  latestExport: () => StatsExportInfo | undefined
}
