// Reads a galaxy archive written by writeArchive: its facts, a parameter map, one pixel's values and histograms.
import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import { PARAMETER_NAMES, VALUE_NAMES, type ParameterName, type ValueName } from '../fit/index.js'
import { ArchiveError } from './errors.js'
import { loadH5 } from './h5.js'
import { ARCHIVE_FORMAT, GRID_COLUMNS, PATHS } from './layout.js'

type H5 = Awaited<ReturnType<typeof loadH5>>
type H5File = InstanceType<H5['File']>
type H5Dataset = InstanceType<H5['Dataset']>

export interface ArchiveFacts {
  format: string
  galaxyId: string
  name: string
  width: number
  height: number
  ra: number
  dec: number
  redshift: number
  pixelsProcessed: number
  areaCount: number
  created: string
  software: string
  version: string
  signalToNoise: number
  filters: Array<{ name: string, lambdaEff: number }>
  header: Array<{ keyword: string, value: string, comment: string }>
  libraries: Array<{ name: string, redshift: number, sha256: string, cid: string }>
  /** Distinct volunteers over all areas. */
  volunteers: string[]
}

export interface ArchivePixelValues {
  /** 16 x 7 summary values, row-major by parameter. */
  summary: Float32Array
  /** The high-resolution histogram of one parameter: bin centres and probabilities (the non-zero stretch). */
  histogram: (parameter: ParameterName) => { centres: Float64Array, probabilities: Float32Array }
}

export interface GalaxyArchive {
  readonly facts: ArchiveFacts
  /** One parameter's value over the image, index x + width * y, NaN where nothing was fitted. */
  map: (parameter: string, value: string) => Float32Array
  /** The values of pixel (x, y), or undefined when it was not fitted. */
  pixel: (x: number, y: number) => ArchivePixelValues | undefined
  close: () => void
}

export function parameterIndex (name: string): number {
  const p = PARAMETER_NAMES.indexOf(name as ParameterName)
  if (p < 0) throw new ArchiveError('ERR_UNKNOWN_PARAMETER', `unknown parameter ${JSON.stringify(name)}; one of ${PARAMETER_NAMES.join(', ')}`)
  return p
}

export function valueIndex (name: string): number {
  const v = VALUE_NAMES.indexOf(name as ValueName)
  if (v < 0) throw new ArchiveError('ERR_UNKNOWN_VALUE', `unknown value ${JSON.stringify(name)}; one of ${VALUE_NAMES.join(', ')}`)
  return v
}

/** Whether an object exists at path (h5wasm's get throws on some missing names instead of returning null). */
function has (file: H5File, path: string): boolean {
  let group: { keys: () => string[], get: (name: string) => unknown } = file
  const parts = path.split('/')
  for (const [k, part] of parts.entries()) {
    if (!group.keys().includes(part)) return false
    if (k < parts.length - 1) {
      const next = group.get(part)
      if (next === null || typeof next !== 'object' || !('keys' in next)) return false
      group = next as typeof group
    }
  }
  return true
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

function dataset (file: H5File, path: string, source: string): H5Dataset {
  const d = has(file, path) ? file.get(path) : null
  if (d === null || !(d instanceof Object) || !('shape' in d)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${source}: no ${path} (not a pogs galaxy archive)`)
  return d as H5Dataset
}

function strings (d: H5Dataset): string[] {
  const v = d.json_value
  return (Array.isArray(v) ? v.flat(2) : [v]).map((s) => String(s ?? ''))
}

export async function openArchive (path: string): Promise<GalaxyArchive> {
  if (!existsSync(path)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: no such file`)
  if (!looksLikeHdf5(path)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: not an HDF5 file`)
  const h5 = await loadH5()
  let file: H5File
  try {
    file = new h5.File(path, 'r')
  } catch (err) {
    throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: not an HDF5 file (${(err as Error).message})`)
  }
  try {
    return readOpen(file, path)
  } catch (err) {
    file.close()
    throw err
  }
}

function readOpen (file: H5File, path: string): GalaxyArchive {
  const g = has(file, PATHS.galaxy) ? file.get(PATHS.galaxy) : null
  if (g === null || !('attrs' in g)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: no galaxy group (not a pogs galaxy archive)`)
  const attr = (name: string): unknown => {
    if (!(name in g.attrs)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: galaxy has no ${name} attribute`)
    return g.get_attribute(name, true)
  }
  const format = String(attr('format'))
  if (format.split('/')[0] !== ARCHIVE_FORMAT.split('/')[0] || format !== ARCHIVE_FORMAT) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: format ${format}, this pogs reads ${ARCHIVE_FORMAT}`)
  const filtersDs = dataset(file, PATHS.imageFilters, path)
  const lambdas = filtersDs.get_attribute('lambda_eff_um', true) as number[]
  const headerRows = strings(dataset(file, PATHS.fitsHeader, path))
  const header: ArchiveFacts['header'] = []
  for (let k = 0; k + 2 < headerRows.length; k += 3) if (headerRows[k] !== '') header.push({ keyword: headerRows[k], value: headerRows[k + 1], comment: headerRows[k + 2] })
  const libRows = strings(dataset(file, PATHS.libraries, path))
  const libraries: ArchiveFacts['libraries'] = []
  for (let k = 0; k + 3 < libRows.length; k += 4) if (libRows[k] !== '') libraries.push({ name: libRows[k], redshift: Number(libRows[k + 1]), sha256: libRows[k + 2], cid: libRows[k + 3] })
  const facts: ArchiveFacts = {
    format,
    galaxyId: String(attr('galaxy_id')),
    name: String(attr('name')),
    width: Number(attr('dimension_x')),
    height: Number(attr('dimension_y')),
    ra: Number(attr('ra')),
    dec: Number(attr('dec')),
    redshift: Number(attr('redshift')),
    pixelsProcessed: Number(attr('pixels_processed')),
    areaCount: Number(attr('area_count')),
    created: String(attr('created')),
    software: String(attr('software')),
    version: String(attr('version')),
    signalToNoise: Number(attr('signal_to_noise')),
    filters: strings(filtersDs).map((name, k) => ({ name, lambdaEff: Number(lambdas[k]) })),
    header,
    libraries,
    volunteers: [...new Set(strings(dataset(file, PATHS.areaUser, path)).flatMap((s) => s.split(',')).filter((s) => s !== ''))]
  }
  const { width: w, height: h } = facts
  const pixels = dataset(file, PATHS.pixels, path)
  const grid = dataset(file, PATHS.histogramGrid, path)
  const list = dataset(file, PATHS.histograms, path)
  const inside = (x: number, y: number): void => {
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= w || y >= h) throw new ArchiveError('ERR_OUTSIDE_IMAGE', `pixel (${x}, ${y}) is outside ${w} x ${h}`)
  }
  return {
    facts,
    map (parameter, value) {
      const p = parameterIndex(parameter)
      const v = valueIndex(value)
      const slab = pixels.slice([[], [], [p, p + 1], [v, v + 1]]) as Float32Array
      // The cube is [X, Y, ...] in C order (x slowest); images are x + width * y.
      const out = new Float32Array(w * h)
      for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) out[x + w * y] = slab[x * h + y]
      return out
    },
    pixel (x, y) {
      inside(x, y)
      const summary = pixels.slice([[x, x + 1], [y, y + 1], [], []]) as Float32Array
      if (summary.every((s) => Number.isNaN(s))) return undefined
      const cells = grid.slice([[x, x + 1], [y, y + 1], [], []]) as Int32Array
      return {
        summary: Float32Array.from(summary),
        histogram (parameter) {
          const q = parameterIndex(parameter)
          const [start, length, first] = Array.from(cells.subarray(q * GRID_COLUMNS.length, (q + 1) * GRID_COLUMNS.length))
          const probabilities = length > 0 ? Float32Array.from(list.slice([[start, start + length]]) as Float32Array) : new Float32Array(0)
          const all = dataset(file, `${PATHS.histogramBins}/${parameter}`, path).value as Float64Array
          return { centres: all.slice(first, first + length), probabilities }
        }
      }
    },
    close () { file.close() }
  }
}
