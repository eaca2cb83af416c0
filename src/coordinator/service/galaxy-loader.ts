// Registered galaxies read back from their FITS files in the data directory, with the options they were registered
// with, so that the pixels cut into units are exactly those `pogs galaxy fit` reads from the same file and flags.
import type { FilterSpec } from '../../fit/index.js'
import { readFits } from '../../galaxy/fits/index.js'
import { galaxyFromFits, type Galaxy } from '../../galaxy/galaxy-input.js'
import type { GalaxyView } from '../lifecycle/index.js'
import { GALAXY_CACHE_SIZE } from './constants.js'
import { GalaxyFileError, LibrariesError } from './errors.js'
import { findGalaxyFile } from './paths.js'

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
}

/** Reads registered galaxies, keeping the last few in memory. */
export class GalaxyLoader {
  private readonly cache = new Map<number, Galaxy>()

  constructor (private readonly dataDir: string, private readonly catalogue: () => FilterSpec[] | undefined) {}

  /** The galaxy as registered; throws when its file is gone or no longer reads. */
  load (g: Pick<GalaxyView, 'id' | 'name' | 'redshift' | 'metadata'>): Galaxy {
    const hit = this.cache.get(g.id)
    if (hit !== undefined) {
      // Most recently used last.
      this.cache.delete(g.id)
      this.cache.set(g.id, hit)
      return hit
    }
    const catalogue = this.catalogue()
    if (catalogue === undefined) throw new LibrariesError('the libraries directory has no usable filters.dat')
    const path = findGalaxyFile(this.dataDir, g.id, g.name)
    if (path === undefined) throw new GalaxyFileError(`the FITS file of galaxy ${g.id} is missing from the data directory`)
    const m = g.metadata as Partial<GalaxyMetadata>
    const galaxy = galaxyFromFits(readFits(path), catalogue, {
      name: g.name,
      redshift: g.redshift,
      ...(typeof m.ra === 'number' ? { ra: m.ra } : {}),
      ...(typeof m.dec === 'number' ? { dec: m.dec } : {}),
      ...(typeof m.signalToNoise === 'number' ? { signalToNoise: m.signalToNoise } : {})
    }, path)
    this.cache.set(g.id, galaxy)
    while (this.cache.size > GALAXY_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number)
    return galaxy
  }
}
