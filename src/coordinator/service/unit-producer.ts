// Work generation's payload step (the store's ProduceUnit): a unit's areas become a WorkUnit whose pixels are
// exactly the observations `pogs galaxy fit` builds for them (same catalogue with fit flags for the bands the galaxy
// has, same flux and sigma from pixelBands, same library pair: its run's, for its redshift), encoded and added to Helia; its CID is the
// assignment's payload. Only the rows of the unit's areas (and of its ringers) are read from the galaxy's layers
// file. The payload is blinded (docs/work-lifecycle.md#ringers): pixels in the plan's payload order, each named by
// its label (x = label, y = 0, area = 0), so neither coordinates nor order reveal ringers or where the unit lies;
// volunteers name their fits by these labels, and assimilation renames them to the real pixels.
import { pixelBands } from '../../galaxy/pixel-observation.js'
import { addBytes, type ContentHelia } from '../../net/content.js'
import { encodeWorkUnit, type UnitPixel, type WorkUnit } from '../../work/unit-payload.js'
import type { PixelCost, ProduceUnit, UnitPlan } from '../lifecycle/index.js'
import type { GalaxyLoader } from './galaxy-loader.js'
import type { ProjectRuns } from './runs.js'

/** What producing units needs. */
export interface UnitProducerComponents {
  helia: ContentHelia
  runs: ProjectRuns
  galaxies: GalaxyLoader
}

/** Builds the work unit of a plan (stating the plan's cost per pixel, when known). */
export function buildWorkUnit (c: Omit<UnitProducerComponents, 'helia'>, plan: UnitPlan): WorkUnit {
  // The unit's areas are consecutive, so the rows they span are few strips of the galaxy.
  const y0 = plan.areas.reduce((y, a) => Math.min(y, a.y0), Number.POSITIVE_INFINITY)
  const y1 = plan.areas.reduce((y, a) => Math.max(y, a.y1), 0)
  const { facts: g, rows } = c.galaxies.rows(plan.galaxy, Math.min(y0, y1), y1)
  const run = c.runs.of(plan.galaxy)
  const filters = run.catalogueFor(g.filters.map((f) => f.name))
  const pair = run.pairFor(g.redshift)
  // Ringers lie anywhere in the galaxy: their own row each (a few per unit).
  const bands = (x: number, y: number): ReturnType<typeof pixelBands> => y >= y0 && y < y1
    ? pixelBands(rows, filters, x, y)
    : pixelBands(c.galaxies.rows(plan.galaxy, y, y + 1).rows, filters, x, y)
  const pixels = plan.payload.map((p): UnitPixel => ({ x: p.label, y: 0, area: 0, ...bands(p.x, p.y) }))
  return {
    unitId: plan.unitId,
    galaxy: g.name,
    redshift: g.redshift,
    filters,
    optical: pair.optical,
    infrared: pair.infrared,
    pixels,
    ...(plan.secondsPerPixel !== undefined ? { estimatedPixelSeconds: plan.secondsPerPixel } : {})
  }
}

/**
 * The store's payload producer: builds, encodes and adds each unit, returning its CID. Not announced on the DHT:
 * its volunteers and verifiers fetch it over their connection to us (a provide per unit cost a DHT walk per unit).
 */
export function createUnitProducer (c: UnitProducerComponents): ProduceUnit {
  return async (plan) => {
    const unit = buildWorkUnit(c, plan)
    const cid = await addBytes(c.helia, encodeWorkUnit(unit), { provide: false })
    return { payloadCid: cid.toString(), filters: unit.filters.length, libraries: [unit.optical.cid, unit.infrared.cid] }
  }
}

/** The store's PixelCost: the cost model over the galaxy's library pair (the one its units name, of its run) and
 * the bands it has, so units are sized by what they cost (docs/galaxy.md#work-units). */
export function createPixelCost (runs: Pick<ProjectRuns, 'of'>): PixelCost {
  return async (g) => {
    const run = runs.of(g)
    return await run.secondsPerPixel(g.redshift, run.catalogueFor(g.bands))
  }
}
