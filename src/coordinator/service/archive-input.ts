// A complete galaxy's archive input, built from the database the way `pogs galaxy fit` builds it locally: the same
// galaxy facts and FITS header (as registration parsed them, from the galaxy's layers file: no pixel is read), the
// library catalogue as filters, the areas as registered, every assimilated pixel's full fit (unfitted pixels
// absent), and per area the network's provenance: the volunteers whose results were valid, those results' CIDs, the
// verifiers that signed agreement, and when the area's unit was assimilated. Pixels whose histograms left the
// database (a galaxy reopened by a ban after its archive's receipts) get them back from the previous archive
// (archived-detail.ts): an archive is never written without them.
import { basename } from 'node:path'
import { galaxyArchiveFields, signalToNoiseRule, type AreaProvenance, type ArchivePixel, type GalaxyArchiveInput } from '../../archive/archive-input.js'
import { appVersion } from '../../util/app-version.js'
import { UnknownGalaxyError, type WorkStore } from '../lifecycle/index.js'
import { droppedDetailFits, type ArchivedDetailComponents } from './archived-detail.js'
import type { GalaxyLoader } from './galaxy-loader.js'
import type { ProjectRuns } from './runs.js'
import { peerIdOfKey } from './peers.js'
import { storedFit } from './pixel-records.js'

/** What building an archive's input needs. */
export interface ArchiveInputComponents extends ArchivedDetailComponents {
  store: ArchivedDetailComponents['store'] & Pick<WorkStore, 'galaxy' | 'galaxyAreas' | 'galaxyPixels' | 'galaxyProvenance'>
  runs: ProjectRuns
  galaxies: GalaxyLoader
  now: () => number
}

/** The archive input of a registered galaxy from what the store holds now. */
export async function buildArchiveInput (c: ArchiveInputComponents, galaxyId: number): Promise<GalaxyArchiveInput> {
  const view = c.store.galaxy(galaxyId)
  if (view === undefined) throw new UnknownGalaxyError(galaxyId)
  const g = c.galaxies.facts(view)
  const run = c.runs.of(view)
  const catalogue = run.catalogueFor(g.filters.map((f) => f.name))
  const pair = run.pairFor(g.redshift)
  const areaRows = c.store.galaxyAreas(galaxyId)
  const storedPixels = c.store.galaxyPixels(galaxyId)
  const stored = new Map(storedPixels.map((p) => [`${p.x},${p.y}`, p]))
  const restored = await droppedDetailFits(c, galaxyId, storedPixels)
  // In the order `pogs galaxy fit` lists them: area by area, each in scan order.
  const pixels: ArchivePixel[] = []
  for (const a of areaRows) {
    for (const [x, y] of a.pixels) {
      const p = stored.get(`${x},${y}`)
      if (p !== undefined) pixels.push({ x, y, area: a.index, fit: restored.get(`${x},${y}`) ?? storedFit(p) })
    }
  }
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
  return {
    ...galaxyArchiveFields(g, catalogue),
    areas: areaRows.map(({ index, x0, x1, y0, y1, pixels: px }) => ({ index, x0, x1, y0, y1, pixels: px })),
    provenance,
    pixels,
    run: {
      software: 'pogs',
      version: appVersion(),
      created: new Date(created).toISOString(),
      libraries: libraries.map(([path, cid], k) => ({ name: basename(path), redshift: pair.files.redshift, sha256: digests[k], cid })),
      signalToNoise: signalToNoiseRule(g)
    }
  }
}
