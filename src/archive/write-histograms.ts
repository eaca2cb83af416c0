// The high-resolution histograms: one list of (bin centre, probability) rows holding the non-zero stretch of every
// pixel's 16 marginal likelihoods, and an [X, Y, 16, 2] grid of (start, length) into it.
import type h5wasm from 'h5wasm/node'
import { N_PARAMETERS, PARAMETER_NAMES } from '../fit/index.js'
import { GRIDS } from '../fit/grids.js'
import type { GalaxyArchiveInput } from './archive-input.js'
import { GRID_COLUMNS, HISTOGRAM_COLUMNS, LIST_CHUNK, PATHS } from './layout.js'
import { cubeStorage, type StorageOptions } from './write-pixels.js'

type H5File = InstanceType<typeof h5wasm.File>

export function writeHistograms (file: H5File, a: GalaxyArchiveInput, s: StorageOptions): void {
  const { width: w, height: h } = a
  const nc = GRID_COLUMNS.length
  const grid = new Int32Array(w * h * N_PARAMETERS * nc)
  for (let k = 0; k < grid.length; k += nc) grid[k] = -1
  let rows = 0
  for (const p of a.pixels) for (const hist of p.fit.histograms) rows += hist.values.length
  const list = new Float32Array(rows * HISTOGRAM_COLUMNS.length)
  let at = 0
  for (const p of a.pixels) {
    p.fit.histograms.forEach((hist, q) => {
      grid.set([at, hist.values.length], ((p.x * h + p.y) * N_PARAMETERS + q) * nc)
      const centres = GRIDS[q].centres
      for (let k = 0; k < hist.values.length; k++) {
        list[2 * (at + k)] = centres[hist.first + k]
        list[2 * (at + k) + 1] = hist.values[k]
      }
      at += hist.values.length
    })
  }
  const gr = file.create_dataset({ name: PATHS.histogramGrid, data: grid, shape: [w, h, N_PARAMETERS, nc], dtype: '<i', ...cubeStorage(w, h, [N_PARAMETERS, nc], s) })
  gr.create_attribute('DIM3', [...PARAMETER_NAMES])
  gr.create_attribute('DIM4', [...GRID_COLUMNS])
  gr.create_attribute('description', 'per pixel and parameter: first row and number of rows in histograms (-1, 0 where nothing was fitted)')
  // Compression needs chunks, and HDF5 refuses zero-sized chunks: an empty list is stored contiguous.
  const storage = rows === 0
    ? {}
    : { chunks: [Math.min(rows, LIST_CHUNK), HISTOGRAM_COLUMNS.length], ...(s.gzip === undefined ? {} : { compression: 'gzip' as const, compression_opts: s.gzip }) }
  const hl = file.create_dataset({ name: PATHS.histograms, data: list, shape: [rows, HISTOGRAM_COLUMNS.length], dtype: '<f', ...storage })
  hl.create_attribute('COLUMNS', [...HISTOGRAM_COLUMNS])
  hl.create_attribute('description', 'the non-zero stretch of each normalised high-resolution histogram: bin centre (MAGPHYS grid, as the parameter) and probability')
}
