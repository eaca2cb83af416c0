// The per-pixel datasets of galaxy/pixel, written one pixel at a time: the dense [X, Y, 16, 7] cube POGS readers
// expect (band by band, banded-cube.ts), and per fitted pixel its details, summary values and fluxes (lists that
// grow a chunk at a time, append-list.ts).
import type h5wasm from 'h5wasm/node'
import { N_PARAMETERS, N_VALUES, PARAMETER_NAMES, VALUE_NAMES } from '../fit/index.js'
import type { ArchiveHead, ArchivePixel } from './archive-input.js'
import { AppendList } from './append-list.js'
import { BandedCube, type CubeBanding } from './banded-cube.js'
import { CHUNK_XY, DETAIL_CHUNK, DETAIL_COLUMNS, FILTER_VALUES, PATHS } from './layout.js'

type H5File = InstanceType<typeof h5wasm.File>
type Dataset = InstanceType<typeof h5wasm.Dataset>
type H5Group = InstanceType<typeof h5wasm.Group>

/** How the large datasets are stored: gzip level, or undefined for no compression. */
export interface StorageOptions {
  gzip: number | undefined
}

/** How the per-pixel datasets are made: created anew, or taken up where an earlier writer left them. */
export interface PixelDatasetsInit {
  storage: StorageOptions
  /** Pixels the lists will hold, when known: sizes their chunks. */
  expectedPixels?: number
  banding: CubeBanding
  /** Open the datasets the file has (an archive resumed) instead of creating them. */
  resume?: boolean
}

/** Chunk shape for an [X, Y, ...rest] cube whose chunks are `rows` high (default CHUNK_XY). */
export function cubeChunks (w: number, h: number, rest: number[], rows = CHUNK_XY): number[] {
  return [Math.min(w, CHUNK_XY), Math.min(h, rows), ...rest]
}

/** The dataset at `path`, which an archive being resumed must have. */
export function existingDataset (file: H5File, path: string): Dataset {
  const d = file.get(path)
  if (d === null || !('shape' in d) || d.shape === null) throw new Error(`the archive has no dataset ${path}`)
  return d as Dataset
}

/**
 * Dataset options for a chunked [X, Y, ...rest] cube, compressed when asked, created empty (shape [0, 0, ...rest])
 * up to the image's size: BandedCube resizes it and writes it band by band.
 */
export function emptyCube (name: string, w: number, h: number, rest: number[], dtype: '<f' | '<i', s: StorageOptions, rows = CHUNK_XY): Parameters<H5File['create_dataset']>[0] {
  return {
    name,
    data: dtype === '<f' ? new Float32Array(0) : new Int32Array(0),
    shape: [0, 0, ...rest],
    maxshape: [w, h, ...rest],
    dtype,
    chunks: cubeChunks(w, h, rest, rows),
    ...(s.gzip === undefined ? {} : { compression: 'gzip' as const, compression_opts: s.gzip })
  }
}

export class PixelWriter {
  private readonly cube: BandedCube<Float32Array>
  private readonly details: AppendList<Float64Array>
  private readonly parameters: AppendList<Float32Array>
  private readonly fluxes: AppendList<Float32Array>
  private readonly nf: number
  private readonly detailRow = new Float64Array(DETAIL_COLUMNS.length)
  private readonly fluxRows: Float32Array

  /** Creates the datasets (or opens them, resuming); the expected pixels (when known) size the lists' chunks. */
  constructor (file: H5File, a: ArchiveHead, init: PixelDatasetsInit) {
    const { width: w, height: h } = a
    const s = init.storage
    this.nf = a.filters.length
    this.fluxRows = new Float32Array(this.nf * FILTER_VALUES.length)
    const resume = init.resume === true
    const group = resume ? file.get(PATHS.pixelGroup) as H5Group : file.create_group(PATHS.pixelGroup)
    const pixels = resume ? existingDataset(file, PATHS.pixels) : group.create_dataset(emptyCube('pixels', w, h, [N_PARAMETERS, N_VALUES], '<f', s, init.banding.bandRows))
    if (!resume) {
      pixels.create_attribute('DIM3', [...PARAMETER_NAMES])
      pixels.create_attribute('DIM4', [...VALUE_NAMES])
      pixels.create_attribute('description', 'summary values per pixel [x, y, parameter, value]; NaN where nothing was fitted; ssfr, mstar, ldust, mdust, sfr as log10')
    }
    this.cube = new BandedCube(pixels, w, h, (n) => new Float32Array(n).fill(Number.NaN), init.banding)
    const chunkRows = Math.max(1, Math.min(init.expectedPixels ?? DETAIL_CHUNK, DETAIL_CHUNK))
    const f32 = (n: number): Float32Array => new Float32Array(n)
    const existing = (path: string): Dataset | undefined => resume ? existingDataset(file, path) : undefined
    this.parameters = new AppendList(group, { name: 'pixel_parameters', row: [N_PARAMETERS, N_VALUES], dtype: '<f', chunkRows, gzip: undefined, make: f32, existing: existing(PATHS.pixelParameters) })
    this.details = new AppendList(group, { name: 'pixel_details', row: [DETAIL_COLUMNS.length], dtype: '<d', chunkRows, gzip: undefined, make: (n) => new Float64Array(n), existing: existing(PATHS.pixelDetails) })
    this.fluxes = new AppendList(group, { name: 'pixel_filters', row: [this.nf, FILTER_VALUES.length], dtype: '<f', chunkRows, gzip: undefined, make: f32, existing: existing(PATHS.pixelFilters) })
    if (resume) {
      if (this.parameters.rows !== this.details.rows || this.fluxes.rows !== this.details.rows) throw new Error('the per-pixel lists of the archive differ in length')
      return
    }
    this.parameters.dataset.create_attribute('DIM2', [...PARAMETER_NAMES])
    this.parameters.dataset.create_attribute('DIM3', [...VALUE_NAMES])
    this.parameters.dataset.create_attribute('description', 'the same summary values, one row per fitted pixel in pixel_details order')
    this.details.dataset.create_attribute('COLUMNS', [...DETAIL_COLUMNS])
    this.fluxes.dataset.create_attribute('DIM2', this.nf > 0 ? a.filters.map((f) => f.name) : [''])
    this.fluxes.dataset.create_attribute('DIM3', [...FILTER_VALUES])
    this.fluxes.dataset.create_attribute('units', 'Jy')
  }

  /** Pixels written so far. */
  get count (): number {
    return this.details.rows
  }

  add (p: ArchivePixel): void {
    const f = p.fit
    this.cube.set(p.x, p.y, f.summary)
    this.parameters.append(f.summary)
    this.detailRow.set([p.x, p.y, p.area, f.chi2, f.scale, f.bestOptical, f.bestOpticalIndex, f.bestInfrared, f.usedBands, f.redshift, f.libraryRedshift])
    this.details.append(this.detailRow)
    for (let b = 0; b < this.nf; b++) this.fluxRows.set([f.observedFlux[b], f.observedSigma[b], f.bestFitFlux[b]], b * FILTER_VALUES.length)
    this.fluxes.append(this.fluxRows)
  }

  /** Writes a band of the cube now: no more pixels will come to it. */
  release (band: number): void {
    this.cube.release(band)
  }

  /** Writes everything gathered so far (the file then holds every pixel added). */
  checkpoint (): void {
    this.cube.checkpoint()
    this.parameters.checkpoint()
    this.details.checkpoint()
    this.fluxes.checkpoint()
  }

  close (): void {
    this.cube.close()
    this.parameters.close()
    this.details.close()
    this.fluxes.close()
  }
}
