import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { ArchiveError } from '../../../src/archive/errors.js'
import { loadH5 } from '../../../src/archive/h5.js'
import { openArchive } from '../../../src/archive/read-archive.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair, PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { GRIDS } from '../../../src/fit/grids.js'
import { formatFits, parseFits } from '../../../src/galaxy/fits/index.js'
import { fitGalaxy } from '../../../src/galaxy/fit-galaxy.js'
import { galaxyFromFits } from '../../../src/galaxy/galaxy-input.js'
import { synthesizeGalaxy } from '../../../src/galaxy/synth/synthesize.js'
import { debianPython } from '../../helpers/debian-python.js'
import { tempDir, writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'

let input: GalaxyArchiveInput
let dir: string
let path: string

beforeAll(async () => {
  const libs = writeSmallLibrariesWithFilters(20)
  const filters = readFilters(join(libs, 'filters.dat'))
  const syn = synthesizeGalaxy({ name: 'NGC 0000 (test)', size: 14, redshift: 0.01, seed: 9, ra: 12.5, dec: -30.25 }, readLibraryPair(chooseLibrary(listLibraries(libs), 0.01)), filters)
  const fit = await fitGalaxy(galaxyFromFits(parseFits(formatFits(syn.images)), filters), { libraries: libs, catalogue: filters, threads: 2 })
  input = fit.archive
  input.provenance[0] = { ...input.provenance[0], volunteers: ['12D3KooWvolA', '12D3KooWvolB'], resultCids: ['bafyA', 'bafyB'], verifierKeys: ['12D3KooWver1'] }
  dir = tempDir()
  path = join(dir, 'galaxy.h5')
  await writeArchive(path, input)
}, 60_000)

const f32 = Math.fround

describe('galaxy archive', () => {
  it('reads back every fact, map, pixel value and histogram', async () => {
    const a = await openArchive(path)
    try {
      expect(a.facts).toMatchObject({ name: 'NGC 0000 (test)', width: 14, height: 14, ra: 12.5, dec: -30.25, redshift: 0.01, pixelsProcessed: input.pixels.length, areaCount: input.areas.length })
      expect(a.facts.filters).toEqual(input.filters)
      expect(a.facts.header.find((c) => c.keyword === 'OBJECT')?.value).toBe('NGC 0000 (test)')
      expect(a.facts.libraries.map((l) => l.sha256)).toEqual(input.run.libraries.map((l) => l.sha256))
      expect(a.facts.volunteers.sort()).toEqual(['12D3KooWvolA', '12D3KooWvolB', 'local'])
      const v = VALUE_NAMES.indexOf('p16')
      const p = PARAMETER_NAMES.indexOf('sfr')
      const map = a.map('sfr', 'p16')
      const fitted = new Set(input.pixels.map((px) => px.x + 14 * px.y))
      for (let k = 0; k < 14 * 14; k++) if (!fitted.has(k)) expect(map[k]).toBeNaN()
      for (const px of input.pixels) {
        expect(map[px.x + 14 * px.y]).toBe(f32(px.fit.summary[p * 7 + v]))
        const got = a.pixel(px.x, px.y)
        expect(got).toBeDefined()
        expect(Array.from(got?.summary ?? [])).toEqual(Array.from(px.fit.summary, f32))
        for (const name of ['mstar', 'xi_w_tot'] as const) {
          const q = PARAMETER_NAMES.indexOf(name)
          const h = got?.histogram(name)
          const want = px.fit.histograms[q]
          expect(Array.from(h?.probabilities ?? [])).toEqual(Array.from(want.values, f32))
          expect(Array.from(h?.centres ?? [])).toEqual(Array.from(GRIDS[q].centres.slice(want.first, want.first + want.values.length)))
        }
      }
      const empty = [...Array(196).keys()].find((k) => !fitted.has(k)) as number
      expect(a.pixel(empty % 14, Math.floor(empty / 14))).toBeUndefined()
      expect(() => a.pixel(14, 0)).toThrow(ArchiveError)
      expect(() => a.map('stellar_mass', 'median')).toThrow(/ERR_UNKNOWN_PARAMETER|unknown parameter/)
      expect(() => a.map('mstar', 'mean')).toThrow(ArchiveError)
    } finally {
      a.close()
    }
  })

  it('opens in h5py (Debian HDF5 1.10) with the layout of design section 8', () => {
    const px = input.pixels[3]
    const out = debianPython<Record<string, unknown>>(`
import h5py, json, sys
f = h5py.File(sys.argv[1], 'r')
g = f['galaxy']
pix = g['pixel/pixels']
x, y = int(sys.argv[2]), int(sys.argv[3])
grid = g['pixel/histogram_grid'][x, y, 5]
hist = g['pixel/histograms'][grid[0]:grid[0] + grid[1]]
print(json.dumps({
  'hdf5': h5py.version.hdf5_version,
  'attrs': {k: (v.item() if hasattr(v, 'item') else v) for k, v in g.attrs.items()},
  'shape': list(pix.shape), 'dim3': [str(s) for s in pix.attrs['DIM3']], 'dim4': [str(s) for s in pix.attrs['DIM4']],
  'compression': pix.compression, 'chunks': list(pix.chunks),
  'mstar_median': float(pix[x, y, 5, 1]),
  'hist_sum': float(hist.sum()), 'hist_len': int(grid[1]),
  'details_cols': [str(s) for s in g['pixel/pixel_details'].attrs['COLUMNS']],
  'filters': [s.decode() if isinstance(s, bytes) else s for s in g['image_filters'][:]],
  'pixel_filters': list(g['pixel/pixel_filters'].shape),
  'areas': list(g['area/area'].shape), 'header_rows': g['fits_header'].shape[0],
  'cids': (lambda s: s.decode() if isinstance(s, bytes) else s)(g['provenance/result_cids'][0]),
}))
`, [path, String(px.x), String(px.y)])
    expect(out.hdf5).toMatch(/^1\.10\./)
    expect(out.attrs).toMatchObject({ name: 'NGC 0000 (test)', dimension_x: 14, dimension_y: 14, dimension_z: 6, redshift: 0.01, ra: 12.5, dec: -30.25, pixels_processed: input.pixels.length })
    expect(out.shape).toEqual([14, 14, 16, 7])
    expect(out.dim3).toEqual([...PARAMETER_NAMES])
    expect(out.dim4).toEqual([...VALUE_NAMES])
    expect(out.compression).toBe('gzip')
    expect(out.mstar_median).toBe(f32(px.fit.summary[5 * 7 + 1]))
    expect(out.hist_len).toBe(px.fit.histograms[5].values.length)
    expect(out.hist_sum as number).toBeCloseTo(px.fit.histograms[5].values.reduce((s, v) => s + v, 0), 5)
    expect(out.details_cols).toContain('chi2')
    expect(out.filters).toEqual(input.filters.map((f) => f.name))
    expect(out.pixel_filters).toEqual([input.pixels.length, 6, 3])
    expect(out.areas).toEqual([input.areas.length, 6])
    expect(out.header_rows).toBe(input.header.length)
    expect(out.cids).toBe('bafyA bafyB')
  })

  it('h5dump reads it', () => {
    const header = execFileSync('/usr/bin/h5dump', ['-H', path], { encoding: 'utf8' })
    expect(header).toContain('DATASET "pixels"')
    expect(header).toContain('H5T_IEEE_F32LE')
    const dim3 = execFileSync('/usr/bin/h5dump', ['-a', '/galaxy/pixel/pixels/DIM3', path], { encoding: 'utf8' })
    expect(dim3).toContain('"xi_pah_tot"')
  })

  it('a failed write leaves no temporary file and an earlier archive intact', async () => {
    const before = readFileSync(path)
    const broken = { ...input, pixels: [...input.pixels, { ...input.pixels[0], x: 99 }] }
    await expect(writeArchive(path, broken)).rejects.toThrow(ArchiveError)
    const twice = { ...input, pixels: [...input.pixels, input.pixels[0]] }
    await expect(writeArchive(path, twice)).rejects.toThrow(/appears twice/)
    await expect(writeArchive(join(dir, 'missing-dir', 'g.h5'), input)).rejects.toThrow(/ERR_ARCHIVE_WRITE|not a writable directory/)
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(dir)).toEqual(['galaxy.h5'])
  })

  it('refuses files that are not pogs archives with ERR_NOT_ARCHIVE', async () => {
    const text = join(dir, 'text.h5')
    writeFileSync(text, 'not HDF5 at all\n')
    const other = join(dir, 'other.h5')
    const h5 = await loadH5()
    const f = new h5.File(other, 'w')
    f.create_dataset({ name: 'x', data: new Float64Array([1, 2]) })
    f.close()
    for (const p of [text, other, join(dir, 'absent.h5')]) {
      const err = await openArchive(p).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ArchiveError)
      expect((err as ArchiveError).code).toBe('ERR_NOT_ARCHIVE')
    }
  })
})
