// A complete galaxy's archive, built from the database the way `pogs galaxy fit` builds it locally: the same galaxy
// facts and FITS header (as registration parsed them, from the galaxy's layers file: no pixel is read), the library
// catalogue as filters, the areas as registered, every assimilated pixel's full fit (unfitted pixels absent), and
// per area the network's provenance: the volunteers whose results were valid, those results' CIDs, the verifiers
// that signed agreement, and when the area's unit was assimilated. The head (all but the pixels) is built whole;
// the pixels are read a page of areas at a time and handed on one by one (archiver.ts writes them as they come),
// so memory does not grow with the galaxy. Pixels whose histograms left the database (a galaxy reopened by a ban
// after its archive's receipts) get them back from the previous archive (archived-detail.ts), read before any
// pixel: an archive is never written without them.
import { basename } from 'node:path'
import { galaxyArchiveFields, signalToNoiseRule, type AreaProvenance, type ArchiveHead, type ArchivePixel } from '../../archive/archive-input.js'
import { appVersion } from '../../util/app-version.js'
import { UnknownGalaxyError, type WorkStore } from '../lifecycle/index.js'
import { droppedDetailFits, type ArchivedDetailComponents } from './archived-detail.js'
import type { GalaxyLoader } from './galaxy-loader.js'
import type { ProjectRuns } from './runs.js'
import { peerIdOfKey } from './peers.js'
import { storedFit } from './pixel-records.js'

/** Areas read from the store at a time: a few hundred areas' pixels (~15 each) in memory. */
const AREA_PAGE = 256

/** What building an archive's input needs. */
export interface ArchiveInputComponents extends ArchivedDetailComponents {
  store: ArchivedDetailComponents['store'] & Pick<WorkStore, 'galaxy' | 'galaxyAreaRects' | 'areaPixels' | 'droppedPixels' | 'galaxyProvenance'>
  runs: ProjectRuns
  galaxies: GalaxyLoader
  now: () => number
}

/** A registered galaxy's archive: its head, and its pixels in the order `pogs galaxy fit` lists them. */
export interface StoredArchive {
  head: ArchiveHead
  /** The assimilated pixels area by area, each area's in scan order, read from the store as they are consumed. */
  pixels: () => Generator<ArchivePixel>
}

/** The archive of a registered galaxy from what the store holds now. DetailUnavailableError when dropped
 * histograms cannot be read back. */
export async function storedArchive (c: ArchiveInputComponents, galaxyId: number): Promise<StoredArchive> {
  const view = c.store.galaxy(galaxyId)
  if (view === undefined) throw new UnknownGalaxyError(galaxyId)
  const g = c.galaxies.facts(view)
  const run = c.runs.of(view)
  const catalogue = run.catalogueFor(g.filters.map((f) => f.name))
  const pair = run.pairFor(g.redshift)
  const areaRows = c.store.galaxyAreaRects(galaxyId)
  const restored = await droppedDetailFits(c, galaxyId, c.store.droppedPixels(galaxyId))
  const byUnit = new Map(c.store.galaxyProvenance(galaxyId).map((u) => [u.unitId, u]))
  const provenance = areaRows.map((a): AreaProvenance => {
    const u = a.unitId === null ? undefined : byUnit.get(a.unitId)
    const done = u?.state === 'assimilated'
    return {
      area: a.index,
      volunteers: done ? [...new Set(u.valid.map((r) => peerIdOfKey(r.volunteer)))] : [],
      resultCids: done ? [...new Set(u.valid.map((r) => r.resultCid))] : [],
      verifierKeys: done ? u.verifiers.map((k) => peerIdOfKey(k)) : [],
      assimilatedAt: done && u.assimilated !== null ? u.assimilated / 1000 : Number.NaN
    }
  })
  const created = c.now()
  const libraries = [[pair.files.optical, pair.optical.cid], [pair.files.infrared, pair.infrared.cid]]
  const digests = await Promise.all(libraries.map(async ([path]) => await run.sha256(path)))
  const head: ArchiveHead = {
    ...galaxyArchiveFields(g, catalogue),
    areas: areaRows.map(({ index, x0, x1, y0, y1, viablePixels }) => ({ index, x0, x1, y0, y1, viablePixels })),
    provenance,
    run: {
      software: 'pogs',
      version: appVersion(),
      created: new Date(created).toISOString(),
      libraries: libraries.map(([path, cid], k) => ({ name: basename(path), redshift: pair.files.redshift, sha256: digests[k], cid })),
      signalToNoise: signalToNoiseRule(g)
    }
  }
  function * pixels (): Generator<ArchivePixel> {
    let from = 0
    for (;;) {
      const page = c.store.areaPixels(galaxyId, from, AREA_PAGE)
      for (const a of page) {
        for (const p of a.pixels) yield { x: p.x, y: p.y, area: a.index, fit: restored.get(`${p.x},${p.y}`) ?? storedFit(p) }
        from = a.index + 1
      }
      if (page.length < AREA_PAGE) return
    }
  }
  return { head, pixels }
}
