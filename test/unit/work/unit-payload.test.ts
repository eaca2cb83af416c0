import { describe, expect, it } from 'vitest'
import * as wire from '../../../protocols/unit.js'
import { BadUnitError } from '../../../src/work/errors.js'
import { decodeWorkUnit, encodeWorkUnit, pixelName, unitObservations, type WorkUnit } from '../../../src/work/unit-payload.js'
import { fuzzDecoder, plainUnit } from './helpers.js'

/** The unit's wire form, changed by `change`, encoded: for inputs the domain encoder cannot produce. */
function wireUnit (change: (w: wire.WorkUnit) => void): Uint8Array {
  const w = wire.WorkUnit.decode(encodeWorkUnit(plainUnit()))
  change(w)
  return wire.WorkUnit.encode(w)
}

function expectBadUnit (bytes: Uint8Array): void {
  expect(() => decodeWorkUnit(bytes)).toThrow(BadUnitError)
  try {
    decodeWorkUnit(bytes)
  } catch (err) {
    expect((err as BadUnitError).code).toBe('ERR_BAD_UNIT')
  }
}

describe('work-unit payload', () => {
  it('round-trips every field, NaN fluxes included, and encodes the same unit to the same bytes', () => {
    const unit = plainUnit()
    const bytes = encodeWorkUnit(unit)
    const back = decodeWorkUnit(bytes)
    expect(back).toEqual(unit)
    expect(back.pixels[0].flux).toBeInstanceOf(Float64Array)
    expect(Number.isNaN(back.pixels[1].flux[0]) && Number.isNaN(back.pixels[1].sigma[0])).toBe(true)
    expect(Buffer.from(encodeWorkUnit(back)).equals(Buffer.from(bytes))).toBe(true)
  })

  it('states the estimated cost of a pixel when known, and nothing when not', () => {
    const costed: WorkUnit = { ...plainUnit(), estimatedPixelSeconds: 0.77 }
    const back = decodeWorkUnit(encodeWorkUnit(costed))
    expect(back.estimatedPixelSeconds).toBe(0.77)
    expect(back).toEqual(costed)
    expect(decodeWorkUnit(encodeWorkUnit(plainUnit()))).not.toHaveProperty('estimatedPixelSeconds')
    // A stated cost is part of the content: the same unit with and without it are different payloads.
    expect(Buffer.from(encodeWorkUnit(costed)).equals(Buffer.from(encodeWorkUnit(plainUnit())))).toBe(false)
  })

  it('names its observations as pogs galaxy fit does, in the unit order', () => {
    const unit = plainUnit()
    const obs = unitObservations(unit)
    expect(obs.map((o) => o.name)).toEqual(unit.pixels.map((p) => pixelName('NGC 1316', p.x, p.y)))
    expect(obs[0].name).toBe('NGC 1316_10_3')
    expect(obs.every((o) => o.redshift === unit.redshift)).toBe(true)
  })

  it.each<[string, (w: wire.WorkUnit) => void]>([
    ['no unit id', (w) => { w.unitId = '' }],
    ['no galaxy', (w) => { w.galaxy = '' }],
    ['a unit id of 257 characters', (w) => { w.unitId = 'u'.repeat(257) }],
    ['a negative redshift', (w) => { w.redshift = -0.1 }],
    ['a NaN redshift', (w) => { w.redshift = Number.NaN }],
    ['no filters', (w) => { w.filters = [] }],
    ['a filter without wavelength', (w) => { w.filters[2].lambdaEff = 0 }],
    ['a filter without name', (w) => { w.filters[2].name = '' }],
    ['no pixels', (w) => { w.pixels = [] }],
    ['a pixel listed twice', (w) => { w.pixels[1] = { ...w.pixels[0] } }],
    ['a pixel with a flux too few', (w) => { w.pixels[1].flux.pop() }],
    ['a pixel with a sigma too many', (w) => { w.pixels[1].sigma.push(1) }],
    ['no optical library', (w) => { w.optical = undefined }],
    ['a library name with a directory', (w) => { w.infrared = { name: '../infrared_z0.0100.lbr', cid: 'x' } }],
    ['a hidden library file name', (w) => { w.optical = { name: '.optical', cid: 'x' } }],
    ['a library without CID', (w) => { w.optical = { name: 'optical_z0.0100.lbr', cid: '' } }],
    ['65 filters (limit 64)', (w) => { w.filters = Array.from({ length: 65 }, (_, k) => ({ name: `f${k}`, lambdaEff: 1 + k, id: k, fit: true })) }],
    ['a pixel with 65 fluxes (limit 64)', (w) => { w.pixels[0].flux = new Array(65).fill(1) }],
    ['a negative cost per pixel', (w) => { w.estimatedCpuSPerPixel = -1 }],
    ['a NaN cost per pixel', (w) => { w.estimatedCpuSPerPixel = Number.NaN }],
    ['an infinite cost per pixel', (w) => { w.estimatedCpuSPerPixel = Infinity }]
  ])('refuses %s with BadUnitError', (_, change) => {
    expectBadUnit(wireUnit(change))
  })

  it('refuses more than 100,000 pixels before building them', () => {
    const pixels = Array.from({ length: 100_001 }, (_, k) => ({ x: k, y: 0, area: 0, flux: [], sigma: [] }))
    expectBadUnit(wireUnit((w) => { w.pixels = pixels }))
  })

  it('refuses empty, truncated and garbage bytes with BadUnitError', () => {
    const bytes = encodeWorkUnit(plainUnit())
    expectBadUnit(new Uint8Array(0))
    expectBadUnit(bytes.subarray(0, bytes.length - 3))
    expectBadUnit(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]))
  })

  it('throws nothing but BadUnitError for random and mutated payloads', () => {
    const unit: WorkUnit = plainUnit()
    const decoded = fuzzDecoder(encodeWorkUnit(unit), decodeWorkUnit, BadUnitError)
    // Some mutations leave a valid unit (a flux bit flipped); random bytes never do.
    expect(decoded).toBeLessThan(500)
  })
})
