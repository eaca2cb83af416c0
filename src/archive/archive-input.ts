// What a galaxy archive holds (docs/archive.md), before it is written: the galaxy as registered, its areas, every
// fitted pixel's full result, and where each area's results came from. The local `pogs galaxy fit` and the
// network's assimilator both build this and hand it to writeArchive.
import type { PixelFit } from '../fit/index.js'
import type { Area } from '../galaxy/areas.js'
import type { Card } from '../galaxy/fits/index.js'
import type { GalaxyFacts } from '../galaxy/galaxy-input.js'

/** An image filter of the galaxy, in the galaxy's band order (increasing wavelength). */
export interface ArchiveFilter {
  name: string
  /** Effective wavelength, micrometres. */
  lambdaEff: number
}

/** One fitted pixel. `fit.observedFlux`, `observedSigma` and `bestFitFlux` follow `filters`. */
export interface ArchivePixel {
  x: number
  y: number
  /** Index of the area holding the pixel. */
  area: number
  fit: PixelFit
}

/**
 * Who computed an area and who vouched for it. A local fit has one row per area with volunteer 'local' and no
 * CIDs or verifier keys; the network fills result CIDs and the verifier keys that signed.
 */
export interface AreaProvenance {
  area: number
  /** Volunteer peer ids (or 'local') whose valid results were assimilated. */
  volunteers: string[]
  /** CIDs of the assimilated result payloads. */
  resultCids: string[]
  /** Public keys (peer ids) of the verifiers that signed agreement. */
  verifierKeys: string[]
  /** Unix time (s) the area was assimilated. */
  assimilatedAt: number
}

/** A model library used for the fits. */
export interface ArchiveLibrary {
  name: string
  redshift: number
  /** Hex SHA-256 of the file's bytes (as read, before any gunzip). */
  sha256: string
  /** CID when the library came from the network. */
  cid?: string
}

export interface GalaxyArchiveInput {
  galaxyId: string
  name: string
  ra: number | undefined
  dec: number | undefined
  redshift: number
  width: number
  height: number
  /** The input FITS primary header, card by card. */
  header: Card[]
  /**
   * The celestial WCS cards of the input's layers (src/galaxy/fits/wcs.ts); archive pixel (x, y) is their FITS
   * pixel (x + 1, y + 1). Empty when the input had none; absent when it was not recorded (a galaxy registered
   * before pogs kept it), and then the archive has no galaxy/wcs.
   */
  wcs?: Card[]
  filters: ArchiveFilter[]
  areas: Area[]
  provenance: AreaProvenance[]
  pixels: ArchivePixel[]
  /** Software and run facts: pogs version, fit settings, creation time. */
  run: {
    software: string
    version: string
    /** ISO 8601 creation time. */
    created: string
    libraries: ArchiveLibrary[]
    /** Signal-to-noise rule used when the FITS file had no sigma layers (0 when it had them). */
    signalToNoise: number
  }
}

/** An area as galaxy/area/area records it: its rectangle and how many viable pixels it holds. */
export interface ArchiveArea {
  index: number
  x0: number
  x1: number
  y0: number
  y1: number
  viablePixels: number
}

/**
 * Everything an archive holds but the pixels: what a streaming writer opens with (archive-writer.ts), so that a
 * galaxy's pixels can be written one at a time from wherever they are kept. Areas carry their pixel count, not
 * their pixels.
 */
export type ArchiveHead = Omit<GalaxyArchiveInput, 'pixels' | 'areas'> & { areas: ArchiveArea[] }

/** The head of a whole archive input. */
export function archiveHead (a: GalaxyArchiveInput): ArchiveHead {
  const { pixels: _pixels, areas, ...rest } = a
  return { ...rest, areas: areas.map(({ index, x0, x1, y0, y1, pixels }) => ({ index, x0, x1, y0, y1, viablePixels: pixels.length })) }
}

/** The fields an archive takes from the galaxy itself; the local fit and the network's assimilator share them. */
export function galaxyArchiveFields (g: Pick<GalaxyFacts, 'name' | 'ra' | 'dec' | 'redshift' | 'width' | 'height' | 'header' | 'wcs'>, filters: ReadonlyArray<{ name: string, lambdaEff: number }>): Pick<GalaxyArchiveInput,
'galaxyId' | 'name' | 'ra' | 'dec' | 'redshift' | 'width' | 'height' | 'header' | 'wcs' | 'filters'> {
  return {
    galaxyId: g.name,
    name: g.name,
    ra: g.ra,
    dec: g.dec,
    redshift: g.redshift,
    width: g.width,
    height: g.height,
    header: g.header,
    wcs: g.wcs,
    filters: filters.map((f) => ({ name: f.name, lambdaEff: f.lambdaEff }))
  }
}

/** The signal-to-noise rule recorded in the archive: 0 when every band came with its sigma layer. */
export function signalToNoiseRule (g: Pick<GalaxyFacts, 'filters' | 'sigmaLayers' | 'signalToNoise'>): number {
  return g.sigmaLayers.length === g.filters.length ? 0 : g.signalToNoise
}
