// Archives must open in Debian's h5py and h5dump (HDF5 1.10; docs/design.md#debian-tools-in-tests).
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { GRIDS } from '../../../src/fit/grids.js'
import { debianPython } from '../../helpers/debian-python.js'
import { tempDir } from '../../helpers/reference-data.js'
import { syntheticInput } from './synthetic-input.js'

const f32 = Math.fround
let input: GalaxyArchiveInput
let path: string

beforeAll(async () => {
  input = syntheticInput({ width: 11, height: 8 })
  path = join(tempDir(), 'galaxy.h5')
  await writeArchive(path, input)
})

const SCRIPT = `
import h5py, json, sys
def s(v): return v.decode() if isinstance(v, bytes) else str(v)
f = h5py.File(sys.argv[1], 'r')
g = f['galaxy']
pix = g['pixel/pixels']
x, y, q = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
start, length = (int(v) for v in g['pixel/histogram_grid'][x, y, q])
hist = g['pixel/histograms'][start:start + length]
print(json.dumps({
  'hdf5': h5py.version.hdf5_version,
  'attrs': {k: (v.item() if hasattr(v, 'item') else s(v)) for k, v in g.attrs.items()},
  'shape': list(pix.shape), 'dtype': str(pix.dtype), 'dim3': [s(v) for v in pix.attrs['DIM3']], 'dim4': [s(v) for v in pix.attrs['DIM4']],
  'compression': pix.compression, 'chunks': list(pix.chunks),
  'summary': pix[x, y].tolist(), 'hole_is_nan': bool(all(v != v for v in pix[0, 0].ravel())) if sys.argv[5] == '1' else None,
  'grid_shape': list(g['pixel/histogram_grid'].shape), 'grid_dtype': str(g['pixel/histogram_grid'].dtype),
  'hist_shape': list(g['pixel/histograms'].shape), 'hist': hist.tolist(),
  'details_cols': [s(v) for v in g['pixel/pixel_details'].attrs['COLUMNS']], 'details_shape': list(g['pixel/pixel_details'].shape),
  'parameters_shape': list(g['pixel/pixel_parameters'].shape),
  'filters': [s(v) for v in g['image_filters'][:]], 'lambda': g['image_filters'].attrs['lambda_eff_um'].tolist(),
  'pixel_filters': list(g['pixel/pixel_filters'].shape),
  'areas': g['area/area'][:].tolist(), 'area_user': [[s(c) for c in r] for r in g['area/area_user'][:]],
  'header': [[s(c) for c in r] for r in g['fits_header'][:]],
  'cids': [s(v) for v in g['provenance/result_cids'][:]], 'keys': [s(v) for v in g['provenance/verifier_keys'][:]],
  'libraries': [[s(c) for c in r] for r in g['provenance/libraries'][:]],
}))
`

/** What SCRIPT prints. */
interface H5pyView {
  hdf5: string
  attrs: Record<string, unknown>
  shape: number[]
  dtype: string
  dim3: string[]
  dim4: string[]
  compression: string
  chunks: number[]
  summary: number[][]
  hole_is_nan: boolean | null
  grid_shape: number[]
  grid_dtype: string
  hist_shape: number[]
  hist: number[][]
  details_cols: string[]
  details_shape: number[]
  parameters_shape: number[]
  filters: string[]
  lambda: number[]
  pixel_filters: number[]
  areas: number[][]
  area_user: string[][]
  header: string[][]
  cids: string[]
  keys: string[]
  libraries: string[][]
}

describe('archive interoperability', () => {
  it('opens in h5py (HDF5 1.10) with the archive layout', () => {
    const px = input.pixels[5]
    const q = PARAMETER_NAMES.indexOf('mstar')
    const hole = !input.pixels.some((p) => p.x === 0 && p.y === 0)
    const out = debianPython<H5pyView>(SCRIPT, [path, String(px.x), String(px.y), String(q), hole ? '1' : '0'])
    expect(out.hdf5).toMatch(/^1\.10\./)
    expect(out.attrs).toMatchObject({ galaxy_id: 'g-synthetic-1', name: 'NGC 0001 (synthetic)', dimension_x: 11, dimension_y: 8, dimension_z: 6, redshift: 0.0123, ra: 12.5, dec: -30.25, pixel_count: 88, pixels_processed: input.pixels.length, area_count: 2 })
    expect(out.shape).toEqual([11, 8, 16, 7])
    expect(out.dtype).toBe('float32')
    expect(out.dim3).toEqual([...PARAMETER_NAMES])
    expect(out.dim4).toEqual([...VALUE_NAMES])
    expect(out.compression).toBe('gzip')
    expect(out.chunks).toEqual([11, 8, 16, 7])
    expect(out.summary.flat()).toEqual(Array.from(px.fit.summary, f32))
    if (hole) expect(out.hole_is_nan).toBe(true)
    expect(out.grid_shape).toEqual([11, 8, 16, 2])
    expect(out.grid_dtype).toBe('int32')
    const want = px.fit.histograms[q]
    expect(out.hist).toEqual(Array.from(want.values, (v, k) => [f32(GRIDS[q].centres[want.first + k]), f32(v)]))
    expect(out.hist_shape).toEqual([input.pixels.reduce((n, p) => n + p.fit.histograms.reduce((m, h) => m + h.values.length, 0), 0), 2])
    expect(out.details_cols).toContain('chi2')
    expect(out.details_shape).toEqual([input.pixels.length, 11])
    expect(out.parameters_shape).toEqual([input.pixels.length, 16, 7])
    expect(out.filters).toEqual(input.filters.map((f) => f.name))
    expect(out.lambda).toEqual(input.filters.map((f) => f.lambdaEff))
    expect(out.pixel_filters).toEqual([input.pixels.length, 6, 3])
    expect(out.areas).toEqual(input.areas.map((a) => [a.index, a.x0, a.y0, a.x1, a.y1, a.pixels.length]))
    expect(out.area_user[1]).toEqual(['1', '12D3KooWvolA,12D3KooWvol1', new Date(input.provenance[1].assimilatedAt * 1000).toISOString()])
    expect(out.header[1]).toEqual(['OBJECT', 'NGC 0001 (synthetic)', 'galaxy'])
    expect(out.cids).toEqual(['', 'bafyresult1a bafyresult1b'])
    expect(out.keys).toEqual(['', '12D3KooWver1 12D3KooWver2'])
    expect(out.libraries[1]).toEqual(['infrared_z0.0100.lbr', '0.01', 'b'.repeat(64), 'bafylib'])
  })

  it('h5dump reads the header and the DIM3 attribute', () => {
    const header = execFileSync('/usr/bin/h5dump', ['-H', path], { encoding: 'utf8' })
    expect(header).toContain('GROUP "galaxy"')
    expect(header).toContain('DATASET "pixels"')
    expect(header).toContain('DATASET "histograms"')
    expect(header).toContain('H5T_IEEE_F32LE')
    const dim3 = execFileSync('/usr/bin/h5dump', ['-a', '/galaxy/pixel/pixels/DIM3', path], { encoding: 'utf8' })
    expect(dim3).toContain('"xi_pah_tot"')
  })
})
