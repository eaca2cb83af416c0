// A galaxy FITS file becomes a registered galaxy: the checks and the registration every way in shares (an inbox file,
// a submission over /pogs/submit), so a galaxy is registered the same whichever way it came. The file is read as
// `pogs galaxy fit` reads it (FITS layers matched to its run's filters.dat, options over header), refused when no run
// has its bands, no library pair of its run covers its redshift or no pixel is viable, cut into areas and registered; its layers file is written
// (the only time the FITS is parsed: units, archive and dashboard read that file), and only then is the file moved
// to galaxies/. A crash in between leaves the file where it was; registered again, the registration is a no-op (same
// name, same content) and the rest completes.
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { rename } from 'node:fs/promises'
import { cutAreas, type Area } from '../../galaxy/areas.js'
import { parseFits, keyword } from '../../galaxy/fits/index.js'
import { galaxyFromFits, headerRedshift, layerBands, DEFAULT_SIGNAL_TO_NOISE, type Galaxy } from '../../galaxy/galaxy-input.js'
import type { WorkStore } from '../lifecycle/index.js'
import { InboxError } from './errors.js'
import type { CoordinatorEmitter } from './events.js'
import { storeGalaxyLayers, type GalaxyMetadata } from './galaxy-loader.js'
import type { InboxOptions } from './inbox/add-to-inbox.js'
import type { ProjectRuns } from './runs.js'
import { galaxiesDir, galaxyFile, isGzip } from './paths.js'

/** Where a galaxy file came from, besides its options. */
export interface GalaxyOrigin {
  /** The file's own name (before the inbox prefixed it): the galaxy's name when neither options nor OBJECT give one. */
  fileName: string
  /** The peer id of the key that submitted it over /pogs/submit; absent for an inbox file. */
  submitter?: string
}

/** A galaxy file that passed every check, ready to register. */
export interface CheckedGalaxy {
  galaxy: Galaxy
  areas: Area[]
  metadata: GalaxyMetadata
  priority: number
  gzip: boolean
}

/** What registering needs. */
export interface RegisterComponents {
  dataDir: string
  store: Pick<WorkStore, 'addGalaxy'>
  events: CoordinatorEmitter
  /** Called after a galaxy is registered (to cut its first units). */
  onRegistered: () => void
}

/** A registered galaxy. */
export interface RegisteredGalaxy {
  galaxyId: number
  name: string
  /** False when it was registered already (same name, content and options). */
  created: boolean
  /** Its file in galaxies/. */
  file: string
  areas: number
  pixels: number
}

/** Reads a galaxy file's bytes as a galaxy the project can fit, or throws the typed error that says why not. The run
 * is the one the options name, or else the one its bands and redshift choose (runs.ts). */
export function checkGalaxyFile (runs: ProjectRuns, bytes: Uint8Array, origin: GalaxyOrigin, options: InboxOptions): CheckedGalaxy {
  const images = parseFits(bytes)
  const libraries = runs.choose(layerBands(images), options.redshift ?? headerRedshift(images), options.run)
  const catalogue = libraries.requireCatalogue()
  const object = keyword(images[0]?.cards ?? [], 'OBJECT')
  const hasObject = typeof object === 'string' && object.trim() !== ''
  const galaxy = galaxyFromFits(images, catalogue, {
    // Without a name or OBJECT the file's own name serves (galaxyFromFits would call every such galaxy 'galaxy').
    name: options.name ?? (hasObject ? undefined : origin.fileName.replace(/\.(fits|fit|fts)(\.gz)?$/i, '')),
    redshift: options.redshift,
    ra: options.ra,
    dec: options.dec,
    signalToNoise: options.snr
  }, origin.fileName)
  // "Imported" libraries: the directory must hold a pair within |dz| <= 0.005, as the fit itself requires.
  libraries.pairFor(galaxy.redshift)
  const areas = cutAreas(galaxy)
  if (areas.length === 0) throw new InboxError('ERR_NOTHING_TO_FIT', 'no viable pixel (each needs data in >= 4 optical bands, or 3 optical and 1 UV/IR)')
  const metadata: GalaxyMetadata = {
    ...(galaxy.ra !== undefined ? { ra: galaxy.ra } : {}),
    ...(galaxy.dec !== undefined ? { dec: galaxy.dec } : {}),
    signalToNoise: options.snr ?? DEFAULT_SIGNAL_TO_NOISE,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    width: galaxy.width,
    height: galaxy.height,
    ...(origin.submitter !== undefined ? { submitter: origin.submitter } : {}),
    run: libraries.run
  }
  return { galaxy, areas, metadata, priority: options.priority ?? 0, gzip: isGzip(bytes) }
}

/**
 * Registers a checked galaxy, writes its layers file and moves its file from `path` to galaxies/; `afterMove` runs
 * then (the inbox removes the options file), before `galaxy-added` is emitted.
 */
export async function registerGalaxyFile (c: RegisterComponents, checked: CheckedGalaxy, path: string, afterMove?: () => Promise<void>): Promise<RegisteredGalaxy> {
  const { galaxy, areas, metadata } = checked
  const { galaxyId, created } = c.store.addGalaxy({
    name: galaxy.name,
    priority: checked.priority,
    bands: galaxy.filters.map((f) => f.name),
    redshift: galaxy.redshift,
    metadata: { ...metadata },
    areas
  })
  // In the same turn as the registration (no await between): generation, which may run at any await, never sees
  // the galaxy without its layers file.
  mkdirSync(galaxiesDir(c.dataDir), { recursive: true })
  storeGalaxyLayers(c.dataDir, { id: galaxyId, name: galaxy.name }, galaxy)
  const file = galaxyFile(c.dataDir, galaxyId, galaxy.name, checked.gzip)
  await rename(path, file)
  await afterMove?.()
  const pixels = areas.reduce((n, a) => n + a.pixels.length, 0)
  c.events.emit('galaxy-added', {
    galaxy: galaxy.name,
    galaxyId,
    file,
    areas: areas.length,
    pixels,
    duplicate: !created,
    ...(metadata.submitter !== undefined ? { submitter: metadata.submitter } : {})
  })
  c.onRegistered()
  return { galaxyId, name: galaxy.name, created, file, areas: areas.length, pixels }
}
