// The archive's descriptive parts: galaxy attributes, FITS header and WCS, filters, areas and provenance.
import type h5wasm from 'h5wasm/node'
import { formatCard } from '../galaxy/fits/index.js'
import type { ArchiveHead } from './archive-input.js'
import { PATHS } from './layout.js'

type H5File = InstanceType<typeof h5wasm.File>
type H5Group = InstanceType<typeof h5wasm.Group>

function int (v: number): [Int32Array, number[]] {
  return [Int32Array.of(v), []]
}

function cardValue (v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? 'T' : 'F'
  return String(v)
}

/** The galaxy group's attributes (but pixels_processed, known once the pixels are written), header, WCS, filters. */
export function writeGalaxyGroup (file: H5File, a: ArchiveHead, format: string): void {
  const g = file.create_group(PATHS.galaxy)
  g.create_attribute('format', format)
  g.create_attribute('galaxy_id', a.galaxyId)
  g.create_attribute('name', a.name)
  g.create_attribute('dimension_x', ...int(a.width))
  g.create_attribute('dimension_y', ...int(a.height))
  g.create_attribute('dimension_z', ...int(a.filters.length))
  g.create_attribute('ra', a.ra ?? Number.NaN)
  g.create_attribute('dec', a.dec ?? Number.NaN)
  g.create_attribute('redshift', a.redshift)
  g.create_attribute('pixel_count', ...int(a.width * a.height))
  g.create_attribute('area_count', ...int(a.areas.length))
  g.create_attribute('signal_to_noise', a.run.signalToNoise)
  g.create_attribute('created', a.run.created)
  g.create_attribute('software', a.run.software)
  g.create_attribute('version', a.run.version)
  const cards = a.header.filter((c) => c.keyword !== '')
  const rows = cards.flatMap((c) => [c.keyword, cardValue(c.value), c.comment])
  const header = file.create_dataset({ name: PATHS.fitsHeader, data: rows.length > 0 ? rows : ['', '', ''], shape: [Math.max(1, cards.length), 3] })
  header.create_attribute('COLUMNS', ['keyword', 'value', 'comment'])
  // As 80-character card images, so any FITS library reads them back (astropy: fits.Header.fromstring). Not
  // written when it was not recorded (a galaxy registered before pogs kept it): readers then know it is unknown.
  if (a.wcs !== undefined) {
    const wcs = a.wcs.map(formatCard)
    file.create_dataset({ name: PATHS.wcs, data: wcs.length > 0 ? wcs : [''] })
      .create_attribute('description', "the input layers' celestial WCS as FITS card images, for archive pixel (x, y) = FITS pixel (x + 1, y + 1); one empty string when the input had none")
  }
  const filters = file.create_dataset({ name: PATHS.imageFilters, data: a.filters.map((f) => f.name) })
  filters.create_attribute('lambda_eff_um', Float64Array.from(a.filters, (f) => f.lambdaEff))
}

/** The galaxy group's count of fitted pixels. */
export function writePixelCount (file: H5File, n: number): void {
  const g = file.get(PATHS.galaxy) as H5Group
  g.create_attribute('pixels_processed', ...int(n))
}

export function writeAreas (file: H5File, a: ArchiveHead, columns: readonly string[], userColumns: readonly string[]): void {
  file.create_group(PATHS.areaGroup)
  const rows = new Int32Array(a.areas.length * columns.length)
  a.areas.forEach((ar, k) => rows.set([ar.index, ar.x0, ar.y0, ar.x1, ar.y1, ar.viablePixels], k * columns.length))
  const area = file.create_dataset({ name: PATHS.area, data: rows, shape: [a.areas.length, columns.length], dtype: '<i' })
  area.create_attribute('COLUMNS', [...columns])
  const byArea = new Map(a.provenance.map((p) => [p.area, p]))
  // One row per area in galaxy/area/area order; an area nobody has computed has no volunteers and no time.
  const users = a.areas.flatMap((ar) => {
    const p = byArea.get(ar.index)
    return [String(ar.index), (p?.volunteers ?? []).join(','), p === undefined || !Number.isFinite(p.assimilatedAt) ? '' : new Date(p.assimilatedAt * 1000).toISOString()]
  })
  const user = file.create_dataset({ name: PATHS.areaUser, data: users.length > 0 ? users : ['', '', ''], shape: [Math.max(1, a.areas.length), userColumns.length] })
  user.create_attribute('COLUMNS', [...userColumns])
  user.create_attribute('description', 'per area: its index, the volunteers whose valid results were assimilated (comma-separated), when (ISO 8601)')
  user.create_attribute('assimilated_at', Float64Array.from(a.areas, (ar) => byArea.get(ar.index)?.assimilatedAt ?? Number.NaN))
}

export function writeProvenance (file: H5File, a: ArchiveHead, libraryColumns: readonly string[]): void {
  const group = file.create_group(PATHS.provenance)
  group.create_attribute('signal_to_noise', a.run.signalToNoise)
  group.create_attribute('software', `${a.run.software} ${a.run.version}`)
  const byArea = new Map(a.provenance.map((p) => [p.area, p]))
  const perArea = (pick: (p: ArchiveHead['provenance'][number]) => string[]): string[] => {
    const rows = a.areas.map((ar) => { const p = byArea.get(ar.index); return p === undefined ? '' : pick(p).join(' ') })
    return rows.length > 0 ? rows : ['']
  }
  file.create_dataset({ name: PATHS.resultCids, data: perArea((p) => p.resultCids) })
    .create_attribute('description', 'per area: CIDs of the assimilated result payloads, space-separated')
  file.create_dataset({ name: PATHS.verifierKeys, data: perArea((p) => p.verifierKeys) })
    .create_attribute('description', 'per area: peer ids of the verifiers that signed agreement, space-separated')
  const libs = a.run.libraries.flatMap((l) => [l.name, String(l.redshift), l.sha256, l.cid ?? ''])
  const lib = file.create_dataset({ name: PATHS.libraries, data: libs.length > 0 ? libs : ['', '', '', ''], shape: [Math.max(1, a.run.libraries.length), libraryColumns.length] })
  lib.create_attribute('COLUMNS', [...libraryColumns])
}
