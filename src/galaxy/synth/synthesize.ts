// Forward-models a galaxy from a model library: every pixel inside an inclined disc gets a library model
// pair near the smooth maps of disc-maps.ts, scaled to the pixel's stellar mass; its fluxes are what the fit
// itself predicts for that pair (modelFluxJy), plus noise drawn per band (survey-like, or a recipe's signal-to-noise
// range). Masked stars (NaN holes), a band missing over part of the image and, if the recipe asks, pixels that lost
// a few bands make it look like survey data. The truth is the pair's 16 parameters, named and
// scaled as in the archive, so a fit of the image can be scored against it.
import { contextFor, modelFluxJy, pairParameterValues, PARAMETER_NAMES, type FilterSpec, type LibraryPair } from '../../fit/index.js'
import type { Card, ImageToWrite } from '../fits/index.js'
import { modelChooser } from './choose-models.js'
import { discGeometry, pixelTargets } from './disc-maps.js'
import { dropBands } from './missing-bands.js'
import { bandSigma, drawSnr, fluxErrorFraction, median, SKY_FRACTION, SKY_REFERENCE_RADII } from './noise.js'
import { seededRandom } from './random.js'
import type { SynthRecipe } from './recipe.js'

/** The pixel scale of a synthetic image, arcsec: a nearby galaxy's few arcminutes over a few dozen pixels. */
export const SYNTH_PIXEL_SCALE_ARCSEC = 1

/**
 * A celestial WCS for every layer (docs/galaxy.md#synthetic-galaxies): a tangent-plane grid of
 * SYNTH_PIXEL_SCALE_ARCSEC pixels, north up and east left, centred on the recipe's RA and Dec, so that archives and
 * their FITS export put the maps on the sky as they would a real galaxy's.
 */
export function skyCards (recipe: Pick<SynthRecipe, 'ra' | 'dec'>, size: number): Card[] {
  const degrees = SYNTH_PIXEL_SCALE_ARCSEC / 3600
  return [
    { keyword: 'CTYPE1', value: 'RA---TAN', comment: '' },
    { keyword: 'CTYPE2', value: 'DEC--TAN', comment: '' },
    { keyword: 'CRPIX1', value: (size + 1) / 2, comment: 'the image centre' },
    { keyword: 'CRPIX2', value: (size + 1) / 2, comment: '' },
    { keyword: 'CRVAL1', value: recipe.ra, comment: '[deg]' },
    { keyword: 'CRVAL2', value: recipe.dec, comment: '[deg]' },
    { keyword: 'CDELT1', value: -degrees, comment: '[deg/pixel]' },
    { keyword: 'CDELT2', value: degrees, comment: '[deg/pixel]' },
    { keyword: 'CUNIT1', value: 'deg', comment: '' },
    { keyword: 'CUNIT2', value: 'deg', comment: '' },
    { keyword: 'RADESYS', value: 'ICRS', comment: '' }
  ]
}

/** truth.json: one entry per modelled pixel, the 16 parameters under their archive names. */
export interface TruthFile {
  galaxy: string
  redshift: number
  seed: number
  library: { redshift: number, optical: number, infrared: number }
  /** The recipe's noise settings, when it has them. */
  snr?: [number, number]
  missingBands?: number
  pixels: Array<{ x: number, y: number } & Record<string, number>>
}

export interface SyntheticGalaxy {
  /** Primary HDU (header only), then a flux and a sigma layer per band. */
  images: ImageToWrite[]
  truth: TruthFile
  /** Facts for the report: modelled pixels, holes, the band left out over part of the image. */
  modelled: number
  missingBand: string
  missingFromX: number
  /** Pixels that lost some bands (the recipe's missingBands). */
  bandsDropped: number
  /** The model pair and stellar mass behind each modelled pixel (for checks; truth.json carries the parameters). */
  pairs: Array<{ x: number, y: number, optical: number, infrared: number, mass: number, trueFlux: Float64Array }>
}

/** Masked foreground stars: how many, and their radius as a fraction of the image side. */
const HOLES = 3
const HOLE_RADIUS_FRACTION = 1 / 24
/** The bluest band has no data right of this fraction of the image width (the edge of a survey footprint). */
const MISSING_BAND_FROM = 0.75

export function synthesizeGalaxy (recipe: SynthRecipe, libs: LibraryPair, filters: readonly FilterSpec[]): SyntheticGalaxy {
  const { size, redshift } = recipe
  const random = seededRandom(recipe.seed)
  const geometry = discGeometry(size, random)
  const ctx = contextFor(libs)
  const chooser = modelChooser(ctx)
  const nBands = filters.length
  const n = size * size
  const trueFlux = Array.from({ length: nBands }, () => new Float64Array(n).fill(Number.NaN))
  const radius = new Float64Array(n).fill(Number.NaN)
  const truth: TruthFile['pixels'] = []
  const pairs: SyntheticGalaxy['pairs'] = []

  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const targets = pixelTargets(geometry, x, y)
      if (targets === undefined) continue
      const { optical, infrared } = chooser.choose(targets, random)
      const flux = modelFluxJy(ctx, filters, redshift, optical, infrared, targets.mass)
      const at = x + size * y
      radius[at] = targets.r
      for (let b = 0; b < nBands; b++) trueFlux[b][at] = flux[b]
      pairs.push({ x, y, optical, infrared, mass: targets.mass, trueFlux: flux })
      const values = pairParameterValues(ctx, optical, infrared, targets.mass)
      const entry: TruthFile['pixels'][number] = { x, y }
      PARAMETER_NAMES.forEach((name, p) => { entry[name] = values[p] })
      truth.push(entry)
    }
  }

  // Holes: masked stars inside the disc, where they hide real pixels.
  const holeRadius = Math.max(1, size * HOLE_RADIUS_FRACTION)
  const masked = new Uint8Array(n)
  for (let k = 0; k < HOLES; k++) {
    const angle = 2 * Math.PI * random.uniform()
    const dist = geometry.h * (0.6 + 1.2 * random.uniform())
    const hx = geometry.cx + dist * Math.cos(angle)
    const hy = geometry.cy + dist * Math.sin(angle) * geometry.cosIncl
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (Math.hypot(x - hx, y - hy) <= holeRadius) masked[x + size * y] = 1
  }
  const missingFromX = Math.floor(size * MISSING_BAND_FROM)

  const images: ImageToWrite[] = [{ bitpix: -32, axes: [], data: [], cards: primaryCards(recipe, libs) }]
  const fluxLayers: Float64Array[] = []
  const sigmaLayers: Float64Array[] = []
  for (let b = 0; b < nBands; b++) {
    const band = filters[b].name
    const fraction = fluxErrorFraction(band)
    const ring: number[] = []
    for (let at = 0; at < n; at++) if (radius[at] >= SKY_REFERENCE_RADII[0] && radius[at] <= SKY_REFERENCE_RADII[1]) ring.push(trueFlux[b][at])
    const sky = SKY_FRACTION * median(ring)
    const flux = new Float64Array(n).fill(Number.NaN)
    const sigma = new Float64Array(n).fill(Number.NaN)
    fluxLayers.push(flux)
    sigmaLayers.push(sigma)
    for (let at = 0; at < n; at++) {
      const f = trueFlux[b][at]
      if (!Number.isFinite(f)) continue
      // Draw the noise even where the pixel ends up masked, so a hole does not shift the noise elsewhere.
      const s = recipe.snr === undefined ? bandSigma(f, fraction, sky) : Math.abs(f) / drawSnr(random.uniform, recipe.snr)
      const observed = f + s * random.normal()
      if (masked[at] === 1 || (b === 0 && at % size >= missingFromX)) continue
      flux[at] = observed
      sigma[at] = s
    }
    const common: Card[] = [{ keyword: 'FILTER', value: band, comment: 'band (filters.dat name)' }, { keyword: 'BUNIT', value: 'Jy', comment: '' }, ...skyCards(recipe, size)]
    images.push({ bitpix: -32, axes: [size, size], data: flux, cards: common })
    images.push({ bitpix: -32, axes: [size, size], data: sigma, cards: [...common, { keyword: 'PIXTYPE', value: 'SIGMA', comment: '1-sigma flux error' }] })
  }
  const kept = truth.filter((p) => masked[p.x + size * p.y] === 0)
  const bandsDropped = (recipe.missingBands ?? 0) > 0 ? dropBands(fluxLayers, sigmaLayers, kept.map((p) => p.x + size * p.y), recipe.missingBands ?? 0, random) : 0
  return {
    images,
    truth: {
      galaxy: recipe.name,
      redshift,
      seed: recipe.seed,
      library: { redshift: libs.redshift, optical: libs.optical.n, infrared: libs.infrared.n },
      snr: recipe.snr,
      missingBands: recipe.missingBands,
      pixels: kept
    },
    modelled: kept.length,
    missingBand: filters[0].name,
    missingFromX,
    bandsDropped,
    pairs
  }
}

function primaryCards (recipe: SynthRecipe, libs: LibraryPair): Card[] {
  // Noise cards only when the recipe sets them, so recipes without them keep their bytes.
  const noise: Card[] = [
    ...(recipe.snr === undefined ? [] : [{ keyword: 'SYNSNRLO', value: recipe.snr[0], comment: 'lowest signal-to-noise drawn' }, { keyword: 'SYNSNRHI', value: recipe.snr[1], comment: 'highest signal-to-noise drawn' }]),
    ...(recipe.missingBands === undefined ? [] : [{ keyword: 'SYNMISS', value: recipe.missingBands, comment: 'fraction of pixels that lost 1-3 bands' }])
  ]
  return [
    { keyword: 'OBJECT', value: recipe.name, comment: 'synthetic galaxy (pogs galaxy synth)' },
    { keyword: 'RA', value: recipe.ra, comment: '[deg]' },
    { keyword: 'DEC', value: recipe.dec, comment: '[deg]' },
    { keyword: 'REDSHIFT', value: recipe.redshift, comment: '' },
    { keyword: 'SYNSEED', value: recipe.seed, comment: 'seed of the synthetic galaxy' },
    { keyword: 'SYNLIBZ', value: libs.redshift, comment: 'redshift of the library it was drawn from' },
    ...noise
  ]
}
