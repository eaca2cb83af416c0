import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { ArchiveError } from '../../../src/archive/errors.js'
import { openArchive } from '../../../src/archive/read-archive.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { N_VALUES, PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { GRIDS } from '../../../src/fit/grids.js'
import { tempDir } from '../../helpers/reference-data.js'
import { syntheticInput } from './synthetic-input.js'

const f32 = Math.fround
const W = 13
const H = 9
let input: GalaxyArchiveInput
let path: string

beforeAll(async () => {
  input = syntheticInput({ width: W, height: H })
  path = join(tempDir(), 'galaxy.h5')
  await writeArchive(path, input)
})

describe('galaxy archive round trip', () => {
  it('reads back the galaxy facts, filters, header, areas and provenance', async () => {
    const a = await openArchive(path)
    try {
      const f = a.facts
      expect(f).toMatchObject({
        format: 'pogs-galaxy-archive/2', galaxyId: 'g-synthetic-1', name: 'NGC 0001 (synthetic)', width: W, height: H, ra: 12.5, dec: -30.25,
        redshift: 0.0123, pixelCount: W * H, pixelsProcessed: input.pixels.length, areaCount: 2, created: '2026-11-25T00:00:00.000Z',
        software: 'pogs', version: '0.0.0-test', signalToNoise: 10
      })
      expect(f.filters).toEqual(input.filters)
      expect(f.parameters).toEqual([...PARAMETER_NAMES])
      expect(f.values).toEqual([...VALUE_NAMES])
      expect(f.header).toEqual([
        { keyword: 'SIMPLE', value: 'T', comment: 'conforms to FITS' },
        { keyword: 'OBJECT', value: 'NGC 0001 (synthetic)', comment: 'galaxy' },
        { keyword: 'REDSHIFT', value: '0.0123', comment: '' },
        { keyword: 'NAXIS1', value: String(W), comment: 'x' }
      ])
      expect(f.libraries).toEqual([
        { name: 'optical_z0.0100.lbr', redshift: 0.01, sha256: 'a'.repeat(64), cid: '' },
        { name: 'infrared_z0.0100.lbr', redshift: 0.01, sha256: 'b'.repeat(64), cid: 'bafylib' }
      ])
      expect(f.provenance).toEqual(input.provenance.map((p) => ({
        area: p.area, volunteers: p.volunteers, resultCids: p.resultCids, verifierKeys: p.verifierKeys, assimilated: new Date(p.assimilatedAt * 1000).toISOString()
      })))
      expect(f.volunteers).toEqual(['local', '12D3KooWvolA', '12D3KooWvol1'])
    } finally {
      a.close()
    }
  })

  it('reads back every map value, NaN where nothing was fitted', async () => {
    const a = await openArchive(path)
    try {
      const fitted = new Map(input.pixels.map((p) => [p.x + W * p.y, p]))
      expect(fitted.size).toBeLessThan(W * H)
      for (const [q, parameter] of PARAMETER_NAMES.entries()) {
        for (const [v, value] of VALUE_NAMES.entries()) {
          const map = a.map(parameter, value)
          expect(map.length).toBe(W * H)
          for (let k = 0; k < W * H; k++) {
            const p = fitted.get(k)
            if (p === undefined) expect(map[k]).toBeNaN()
            else expect(map[k]).toBe(f32(p.fit.summary[q * N_VALUES + v]))
          }
        }
      }
    } finally {
      a.close()
    }
  })

  it('reads back every pixel: summary, details, fluxes and all 16 histograms', async () => {
    const a = await openArchive(path)
    try {
      for (const p of input.pixels) {
        const got = a.pixel(p.x, p.y)
        if (got === undefined) throw new Error(`pixel (${p.x}, ${p.y}) missing`)
        const f = p.fit
        expect(Array.from(got.summary)).toEqual(Array.from(f.summary, f32))
        expect(got.details).toEqual({
          x: p.x, y: p.y, area: p.area, chi2: f.chi2, scale: f.scale, best_optical_row: f.bestOptical, best_optical_index: f.bestOpticalIndex,
          best_infrared_row: f.bestInfrared, used_bands: f.usedBands, redshift: f.redshift, library_redshift: f.libraryRedshift
        })
        expect(got.fluxes).toEqual(input.filters.map((_, b) => ({ observed_flux: f32(f.observedFlux[b]), sigma: f32(f.observedSigma[b]), best_fit_flux: f32(f.bestFitFlux[b]) })))
        for (const [q, name] of PARAMETER_NAMES.entries()) {
          const h = got.histogram(name)
          const want = f.histograms[q]
          expect(Array.from(h.probabilities)).toEqual(Array.from(want.values, f32))
          expect(Array.from(h.centres)).toEqual(Array.from(GRIDS[q].centres.subarray(want.first, want.first + want.values.length), f32))
        }
      }
      const hole = [...Array(W * H).keys()].find((k) => !input.pixels.some((p) => p.x + W * p.y === k)) as number
      expect(a.pixel(hole % W, Math.floor(hole / W))).toBeUndefined()
    } finally {
      a.close()
    }
  })

  it('refuses unknown names and pixels off the image with typed errors', async () => {
    const a = await openArchive(path)
    try {
      const code = (fn: () => unknown): string | undefined => { try { fn(); return undefined } catch (e) { expect(e).toBeInstanceOf(ArchiveError); return (e as ArchiveError).code } }
      expect(code(() => a.map('stellar_mass', 'median'))).toBe('ERR_UNKNOWN_PARAMETER')
      expect(code(() => a.map('mstar', 'mean'))).toBe('ERR_UNKNOWN_VALUE')
      expect(code(() => a.pixel(W, 0))).toBe('ERR_OUTSIDE_IMAGE')
      expect(code(() => a.pixel(0, -1))).toBe('ERR_OUTSIDE_IMAGE')
      const p = input.pixels[0]
      expect(code(() => a.pixel(p.x, p.y)?.histogram('nope'))).toBe('ERR_UNKNOWN_PARAMETER')
    } finally {
      a.close()
    }
  })

  it('writes and reads a galaxy with no fitted pixels, no filters and unknown position', async () => {
    const empty: GalaxyArchiveInput = { ...syntheticInput({ width: 3, height: 2, fitted: () => false }), ra: undefined, dec: undefined, filters: [], header: [], provenance: [] }
    empty.run = { ...empty.run, libraries: [] }
    const p = join(tempDir(), 'empty.h5')
    await writeArchive(p, empty)
    const a = await openArchive(p)
    try {
      expect(a.facts).toMatchObject({ width: 3, height: 2, pixelsProcessed: 0, filters: [], header: [], libraries: [], volunteers: [] })
      expect(a.facts.ra).toBeNaN()
      expect(Array.from(a.map('sfr', 'median')).every(Number.isNaN)).toBe(true)
      expect(a.pixel(1, 1)).toBeUndefined()
    } finally {
      a.close()
    }
  })
})
