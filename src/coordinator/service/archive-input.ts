// A galaxy's archive head, built from the database the way `pogs galaxy fit` builds it locally: the same galaxy
// facts and FITS header (as registration parsed them, from the galaxy's layers file: no pixel is read), the library
// catalogue as filters, the areas as registered, and per area the network's provenance: the volunteers whose
// results were valid, those results' CIDs, the verifiers that signed agreement, and when the area's unit was
// assimilated. The pixels are added to the archive as their units are assimilated (archiver.ts,
// archivePixels below): every assimilated pixel's full fit, unfitted pixels absent. Pixels whose histograms left
// the database (a galaxy reopened by a ban after its archive's receipts) get them back from the previous archive
// (archived-detail.ts): an archive is never written without them.
import { basename } from 'node:path'
import { galaxyArchiveFields, signalToNoiseRule, type AreaProvenance, type ArchiveHead } from '../../archive/archive-input.js'
import { appVersion } from '../../util/app-version.js'
import { UnknownGalaxyError, type UnitToArchive, type WorkStore } from '../lifecycle/index.js'
import { droppedDetailFits, type ArchivedDetailComponents } from './archived-detail.js'
import type { GalaxyLoader } from './galaxy-loader.js'
import type { ProjectRuns } from './runs.js'
import { peerIdOfKey } from './peers.js'
import { encodePixelFit } from '../../fit/index.js'

/** What building an archive's head and pixels needs. */
export interface ArchiveInputComponents extends ArchivedDetailComponents {
  store: ArchivedDetailComponents['store'] & Pick<WorkStore, 'galaxy' | 'galaxyAreaRects' | 'galaxyProvenance'>
  runs: ProjectRuns
  galaxies: GalaxyLoader
  now: () => number
}

/** The archive head of a registered galaxy from what the store holds now: its provenance as of now, or none when
 * `provenance` is false (opening a partial archive: only finishing writes it). */
export async function storedArchiveHead (c: ArchiveInputComponents, galaxyId: number, opts: { provenance?: boolean } = {}): Promise<ArchiveHead> {
  const view = c.store.galaxy(galaxyId)
  if (view === undefined) throw new UnknownGalaxyError(galaxyId)
  const g = c.galaxies.facts(view)
  const run = c.runs.of(view)
  const catalogue = run.catalogueFor(g.filters.map((f) => f.name))
  const pair = run.pairFor(g.redshift)
  const areaRows = c.store.galaxyAreaRects(galaxyId)
  const byUnit = new Map(opts.provenance === false ? [] : c.store.galaxyProvenance(galaxyId).map((u) => [u.unitId, u]))
  const provenance = opts.provenance === false ? [] : areaRows.map((a): AreaProvenance => {
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
  return head
}

/** A fitted pixel as the archive thread takes it: its fit in the fitting core's canonical encoding (the stored
 * bytes; the thread decodes them, so the main thread neither decodes nor copies object graphs). */
export interface EncodedPixel {
  x: number
  y: number
  area: number
  fit: Uint8Array
}

/** The units' areas with their pixels as the archive takes them. DetailUnavailableError when dropped histograms
 * cannot be read back. */
export async function archivePixels (c: ArchiveInputComponents, galaxyId: number, units: readonly UnitToArchive[]): Promise<Array<{ index: number, pixels: EncodedPixel[] }>> {
  const areas = units.flatMap((u) => u.areas)
  const restored = await droppedDetailFits(c, galaxyId, areas.flatMap((a) => a.pixels))
  return areas.map((a) => ({
    index: a.index,
    pixels: a.pixels.map((p) => {
      const back = restored.get(`${p.x},${p.y}`)
      return { x: p.x, y: p.y, area: a.index, fit: back === undefined ? (p.histograms ?? p.summary) : encodePixelFit(back) }
    })
  }))
}
