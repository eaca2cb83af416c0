import { describe, expect, it } from 'vitest'
import * as wire from '../../../protocols/unit-result.js'
import { encodePixelFit } from '../../../src/fit/index.js'
import { BadResultError, ResultMismatchError } from '../../../src/work/errors.js'
import { checkAnswersUnit, decodeUnitResult, digestOf, encodeUnitResult, resultFromOutcomes, type UnitResult } from '../../../src/work/unit-result.js'
import { fakeFit, fakeResult, fuzzDecoder, plainUnit } from './helpers.js'

function expectBadResult (bytes: Uint8Array): void {
  let thrown: unknown
  try {
    decodeUnitResult(bytes)
  } catch (err) {
    thrown = err
  }
  expect(thrown).toBeInstanceOf(BadResultError)
  expect((thrown as BadResultError).code).toBe('ERR_BAD_RESULT')
}

function expectMismatch (run: () => void): void {
  let thrown: unknown
  try {
    run()
  } catch (err) {
    thrown = err
  }
  expect(thrown).toBeInstanceOf(ResultMismatchError)
  expect((thrown as ResultMismatchError).code).toBe('ERR_RESULT_MISMATCH')
}

describe('unit result encoding', () => {
  it('round-trips fitted and unfitted pixels with NaN preserved', () => {
    const result = fakeResult(plainUnit(), 2)
    const back = decodeUnitResult(encodeUnitResult(result))
    expect(back).toEqual(result)
    const fit = back.pixels[0]
    if (!('fit' in fit)) throw new Error('pixel 0 should be fitted')
    expect(Number.isNaN(fit.fit.summary[5])).toBe(true)
    expect(Number.isNaN(fit.fit.observedFlux[0])).toBe(true)
    expect(back.pixels[2]).toEqual({ x: 12, y: 3, unfitted: { reason: 'too-few-bands', message: 'only 2 bands with data' } })
  })

  it('is canonical: the same result twice, or decoded and encoded again, gives the same bytes and digest', () => {
    const unit = plainUnit()
    const a = encodeUnitResult(fakeResult(unit, 1))
    const b = encodeUnitResult(fakeResult(unit, 1))
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    expect(Buffer.from(encodeUnitResult(decodeUnitResult(a))).equals(Buffer.from(a))).toBe(true)
    expect(digestOf(a)).toHaveLength(32)
    expect(Buffer.from(digestOf(a)).equals(Buffer.from(digestOf(b)))).toBe(true)
    // Any NaN bit pattern is written as the one canonical NaN.
    const odd = fakeResult(unit, 1)
    const p = odd.pixels[0]
    if (!('fit' in p)) throw new Error('pixel 0 should be fitted')
    const nan = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0]
    p.fit.summary[5] = nan
    expect(Buffer.from(encodeUnitResult(odd)).equals(Buffer.from(a))).toBe(true)
    expect(Buffer.from(digestOf(encodeUnitResult(fakeResult(unit, 2)))).equals(Buffer.from(digestOf(a)))).toBe(false)
  })

  it('is built from the fit pool outcomes in unit order, errors kept as unfitted reasons', () => {
    const unit = plainUnit('g1-u7', 3)
    const r = resultFromOutcomes(unit, [
      { ok: true, fit: fakeFit('NGC 1316_10_3') },
      { ok: false, unfitted: { name: 'NGC 1316_11_3', reason: 'too-few-bands', message: 'few' } },
      { ok: false, error: { name: 'RedshiftOutOfRangeError', code: 'ERR_REDSHIFT_OUT_OF_RANGE', message: 'far' } }
    ])
    expect(r.pixels.map((p) => 'fit' in p ? 'fit' : p.unfitted.reason)).toEqual(['fit', 'too-few-bands', 'ERR_REDSHIFT_OUT_OF_RANGE'])
    expect(r.pixels.map((p) => p.x)).toEqual([10, 11, 12])
  })

  it.each<[string, (w: wire.UnitResult) => void]>([
    ['no unit id', (w) => { w.unitId = '' }],
    ['a pixel neither fitted nor unfitted', (w) => { w.pixels[1] = { ...w.pixels[1], fit: new Uint8Array(0), unfittedReason: '' } }],
    ['a pixel both fitted and unfitted', (w) => { w.pixels[0].unfittedReason = 'too-few-bands' }],
    ['a fit that is not a pixel fit', (w) => { w.pixels[0].fit = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }],
    ['a truncated pixel fit', (w) => { w.pixels[0].fit = w.pixels[0].fit.subarray(0, 100) }],
    ['a pixel fit with trailing bytes', (w) => { w.pixels[0].fit = Uint8Array.from([...w.pixels[0].fit, 0]) }]
  ])('refuses %s with BadResultError', (_, change) => {
    const w = wire.UnitResult.decode(encodeUnitResult(fakeResult(plainUnit())))
    change(w)
    expectBadResult(wire.UnitResult.encode(w))
  })

  it('refuses empty, truncated, garbage and oversized input with BadResultError', () => {
    const bytes = encodeUnitResult(fakeResult(plainUnit()))
    expectBadResult(new Uint8Array(0))
    expectBadResult(bytes.subarray(0, bytes.length - 7))
    expectBadResult(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))
    const pixels = Array.from({ length: 100_001 }, (_, k) => ({ x: k, y: 0, fit: new Uint8Array(0), unfittedReason: 'E', unfittedMessage: '' }))
    expectBadResult(wire.UnitResult.encode({ unitId: 'u', pixels }))
  })

  it('throws nothing but BadResultError for random and mutated results', () => {
    const decoded = fuzzDecoder(encodeUnitResult(fakeResult(plainUnit(), 1)), decodeUnitResult, BadResultError)
    expect(decoded).toBeLessThan(500)
  })

  it('shortens peer-supplied unfitted reasons and messages', () => {
    const w = wire.UnitResult.decode(encodeUnitResult(fakeResult(plainUnit(), 0)))
    w.pixels[0].unfittedReason = 'R'.repeat(1000)
    w.pixels[0].unfittedMessage = 'M'.repeat(10_000)
    const p = decodeUnitResult(wire.UnitResult.encode(w)).pixels[0]
    if (!('unfitted' in p)) throw new Error('pixel 0 should be unfitted')
    expect(p.unfitted.reason.length).toBeLessThanOrEqual(64)
    expect(p.unfitted.message.length).toBeLessThanOrEqual(512)
  })
})

describe('checkAnswersUnit', () => {
  const unit = plainUnit('g1-u7', 4)

  it('accepts a result with exactly the unit pixels in order', () => {
    expect(() => { checkAnswersUnit(unit, fakeResult(unit, 3)) }).not.toThrow()
  })

  it('refuses a result for another unit', () => {
    expectMismatch(() => { checkAnswersUnit(unit, { ...fakeResult(unit), unitId: 'g1-u8' }) })
  })

  it('refuses a missing pixel', () => {
    const r = fakeResult(unit)
    expectMismatch(() => { checkAnswersUnit(unit, { ...r, pixels: r.pixels.slice(0, 3) }) })
  })

  it('refuses an extra pixel', () => {
    const r = fakeResult(unit)
    expectMismatch(() => { checkAnswersUnit(unit, { ...r, pixels: [...r.pixels, { x: 99, y: 3, unfitted: { reason: 'E', message: '' } }] }) })
  })

  it('refuses moved pixels: swapped, or shifted to another position', () => {
    const r = fakeResult(unit)
    expectMismatch(() => { checkAnswersUnit(unit, { ...r, pixels: [r.pixels[1], r.pixels[0], ...r.pixels.slice(2)] }) })
    expectMismatch(() => { checkAnswersUnit(unit, { ...r, pixels: r.pixels.map((p, k) => k === 2 ? { ...p, y: p.y + 1 } : p) }) })
  })

  it('refuses a fit over another number of bands, or named as another pixel', () => {
    const r: UnitResult = fakeResult(unit)
    expectMismatch(() => { checkAnswersUnit(unit, { ...r, pixels: r.pixels.map((p, k) => k === 1 ? { x: p.x, y: p.y, fit: fakeFit('NGC 1316_11_3', 5) } : p) }) })
    expectMismatch(() => { checkAnswersUnit(unit, { ...r, pixels: r.pixels.map((p, k) => k === 1 ? { x: p.x, y: p.y, fit: fakeFit('NGC 1316_10_3') } : p) }) })
  })

  it('the canonical pixel encoding survives inside the result byte for byte', () => {
    const r = fakeResult(unit)
    const w = wire.UnitResult.decode(encodeUnitResult(r))
    const first = r.pixels[0]
    if (!('fit' in first)) throw new Error('pixel 0 should be fitted')
    expect(Buffer.from(w.pixels[0].fit).equals(Buffer.from(encodePixelFit(first.fit)))).toBe(true)
  })
})
