// Reads a galaxy archive written by writeArchive: its facts, a parameter map, one pixel's values and histograms.
import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import { PARAMETER_NAMES, VALUE_NAMES } from '../fit/index.js'
import { ArchiveError } from './errors.js'
import { loadH5 } from './h5.js'
import { dataset, stringList, type H5File } from './h5-read.js'
import { CubeBlocks, ListBlocks } from './block-cache.js'
import { CHUNK_XY, DETAIL_COLUMNS, FILTER_VALUES, GRID_COLUMNS, HISTOGRAM_COLUMNS, LIST_CHUNK, PATHS } from './layout.js'
import { readFacts, type ArchiveFacts } from './read-facts.js'

export type { ArchiveFacts, ArchivedAreaProvenance } from './read-facts.js'

/** One fitted pixel as archived. */
export interface ArchivePixelValues {
  /** 16 x 7 summary values, row-major by parameter (DIM3 x DIM4). */
  summary: Float32Array
  /** The pixel_details row: x, y, area, chi2, scale, best rows, used bands, redshifts. */
  details: Record<typeof DETAIL_COLUMNS[number], number>
  /** Per filter (image_filters order): observed flux, sigma, best-fit flux (Jy); NaN where the band was unused. */
  fluxes: Array<Record<typeof FILTER_VALUES[number], number>>
  /** One parameter's high-resolution histogram: bin centres and probabilities over its non-zero stretch. */
  histogram: (parameter: string) => { centres: Float32Array, probabilities: Float32Array }
}

export interface GalaxyArchive {
  readonly facts: ArchiveFacts
  /** One parameter's value over the image, index x + width * y, NaN where nothing was fitted. */
  map: (parameter: string, value: string) => Float32Array
  /**
   * Every value of one parameter over the image, as a FITS cube [x, y, value] holds it: value v (DIM4 order) of
   * pixel (x, y) at x + width * (y + height * v); NaN where nothing was fitted. One read of the parameter's slab.
   */
  cube: (parameter: string) => Float32Array
  /** The values of pixel (x, y), or undefined when it was not fitted. ERR_OUTSIDE_IMAGE off the image. */
  pixel: (x: number, y: number) => ArchivePixelValues | undefined
  close: () => void
}

/** Index of a parameter name (PARAMETER_NAMES), or ERR_UNKNOWN_PARAMETER listing the names. */
export function parameterIndex (name: string, names: readonly string[] = PARAMETER_NAMES): number {
  const p = names.indexOf(name)
  if (p < 0) throw new ArchiveError('ERR_UNKNOWN_PARAMETER', `unknown parameter ${JSON.stringify(name)}; one of ${names.join(', ')}`)
  return p
}

/** Index of a value name (VALUE_NAMES), or ERR_UNKNOWN_VALUE listing the names. */
export function valueIndex (name: string, names: readonly string[] = VALUE_NAMES): number {
  const v = names.indexOf(name)
  if (v < 0) throw new ArchiveError('ERR_UNKNOWN_VALUE', `unknown value ${JSON.stringify(name)}; one of ${names.join(', ')}`)
  return v
}

/** HDF5's format signature: checked first, so that other files get our error, not HDF5's error stack on stderr. */
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])

function looksLikeHdf5 (path: string): boolean {
  const head = Buffer.alloc(8)
  const fd = openSync(path, 'r')
  try {
    return readSync(fd, head, 0, 8, 0) === 8 && head.equals(HDF5_SIGNATURE)
  } finally {
    closeSync(fd)
  }
}

/** Opens a pogs galaxy archive for reading. ERR_NOT_ARCHIVE when it is missing, not HDF5, or not ours. */
export async function openArchive (path: string): Promise<GalaxyArchive> {
  if (!existsSync(path)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: no such file`)
  if (!looksLikeHdf5(path)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: not an HDF5 file`)
  const h5 = await loadH5()
  let file: H5File
  try {
    file = new h5.File(path, 'r')
  } catch (err) {
    throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: not an HDF5 file (${(err as Error).message})`, { cause: err })
  }
  // h5wasm does not throw when HDF5 fails to open a file (a truncated one, say): it hands back a negative id.
  if (file.file_id < 0n) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: HDF5 cannot open it (truncated or damaged)`)
  try {
    return readOpen(file, path)
  } catch (err) {
    file.close()
    if (err instanceof ArchiveError) throw err
    throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: not a readable pogs galaxy archive (${(err as Error).message})`, { cause: err })
  }
}

function readOpen (file: H5File, path: string): GalaxyArchive {
  const facts = readFacts(file, path)
  const { width: w, height: h } = facts
  const pixels = dataset(file, PATHS.pixels, path)
  const grid = dataset(file, PATHS.histogramGrid, path)
  const list = dataset(file, PATHS.histograms, path)
  const detailColumns = stringList(dataset(file, PATHS.pixelDetails, path), 'COLUMNS', path)
  // Read once: a few hundred bytes per fitted pixel, looked up by (x, y).
  const details = dataset(file, PATHS.pixelDetails, path).value as Float64Array
  const fluxes = dataset(file, PATHS.pixelFilters, path).value as Float32Array
  const rowOf = new Map<number, number>()
  const nd = detailColumns.length
  for (let k = 0; k * nd < details.length; k++) rowOf.set(details[k * nd] + w * details[k * nd + 1], k)
  const nf = facts.filters.length
  const nc = FILTER_VALUES.length
  // Pixel after pixel without a decompression each (block-cache.ts): cube blocks of a chunk's width, list blocks of
  // a chunk of rows.
  const cubeEdge = CHUNK_XY
  const summaries = new CubeBlocks<Float32Array>(pixels, w, h, cubeEdge)
  const gridCells = new CubeBlocks<Int32Array>(grid, w, h, cubeEdge)
  const listRows = new ListBlocks(list, LIST_CHUNK)
  return {
    facts,
    map (parameter, value) {
      const p = parameterIndex(parameter, facts.parameters)
      const v = valueIndex(value, facts.values)
      const slab = pixels.slice([[], [], [p, p + 1], [v, v + 1]]) as Float32Array
      // The cube is [X, Y, ...] in C order (x slowest); images are x + width * y.
      const out = new Float32Array(w * h)
      for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) out[x + w * y] = slab[x * h + y]
      return out
    },
    cube (parameter) {
      const p = parameterIndex(parameter, facts.parameters)
      const nv = facts.values.length
      const slab = pixels.slice([[], [], [p, p + 1], []]) as Float32Array
      // The slab is [X, Y, 1, values] in C order: (x, y, v) at (x * h + y) * nv + v.
      const out = new Float32Array(w * h * nv)
      for (let x = 0; x < w; x++) {
        for (let y = 0; y < h; y++) {
          const from = (x * h + y) * nv
          for (let v = 0; v < nv; v++) out[x + w * (y + h * v)] = slab[from + v]
        }
      }
      return out
    },
    pixel (x, y) {
      if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= w || y >= h) throw new ArchiveError('ERR_OUTSIDE_IMAGE', `pixel (${x}, ${y}) is outside ${w} x ${h}`)
      const row = rowOf.get(x + w * y)
      if (row === undefined) return undefined
      const summary = Float32Array.from(summaries.cells(x, y))
      const cells = Int32Array.from(gridCells.cells(x, y))
      const detail = Object.fromEntries(DETAIL_COLUMNS.map((c) => [c, details[row * nd + detailColumns.indexOf(c)]])) as ArchivePixelValues['details']
      const perBand = Array.from({ length: nf }, (_, b) => Object.fromEntries(FILTER_VALUES.map((c, j) => [c, fluxes[(row * nf + b) * nc + j]])) as ArchivePixelValues['fluxes'][number])
      return {
        summary,
        details: detail,
        fluxes: perBand,
        histogram (parameter) {
          const q = parameterIndex(parameter, facts.parameters)
          const [start, length] = cells.subarray(q * GRID_COLUMNS.length, (q + 1) * GRID_COLUMNS.length)
          const centres = new Float32Array(Math.max(0, length))
          const probabilities = new Float32Array(centres.length)
          if (length > 0) {
            const rows = listRows.read(start, length)
            for (let k = 0; k < length; k++) {
              centres[k] = rows[k * HISTOGRAM_COLUMNS.length]
              probabilities[k] = rows[k * HISTOGRAM_COLUMNS.length + 1]
            }
          }
          return { centres, probabilities }
        }
      }
    },
    close () { file.close() }
  }
}
