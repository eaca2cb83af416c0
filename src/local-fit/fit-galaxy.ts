// Fits every viable pixel of a galaxy on this machine (`pogs galaxy fit`): the galaxy is cut into areas, each viable
// pixel becomes an observation over the library's bands (NaN where the galaxy has no layer), the fit pool spreads
// them over the cores, and the results come back as the archive's input. The network must reproduce exactly this.
// It sits above both src/galaxy and src/archive (it joins them), so neither of those imports the other's pipeline.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { galaxyArchiveFields, signalToNoiseRule, type GalaxyArchiveInput, type ArchivePixel } from '../archive/archive-input.js'
import { canonicalPixelFit, chooseLibrary, createFitPool, listLibraries, type FilterSpec } from '../fit/index.js'
import { cutAreas, DEFAULT_AREA_SETTINGS, type Area, type AreaSettings } from '../galaxy/areas.js'
import { GalaxyInputError } from '../galaxy/errors.js'
import type { Galaxy } from '../galaxy/galaxy-input.js'
import { pixelObservation } from '../galaxy/pixel-observation.js'
import { appVersion } from '../util/app-version.js'

/** What a local fit needs besides the galaxy. */
export interface GalaxyFitOptions {
  /** Directory of library pairs. */
  libraries: string
  /** The libraries' bands (their filters.dat), in magnitude-column order. */
  catalogue: readonly FilterSpec[]
  threads?: number
  areas?: AreaSettings
  /** Called once the areas are known, with the number of pixels to fit. */
  onStart?: (pixels: number) => void
  /** Called after each pixel. */
  onPixel?: () => void
}

/** Unfitted viable pixels (too few usable bands after all, or a fit error), reported rather than dropped. */
export interface UnfittedPixel { x: number, y: number, reason: string, message: string }

/** A local fit: the archive's input and the viable pixels it could not fit. */
export interface GalaxyFit {
  archive: GalaxyArchiveInput
  unfitted: UnfittedPixel[]
}

/** Fits every viable pixel of `g` on this machine's cores; throws `ERR_NOTHING_TO_FIT` when none is viable. */
export async function fitGalaxy (g: Galaxy, opts: GalaxyFitOptions): Promise<GalaxyFit> {
  const areas: Area[] = cutAreas(g, opts.areas ?? DEFAULT_AREA_SETTINGS)
  const where = areas.flatMap((a) => a.pixels.map(([x, y]) => ({ x, y, area: a.index })))
  if (where.length === 0) throw new GalaxyInputError('ERR_NOTHING_TO_FIT', `${g.name}: no viable pixel (each needs data in >= 4 optical bands, or 3 optical and 1 UV/IR)`)
  const files = chooseLibrary(listLibraries(opts.libraries), g.redshift)
  // Bands the galaxy has no layer for stay in the vector (library columns are positional) but are not fitted.
  const present = new Set(g.filters.map((f) => f.name))
  const catalogue = opts.catalogue.map((f) => ({ ...f, fit: f.fit && present.has(f.name) }))
  const observations = where.map(({ x, y }) => pixelObservation(g, catalogue, x, y))
  opts.onStart?.(observations.length)
  const pool = createFitPool({ libraries: opts.libraries, threads: opts.threads })
  let outcomes
  try {
    outcomes = await pool.fit(catalogue, observations, { onPixel: () => opts.onPixel?.() })
  } finally {
    await pool.close()
  }
  const pixels: ArchivePixel[] = []
  const unfitted: UnfittedPixel[] = []
  outcomes.forEach((o, k) => {
    const { x, y, area } = where[k]
    // As a result carries it (histograms rounded by the encoding), so this archive equals the network's.
    if (o.ok) pixels.push({ x, y, area, fit: canonicalPixelFit(o.fit) })
    else if ('unfitted' in o) unfitted.push({ x, y, reason: o.unfitted.reason, message: o.unfitted.message })
    else unfitted.push({ x, y, reason: o.error.code, message: o.error.message })
  })
  const now = Math.floor(Date.now() / 1000)
  return {
    unfitted,
    archive: {
      ...galaxyArchiveFields(g, catalogue),
      areas,
      provenance: areas.map((a) => ({ area: a.index, volunteers: ['local'], resultCids: [], verifierKeys: [], assimilatedAt: now })),
      pixels,
      run: {
        software: 'pogs',
        version: appVersion(),
        created: new Date(now * 1000).toISOString(),
        libraries: [files.optical, files.infrared].map((path) => ({ name: basename(path), redshift: files.redshift, sha256: sha256File(path) })),
        signalToNoise: signalToNoiseRule(g)
      }
    }
  }
}

function sha256File (path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}
