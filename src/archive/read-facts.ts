// The descriptive part of an archive: galaxy attributes, filters, FITS header and WCS, areas and provenance.
import { CARD, parseCard, type Card } from '../galaxy/fits/index.js'
import { ArchiveError } from './errors.js'
import { dataset, has, stringList, stringRows, strings, type H5Dataset, type H5File } from './h5-read.js'
import { ARCHIVE_FORMAT, AREA_COLUMNS, AREA_USER_COLUMNS, LIBRARY_COLUMNS, PATHS } from './layout.js'

/** Who computed one area and who vouched for it, as archived. */
export interface ArchivedAreaProvenance {
  area: number
  volunteers: string[]
  resultCids: string[]
  verifierKeys: string[]
  /** ISO 8601, '' when unknown. */
  assimilated: string
}

export interface ArchiveFacts {
  format: string
  galaxyId: string
  name: string
  width: number
  height: number
  /** Degrees; NaN when unknown. */
  ra: number
  dec: number
  redshift: number
  pixelCount: number
  pixelsProcessed: number
  areaCount: number
  created: string
  software: string
  version: string
  signalToNoise: number
  filters: Array<{ name: string, lambdaEff: number }>
  header: Array<{ keyword: string, value: string, comment: string }>
  /**
   * The input layers' celestial WCS (galaxy/wcs), for archive pixel (x, y) = FITS pixel (x + 1, y + 1): empty when
   * the input had none, undefined when it was not recorded (archives from before pogs kept it).
   */
  wcs: Card[] | undefined
  /** Names along the cube's third and fourth axes (DIM3, DIM4). */
  parameters: string[]
  values: string[]
  libraries: Array<{ name: string, redshift: number, sha256: string, cid: string }>
  /** Per area, in galaxy/area/area order. */
  provenance: ArchivedAreaProvenance[]
  /** Distinct volunteers over all areas. */
  volunteers: string[]
}

const words = (s: string, sep: string): string[] => s.split(sep).filter((w) => w !== '')

/** The WCS card images; a card that is not one (wrong length, not ASCII, malformed value) is ERR_NOT_ARCHIVE. */
function readWcs (d: H5Dataset, path: string): Card[] {
  return strings(d).filter((s) => s !== '').map((s) => {
    try {
      if (s.length !== CARD || /[^\x20-\x7e]/.test(s)) throw new Error('not an 80-character ASCII card')
      return parseCard(s)
    } catch (err) {
      throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: ${PATHS.wcs} holds ${JSON.stringify(s.slice(0, 80))}, not a FITS card (${(err as Error).message})`, { cause: err })
    }
  })
}

export function readFacts (file: H5File, path: string): ArchiveFacts {
  const g = has(file, PATHS.galaxy) ? file.get(PATHS.galaxy) : null
  if (g === null || !('attrs' in g)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: no galaxy group (not a pogs galaxy archive)`)
  const attr = (name: string): unknown => {
    if (!(name in g.attrs)) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: galaxy has no ${name} attribute`)
    return g.get_attribute(name, true)
  }
  const format = String(attr('format'))
  if (format !== ARCHIVE_FORMAT) throw new ArchiveError('ERR_NOT_ARCHIVE', `${path}: format ${format}, this pogs reads ${ARCHIVE_FORMAT}`)
  const filtersDs = dataset(file, PATHS.imageFilters, path)
  const lambdas = filtersDs.get_attribute('lambda_eff_um', true) as number[] | number
  const filterNames = Number(attr('dimension_z')) === 0 ? [] : strings(filtersDs)
  const pixels = dataset(file, PATHS.pixels, path)
  const areaRows = Array.from(dataset(file, PATHS.area, path).value as Int32Array)
  const areaIndex = [] as number[]
  for (let k = 0; k < areaRows.length; k += AREA_COLUMNS.length) areaIndex.push(areaRows[k])
  const users = new Map(stringRows(dataset(file, PATHS.areaUser, path), AREA_USER_COLUMNS.length).map((r) => [Number(r[0]), r]))
  const cids = strings(dataset(file, PATHS.resultCids, path))
  const keys = strings(dataset(file, PATHS.verifierKeys, path))
  const provenance = areaIndex.map((area, k) => ({
    area,
    volunteers: words(users.get(area)?.[1] ?? '', ','),
    resultCids: words(cids[k] ?? '', ' '),
    verifierKeys: words(keys[k] ?? '', ' '),
    assimilated: users.get(area)?.[2] ?? ''
  }))
  return {
    format,
    galaxyId: String(attr('galaxy_id')),
    name: String(attr('name')),
    width: Number(attr('dimension_x')),
    height: Number(attr('dimension_y')),
    ra: Number(attr('ra')),
    dec: Number(attr('dec')),
    redshift: Number(attr('redshift')),
    pixelCount: Number(attr('pixel_count')),
    pixelsProcessed: Number(attr('pixels_processed')),
    areaCount: Number(attr('area_count')),
    created: String(attr('created')),
    software: String(attr('software')),
    version: String(attr('version')),
    signalToNoise: Number(attr('signal_to_noise')),
    filters: filterNames.map((name, k) => ({ name, lambdaEff: Number(Array.isArray(lambdas) ? lambdas[k] : lambdas) })),
    header: stringRows(dataset(file, PATHS.fitsHeader, path), 3).map(([keyword, value, comment]) => ({ keyword, value, comment })),
    wcs: has(file, PATHS.wcs) ? readWcs(dataset(file, PATHS.wcs, path), path) : undefined,
    parameters: stringList(pixels, 'DIM3', path),
    values: stringList(pixels, 'DIM4', path),
    libraries: stringRows(dataset(file, PATHS.libraries, path), LIBRARY_COLUMNS.length).map(([name, z, sha256, cid]) => ({ name, redshift: Number(z), sha256, cid })),
    provenance,
    volunteers: [...new Set(provenance.flatMap((p) => p.volunteers))]
  }
}
