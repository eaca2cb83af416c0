// Writes a galaxy's HDF5 archive (design section 8) with h5wasm, in a format HDF5 1.10 reads, under a temporary
// name renamed into place when complete: a reader never sees half an archive, and a failed write leaves any
// earlier archive untouched.
import { accessSync, constants, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { N_PARAMETERS, N_VALUES, PARAMETER_NAMES, VALUE_NAMES } from '../fit/index.js'
import { GRIDS } from '../fit/grids.js'
import type { GalaxyArchiveInput } from './archive-input.js'
import { checkArchiveInput } from './check-input.js'
import { ArchiveError } from './errors.js'
import { loadH5, LIBVER } from './h5.js'
import { AREA_COLUMNS, ARCHIVE_FORMAT, CHUNK_XY, DETAIL_COLUMNS, FILTER_VALUES, GRID_COLUMNS, GZIP_LEVEL, LIBRARY_COLUMNS, LIST_CHUNK, PATHS } from './layout.js'
import { writeGalaxyGroup, writeAreas, writeProvenance } from './write-metadata.js'

type H5 = Awaited<ReturnType<typeof loadH5>>
type H5File = InstanceType<H5['File']>

export async function writeArchive (path: string, input: GalaxyArchiveInput): Promise<void> {
  checkArchiveInput(input)
  // Checked here because HDF5 would print its error stack to stderr before failing.
  try {
    accessSync(dirname(path), constants.W_OK)
  } catch {
    throw new ArchiveError('ERR_ARCHIVE_WRITE', `cannot write ${path}: ${dirname(path)} is not a writable directory`)
  }
  const h5 = await loadH5()
  const temp = `${path}.tmp-${process.pid}`
  let file: H5File | undefined
  try {
    file = new h5.File(temp, 'w', { libver: LIBVER })
    writeGalaxyGroup(file, input, ARCHIVE_FORMAT)
    writeAreas(file, input, AREA_COLUMNS)
    writePixels(file, input)
    writeProvenance(file, input, LIBRARY_COLUMNS)
    file.close()
    file = undefined
    renameSync(temp, path)
  } catch (err) {
    try { file?.close() } catch { /* already failing: the first error is the one to report */ }
    rmSync(temp, { force: true })
    throw err
  }
}

/** Chunk shape for an [X, Y, ...rest] cube. */
function cubeChunks (w: number, h: number, rest: number[]): number[] {
  return [Math.min(w, CHUNK_XY), Math.min(h, CHUNK_XY), ...rest]
}

function writePixels (file: H5File, a: GalaxyArchiveInput): void {
  const { width: w, height: h } = a
  const group = file.create_group(PATHS.pixelGroup)
  const n = a.pixels.length
  const nf = a.filters.length
  // Dense cube [X, Y, 16, 7], C order: (x, y, p, v) at ((x * h + y) * 16 + p) * 7 + v.
  const cube = new Float32Array(w * h * N_PARAMETERS * N_VALUES).fill(Number.NaN)
  const compact = new Float32Array(n * N_PARAMETERS * N_VALUES)
  const details = new Float64Array(n * DETAIL_COLUMNS.length)
  const fluxes = new Float32Array(n * nf * FILTER_VALUES.length)
  const grid = new Int32Array(w * h * N_PARAMETERS * GRID_COLUMNS.length).fill(-1)
  let listLength = 0
  for (const p of a.pixels) for (const hist of p.fit.histograms) listLength += hist.values.length
  const list = new Float32Array(listLength)
  let at = 0
  a.pixels.forEach((p, k) => {
    const f = p.fit
    cube.set(f.summary, (p.x * h + p.y) * N_PARAMETERS * N_VALUES)
    compact.set(f.summary, k * N_PARAMETERS * N_VALUES)
    details.set([p.x, p.y, p.area, f.chi2, f.scale, f.bestOptical, f.bestOpticalIndex, f.bestInfrared, f.usedBands, f.redshift, f.libraryRedshift], k * DETAIL_COLUMNS.length)
    for (let b = 0; b < nf; b++) fluxes.set([f.observedFlux[b], f.observedSigma[b], f.bestFitFlux[b]], (k * nf + b) * FILTER_VALUES.length)
    f.histograms.forEach((hist, q) => {
      grid.set([at, hist.values.length, hist.first], ((p.x * h + p.y) * N_PARAMETERS + q) * GRID_COLUMNS.length)
      list.set(hist.values, at)
      at += hist.values.length
    })
  })
  const pixels = group.create_dataset({ name: 'pixels', data: cube, shape: [w, h, N_PARAMETERS, N_VALUES], dtype: '<f', chunks: cubeChunks(w, h, [N_PARAMETERS, N_VALUES]), compression: 'gzip', compression_opts: GZIP_LEVEL })
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
  flt.create_attribute('DIM2', a.filters.map((f) => f.name))
  flt.create_attribute('DIM3', [...FILTER_VALUES])
  flt.create_attribute('units', 'Jy')
  const gr = group.create_dataset({ name: 'histogram_grid', data: grid, shape: [w, h, N_PARAMETERS, GRID_COLUMNS.length], dtype: '<i', chunks: cubeChunks(w, h, [N_PARAMETERS, GRID_COLUMNS.length]), compression: 'gzip', compression_opts: GZIP_LEVEL })
  gr.create_attribute('DIM3', [...PARAMETER_NAMES])
  gr.create_attribute('DIM4', [...GRID_COLUMNS])
  gr.create_attribute('description', 'per pixel and parameter: start and length in histograms, and the grid bin of its first value (-1: not fitted)')
  const hl = group.create_dataset({
    name: 'histograms',
    data: list,
    shape: [listLength],
    dtype: '<f',
    ...(listLength > 0 ? { chunks: [Math.min(listLength, LIST_CHUNK)], compression: 'gzip' as const, compression_opts: GZIP_LEVEL } : {})
  })
  hl.create_attribute('description', 'normalised probabilities of the high-resolution histograms, bin by bin; centres in histogram_bins/<parameter>')
  const bins = group.create_group('histogram_bins')
  PARAMETER_NAMES.forEach((name, q) => {
    bins.create_dataset({ name, data: GRIDS[q].centres, shape: [GRIDS[q].centres.length], dtype: '<d' })
  })
}
