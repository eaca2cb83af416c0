// A pixel as the fit sees it: its flux and sigma in every band of the libraries' catalogue, NaN where the galaxy has
// no layer (library columns are positional). `pogs galaxy fit` and the coordinator's work units both build pixels
// here, so the network fits exactly what the local fit fits.
import type { FilterSpec, Observation } from '../fit/index.js'
import type { Galaxy } from './galaxy-input.js'

/**
 * A block of rows of a galaxy's band images: pixel (x, y) of band b is `flux[b][x + width * (y - y0)]`, for
 * y0 <= y < y0 + rows. A whole galaxy is the block with y0 = 0.
 */
export interface BandRows {
  width: number
  y0: number
  /** The galaxy's bands, in the order of `flux` and `sigma`. */
  filters: ReadonlyArray<Pick<FilterSpec, 'name'>>
  flux: readonly Float64Array[]
  sigma: readonly Float64Array[]
}

/** The flux and sigma of pixel (x, y) over the catalogue's bands, from a block of rows that holds it. */
export function pixelBands (rows: BandRows, catalogue: ReadonlyArray<Pick<FilterSpec, 'name'>>, x: number, y: number): { flux: Float64Array, sigma: Float64Array } {
  const at = x + rows.width * (y - rows.y0)
  const flux = new Float64Array(catalogue.length).fill(Number.NaN)
  const sigma = new Float64Array(catalogue.length).fill(Number.NaN)
  rows.filters.forEach((f, b) => {
    const k = catalogue.findIndex((c) => c.name === f.name)
    flux[k] = rows.flux[b][at]
    sigma[k] = rows.sigma[b][at]
  })
  return { flux, sigma }
}

/** The observation of pixel (x, y) over the catalogue's bands. */
export function pixelObservation (g: Galaxy, catalogue: readonly FilterSpec[], x: number, y: number): Observation {
  const { flux, sigma } = pixelBands({ width: g.width, y0: 0, filters: g.filters, flux: g.flux, sigma: g.sigma }, catalogue, x, y)
  return { name: `${g.name}_${x}_${y}`, redshift: g.redshift, flux, sigma }
}
