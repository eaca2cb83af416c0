// A galaxy from one multi-extension FITS file (docs/galaxy.md): an image layer per band in Jy named by
// FILTER (or POGS' MAGPHYSN) with filters.dat names, optional sigma layers (PIXTYPE = 'SIGMA', same FILTER),
// OBJECT / RA / DEC / REDSHIFT in the primary header; flags override the header.
import type { FilterSpec } from '../fit/index.js'
import { GalaxyInputError } from './errors.js'
import { celestialWcs, keyword, type Card, type CelestialWcs, type FitsImage } from './fits/index.js'

/** POGS' default when a band has no sigma layer: sigma = 0.1 x flux (signal-to-noise 10). */
export const DEFAULT_SIGNAL_TO_NOISE = 10

/** A galaxy ready to be cut into pixels: one flux and sigma image per band, bands by increasing wavelength. */
export interface Galaxy {
  name: string
  ra: number | undefined
  dec: number | undefined
  redshift: number
  /** NAXIS1 (x, columns) and NAXIS2 (y, rows). Pixel (x, y) of a band is `flux[b][x + width * y]`. */
  width: number
  height: number
  filters: FilterSpec[]
  flux: Float64Array[]
  sigma: Float64Array[]
  /** Bands whose sigma came from a sigma layer; the others use flux / signalToNoise. */
  sigmaLayers: string[]
  signalToNoise: number
  /** The primary header, kept for the archive. */
  header: Card[]
  /**
   * The layers' celestial WCS cards (fits/wcs.ts), kept for the archive; empty when the layers have none (or
   * disagree). Archive pixel (x, y) is FITS pixel (x + 1, y + 1) of every layer (nothing is cut or binned), so the
   * cards apply unchanged. Absent in galaxies stored before the WCS was carried.
   */
  wcs?: Card[]
}

/** A galaxy without its images: what is kept about it besides the pixels (the archive needs only this). */
export type GalaxyFacts = Omit<Galaxy, 'flux' | 'sigma'>

/** The sigma of a band without a sigma layer: |flux| / signalToNoise, pixel by pixel. */
export function defaultSigma (flux: Float64Array, signalToNoise: number): Float64Array {
  return flux.map((v) => Math.abs(v) / signalToNoise)
}

/** What flags may override or supply. */
export interface GalaxyOverrides {
  name?: string
  ra?: number
  dec?: number
  redshift?: number
  /** Signal-to-noise used for bands without a sigma layer (default 10). */
  signalToNoise?: number
}

function bandOf (img: FitsImage): string | undefined {
  const v = keyword(img.cards, 'FILTER') ?? keyword(img.cards, 'MAGPHYSN')
  return typeof v === 'string' ? v.trim() : undefined
}

function numberKeyword (cards: Card[], name: string): number | undefined {
  const v = keyword(cards, name)
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** The images that are layers of the galaxy: two axes or more and a band name. */
function layersOf (images: readonly FitsImage[]): FitsImage[] {
  return images.filter((img) => img.axes.length >= 2 && bandOf(img) !== undefined)
}

/** The bands of a galaxy file's layers (flux and sigma), each once, in file order: what decides which filter set
 * (run) can read it. */
export function layerBands (images: readonly FitsImage[]): string[] {
  return [...new Set(layersOf(images).map((img) => bandOf(img) as string))]
}

/** The redshift a galaxy file's primary header states (REDSHIFT), if any. */
export function headerRedshift (images: readonly FitsImage[]): number | undefined {
  return numberKeyword(images[0]?.cards ?? [], 'REDSHIFT')
}

/** The celestial WCS the galaxy's layers carry (in file order), with a note when none is carried or part is left out. */
export function galaxyWcs (images: readonly FitsImage[]): CelestialWcs {
  const layers = layersOf(images)
  const names = layers.map((img) => `${String(keyword(img.cards, 'PIXTYPE') ?? '').trim().toUpperCase() === 'SIGMA' ? 'sigma' : 'flux'} layer ${bandOf(img) ?? '?'}`)
  return celestialWcs(layers.map((img) => img.cards), names)
}

/** Builds a Galaxy from FITS images and the filters of filters.dat. */
export function galaxyFromFits (images: FitsImage[], filters: readonly FilterSpec[], overrides: GalaxyOverrides = {}, source = 'galaxy FITS'): Galaxy {
  const header = images[0]?.cards ?? []
  const layers = layersOf(images)
  if (layers.length === 0) throw new GalaxyInputError('ERR_NO_LAYERS', `${source}: no image layer with a FILTER keyword`)
  const [width, height] = layers[0].axes
  const flux = new Map<string, Float64Array>()
  const sigma = new Map<string, Float64Array>()
  for (const img of layers) {
    const band = bandOf(img) as string
    if (img.axes[0] !== width || img.axes[1] !== height || img.axes.slice(2).some((a) => a !== 1)) {
      throw new GalaxyInputError('ERR_LAYER_SIZE', `${source}: layer ${band} is ${img.axes.join('x')}, the first layer is ${width}x${height}`)
    }
    if (!filters.some((f) => f.name === band)) throw new GalaxyInputError('ERR_UNKNOWN_FILTER', `${source}: band ${JSON.stringify(band)} is not in filters.dat (${filters.map((f) => f.name).join(', ')})`)
    const isSigma = String(keyword(img.cards, 'PIXTYPE') ?? '').trim().toUpperCase() === 'SIGMA'
    const into = isSigma ? sigma : flux
    if (into.has(band)) throw new GalaxyInputError('ERR_DUPLICATE_LAYER', `${source}: two ${isSigma ? 'sigma' : 'flux'} layers for ${band}`)
    into.set(band, img.data)
  }
  const redshift = overrides.redshift ?? numberKeyword(header, 'REDSHIFT')
  if (redshift === undefined || !(redshift > 0)) throw new GalaxyInputError('ERR_NO_REDSHIFT', `${source}: no redshift > 0 (REDSHIFT keyword or --redshift)`)
  const ra = overrides.ra ?? numberKeyword(header, 'RA')
  const dec = overrides.dec ?? numberKeyword(header, 'DEC')
  if (ra !== undefined && !(ra >= 0 && ra < 360)) throw new GalaxyInputError('ERR_BAD_COORDINATE', `${source}: RA ${ra} is not in [0, 360)`)
  if (dec !== undefined && !(dec >= -90 && dec <= 90)) throw new GalaxyInputError('ERR_BAD_COORDINATE', `${source}: DEC ${dec} is not in [-90, 90]`)
  const object = keyword(header, 'OBJECT')
  const snr = overrides.signalToNoise ?? DEFAULT_SIGNAL_TO_NOISE
  // Bands in filters.dat order restricted to those present; filters.dat lists them by wavelength.
  const used = [...filters].filter((f) => flux.has(f.name)).sort((a, b) => a.lambdaEff - b.lambdaEff)
  return {
    name: overrides.name ?? (typeof object === 'string' && object.trim() !== '' ? object.trim() : 'galaxy'),
    ra,
    dec,
    redshift,
    width,
    height,
    filters: used,
    flux: used.map((f) => flux.get(f.name) as Float64Array),
    sigma: used.map((f) => sigma.get(f.name) ?? defaultSigma(flux.get(f.name) as Float64Array, snr)),
    sigmaLayers: used.filter((f) => sigma.has(f.name)).map((f) => f.name),
    signalToNoise: snr,
    header,
    wcs: galaxyWcs(images).cards
  }
}
