// The high-resolution histograms, written one pixel at a time: one list of (bin centre, probability) rows holding
// the non-zero stretch of every pixel's 16 marginal likelihoods (growing a chunk at a time), and an [X, Y, 16, 2]
// grid of (start, length) into it (band by band).
import type h5wasm from 'h5wasm/node'
import { N_PARAMETERS, PARAMETER_NAMES } from '../fit/index.js'
import { GRIDS } from '../fit/grids.js'
import type { ArchiveHead, ArchivePixel } from './archive-input.js'
import { AppendList } from './append-list.js'
import { BandedCube } from './banded-cube.js'
import { GRID_COLUMNS, HISTOGRAM_COLUMNS, LIST_CHUNK, PATHS } from './layout.js'
import { emptyCube, existingDataset, type PixelDatasetsInit } from './write-pixels.js'

type H5File = InstanceType<typeof h5wasm.File>

const NC = GRID_COLUMNS.length

export class HistogramWriter {
  private readonly grid: BandedCube<Int32Array>
  private readonly list: AppendList<Float32Array>
  private readonly cells = new Int32Array(N_PARAMETERS * NC)
  // One histogram's rows at a time: the longest grid's.
  private readonly rows = new Float32Array(Math.max(...GRIDS.map((g) => g.nbin)) * HISTOGRAM_COLUMNS.length)

  /** Creates the datasets (or opens them, resuming); `expectedRows` (when known) sizes the list's chunks as the
   * whole list would be. */
  constructor (file: H5File, a: ArchiveHead, init: PixelDatasetsInit, expectedRows: number | undefined) {
    const { width: w, height: h } = a
    const s = init.storage
    const resume = init.resume === true
    const gr = resume ? existingDataset(file, PATHS.histogramGrid) : file.create_dataset(emptyCube(PATHS.histogramGrid, w, h, [N_PARAMETERS, NC], '<i', s, init.banding.bandRows))
    if (!resume) {
      gr.create_attribute('DIM3', [...PARAMETER_NAMES])
      gr.create_attribute('DIM4', [...GRID_COLUMNS])
      gr.create_attribute('description', 'per pixel and parameter: first row and number of rows in histograms (-1, 0 where nothing was fitted)')
    }
    this.grid = new BandedCube(gr, w, h, (n) => {
      const blank = new Int32Array(n)
      for (let k = 0; k < n; k += NC) blank[k] = -1
      return blank
    }, init.banding)
    const chunkRows = Math.max(1, Math.min(expectedRows ?? LIST_CHUNK, LIST_CHUNK))
    this.list = new AppendList(file, {
      name: PATHS.histograms, row: [HISTOGRAM_COLUMNS.length], dtype: '<f', chunkRows, gzip: s.gzip, make: (n) => new Float32Array(n),
      existing: resume ? existingDataset(file, PATHS.histograms) : undefined
    })
    if (resume) return
    this.list.dataset.create_attribute('COLUMNS', [...HISTOGRAM_COLUMNS])
    this.list.dataset.create_attribute('description', 'the non-zero stretch of each normalised high-resolution histogram: bin centre (MAGPHYS grid, as the parameter) and probability')
  }

  /** Rows written so far. */
  get count (): number {
    return this.list.rows
  }

  add (p: ArchivePixel): void {
    p.fit.histograms.forEach((hist, q) => {
      const n = hist.values.length
      const centres = GRIDS[q].centres
      for (let k = 0; k < n; k++) {
        this.rows[2 * k] = centres[hist.first + k]
        this.rows[2 * k + 1] = hist.values[k]
      }
      this.cells[q * NC] = this.list.append(this.rows.subarray(0, 2 * n))
      this.cells[q * NC + 1] = n
    })
    this.grid.set(p.x, p.y, this.cells)
  }

  /** Writes a band of the grid now: no more pixels will come to it. */
  release (band: number): void {
    this.grid.release(band)
  }

  /** Writes everything gathered so far. */
  checkpoint (): void {
    this.grid.checkpoint()
    this.list.checkpoint()
  }

  close (): void {
    this.grid.close()
    this.list.close()
  }
}
