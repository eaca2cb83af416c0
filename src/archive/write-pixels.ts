// The per-pixel datasets of galaxy/pixel: the dense [X, Y, 16, 7] cube POGS readers expect, and per fitted pixel
// its details, summary values and fluxes.
import type h5wasm from 'h5wasm/node'
import { N_PARAMETERS, N_VALUES, PARAMETER_NAMES, VALUE_NAMES } from '../fit/index.js'
import type { GalaxyArchiveInput } from './archive-input.js'
import { CHUNK_XY, DETAIL_COLUMNS, FILTER_VALUES, PATHS } from './layout.js'

type H5File = InstanceType<typeof h5wasm.File>

/** How the large datasets are stored: gzip level, or undefined for no compression. */
export interface StorageOptions {
  gzip: number | undefined
}

/** Chunk shape for an [X, Y, ...rest] cube. */
export function cubeChunks (w: number, h: number, rest: number[]): number[] {
  return [Math.min(w, CHUNK_XY), Math.min(h, CHUNK_XY), ...rest]
}

/** Dataset options for a chunked cube, compressed when asked. */
export function cubeStorage (w: number, h: number, rest: number[], s: StorageOptions): { chunks: number[], compression?: 'gzip', compression_opts?: number } {
  const chunks = cubeChunks(w, h, rest)
  return s.gzip === undefined ? { chunks } : { chunks, compression: 'gzip', compression_opts: s.gzip }
}

export function writePixels (file: H5File, a: GalaxyArchiveInput, s: StorageOptions): void {
  const { width: w, height: h } = a
  const group = file.create_group(PATHS.pixelGroup)
  const n = a.pixels.length
  const nf = a.filters.length
  const cell = N_PARAMETERS * N_VALUES
  // Dense cube [X, Y, 16, 7] in C order: (x, y, p, v) at ((x * h + y) * 16 + p) * 7 + v.
  const cube = new Float32Array(w * h * cell).fill(Number.NaN)
  const compact = new Float32Array(n * cell)
  const details = new Float64Array(n * DETAIL_COLUMNS.length)
  const fluxes = new Float32Array(n * nf * FILTER_VALUES.length)
  a.pixels.forEach((p, k) => {
    const f = p.fit
    cube.set(f.summary, (p.x * h + p.y) * cell)
    compact.set(f.summary, k * cell)
    details.set([p.x, p.y, p.area, f.chi2, f.scale, f.bestOptical, f.bestOpticalIndex, f.bestInfrared, f.usedBands, f.redshift, f.libraryRedshift], k * DETAIL_COLUMNS.length)
    for (let b = 0; b < nf; b++) fluxes.set([f.observedFlux[b], f.observedSigma[b], f.bestFitFlux[b]], (k * nf + b) * FILTER_VALUES.length)
  })
  const pixels = group.create_dataset({ name: 'pixels', data: cube, shape: [w, h, N_PARAMETERS, N_VALUES], dtype: '<f', ...cubeStorage(w, h, [N_PARAMETERS, N_VALUES], s) })
  pixels.create_attribute('DIM3', [...PARAMETER_NAMES])
  pixels.create_attribute('DIM4', [...VALUE_NAMES])
  pixels.create_attribute('description', 'summary values per pixel [x, y, parameter, value]; NaN where nothing was fitted; ssfr, mstar, ldust, mdust, sfr as log10')
  const params = group.create_dataset({ name: 'pixel_parameters', data: compact, shape: [n, N_PARAMETERS, N_VALUES], dtype: '<f' })
  params.create_attribute('DIM2', [...PARAMETER_NAMES])
  params.create_attribute('DIM3', [...VALUE_NAMES])
  params.create_attribute('description', 'the same summary values, one row per fitted pixel in pixel_details order')
  const det = group.create_dataset({ name: 'pixel_details', data: details, shape: [n, DETAIL_COLUMNS.length], dtype: '<d' })
  det.create_attribute('COLUMNS', [...DETAIL_COLUMNS])
  const flt = group.create_dataset({ name: 'pixel_filters', data: fluxes, shape: [n, nf, FILTER_VALUES.length], dtype: '<f' })
  flt.create_attribute('DIM2', nf > 0 ? a.filters.map((f) => f.name) : [''])
  flt.create_attribute('DIM3', [...FILTER_VALUES])
  flt.create_attribute('units', 'Jy')
}
