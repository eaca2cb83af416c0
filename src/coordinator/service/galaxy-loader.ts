// Registered galaxies read back from their layers files in the data directory (galaxy-layers.ts): the galaxy as
// registration parsed it from its FITS file with the options it was registered with, so that the pixels cut into
// units are exactly those `pogs galaxy fit` reads from the same file and flags. Nothing is kept in memory between
// calls: unit cutting reads only the rows of the unit's areas, archiving only the facts.
import { existsSync } from 'node:fs'
import type { FilterSpec } from '../../fit/index.js'
import { readFits } from '../../galaxy/fits/index.js'
import { galaxyFromFits, type Galaxy, type GalaxyFacts } from '../../galaxy/galaxy-input.js'
import type { BandRows } from '../../galaxy/pixel-observation.js'
import type { GalaxyView } from '../lifecycle/index.js'
import { GalaxyFileError, LibrariesError } from './errors.js'
import { GalaxyLayers, writeGalaxyLayers } from './galaxy-layers.js'
import { findGalaxyFile, galaxyLayersFile } from './paths.js'

/** What the coordinator keeps about a galaxy in the store's metadata (JSON). */
export interface GalaxyMetadata {
  ra?: number
  dec?: number
  /** Signal-to-noise for bands without a sigma layer. */
  signalToNoise: number
  /** Hex SHA-256 of the FITS file: a different file under the same name is a conflict, not a repeat. */
  sha256: string
  width: number
  height: number
  /** The peer id of the research-group key that submitted it over /pogs/submit; absent for an inbox file. */
  submitter?: string
  /** The run it belongs to (docs/coordinator.md#runs); absent: registered before runs, the default run. */
  run?: string
}

/** Which registered galaxy: what the store's views and unit plans carry. */
export type RegisteredGalaxy = Pick<GalaxyView, 'id' | 'name' | 'redshift' | 'metadata'>

/** Writes the layers file of a galaxy just registered (ingest), unless a previous attempt already did. */
export function storeGalaxyLayers (dataDir: string, g: Pick<RegisteredGalaxy, 'id' | 'name'>, galaxy: Galaxy): void {
  const path = galaxyLayersFile(dataDir, g.id, g.name)
  if (!existsSync(path)) writeGalaxyLayers(path, galaxy)
}

/** Reads registered galaxies from their layers files. */
export class GalaxyLoader {
  /** `catalogue(g)`: the filters.dat rows of the galaxy's run (docs/coordinator.md#runs). */
  constructor (private readonly dataDir: string, private readonly catalogue: (g: RegisteredGalaxy) => FilterSpec[] | undefined) {}

  /** The galaxy's facts (name, size, bands, header...); throws when its files are gone or no longer read. */
  facts (g: RegisteredGalaxy): GalaxyFacts {
    return this.use(g, (l) => l.facts)
  }

  /** The facts and rows y0 <= y < y1 of every band's flux and sigma. */
  rows (g: RegisteredGalaxy, y0: number, y1: number): { facts: GalaxyFacts, rows: BandRows } {
    return this.use(g, (l) => ({ facts: l.facts, rows: l.rows(y0, y1) }))
  }

  /** The facts and every band's flux image. */
  images (g: RegisteredGalaxy): { facts: GalaxyFacts, flux: Float64Array[] } {
    return this.use(g, (l) => ({ facts: l.facts, flux: l.flux() }))
  }

  private use<T> (g: RegisteredGalaxy, read: (l: GalaxyLayers) => T): T {
    const path = galaxyLayersFile(this.dataDir, g.id, g.name)
    let layers = GalaxyLayers.open(path)
    if (layers === undefined) {
      writeGalaxyLayers(path, this.parse(g))
      layers = GalaxyLayers.open(path)
      if (layers === undefined) throw new GalaxyFileError(`the layers file of galaxy ${g.id} does not read back`)
    }
    try {
      return read(layers)
    } finally {
      layers.close()
    }
  }

  /**
   * The galaxy parsed from its FITS file as ingest parsed it: galaxies registered before layers files existed (or
   * whose layers file was lost) get theirs from it, once.
   */
  private parse (g: RegisteredGalaxy): Galaxy {
    const catalogue = this.catalogue(g)
    if (catalogue === undefined) throw new LibrariesError(`the libraries directory of galaxy ${g.id}'s run has no usable filters.dat`)
    const path = findGalaxyFile(this.dataDir, g.id, g.name)
    if (path === undefined) throw new GalaxyFileError(`the FITS file of galaxy ${g.id} is missing from the data directory`)
    const m = g.metadata as Partial<GalaxyMetadata>
    return galaxyFromFits(readFits(path), catalogue, {
      name: g.name,
      redshift: g.redshift,
      ...(typeof m.ra === 'number' ? { ra: m.ra } : {}),
      ...(typeof m.dec === 'number' ? { dec: m.dec } : {}),
      ...(typeof m.signalToNoise === 'number' ? { signalToNoise: m.signalToNoise } : {})
    }, path)
  }
}
