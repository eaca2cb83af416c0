import { describe, expect, it } from 'vitest'
import * as wire from '../../../protocols/unit-result.js'
import { encodePixelFit } from '../../../src/fit/index.js'
import { BadResultError, ResultMismatchError } from '../../../src/work/errors.js'
import { MAX_RESULT_BYTES_PER_PIXEL } from '../../../src/work/limits.js'
import { checkAnswersUnit, decodeCanonicalUnitResult, decodeUnitResult, digestOf, encodedResultBytes, encodeUnitResult, resultFromOutcomes, type UnitResult } from '../../../src/work/unit-result.js'
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

  it('holds canonical fits: histograms rounded as their encoding rounds them, so it equals what its bytes decode to', () => {
    const unit = plainUnit('g1-u7', 1)
    const raw = fakeFit('NGC 1316_10_3')
    raw.histograms[2] = { first: 6, values: Float64Array.from([1e-9, 0.3, 0.7, 1e-9]) }
    const r = resultFromOutcomes(unit, [{ ok: true, fit: raw }])
    const p = r.pixels[0]
    if (!('fit' in p)) throw new Error('pixel 0 should be fitted')
    expect(p.fit.histograms[2]).toEqual({ first: 7, values: Float64Array.from([0.3, 0.7].map((v) => Math.round(v * 2 ** 15) / 2 ** 15)) })
    expect(decodeCanonicalUnitResult(encodeUnitResult(r))).toEqual(r)
  })

  it('reports the bytes a result of given fits takes as sent', () => {
    const fits = [fakeFit('a'), fakeFit('b', 6, 2)]
    const bytes = encodedResultBytes(fits)
    expect(bytes).toBe(encodeUnitResult({ unitId: 'u', pixels: fits.map((fit, k) => ({ x: k, y: 0, fit })) }).length)
    expect(bytes).toBeGreaterThan(fits.reduce((n, f) => n + encodePixelFit(f).length, 0))
    expect(bytes).toBeLessThanOrEqual(fits.length * MAX_RESULT_BYTES_PER_PIXEL)
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

describe('decodeCanonicalUnitResult', () => {
  /** The definition it shortcuts: decoding and encoding again gives the same bytes. */
  const reencodes = (b: Uint8Array): boolean => {
    try {
      return Buffer.from(encodeUnitResult(decodeUnitResult(b))).equals(Buffer.from(b))
    } catch {
      return false
    }
  }
  const accepts = (b: Uint8Array): boolean => {
    try {
      decodeCanonicalUnitResult(b)
      return true
    } catch (err) {
      expect(err).toBeInstanceOf(BadResultError)
      return false
    }
  }
  const edit = (bytes: Uint8Array, change: (w: wire.UnitResult) => void): Uint8Array => {
    const w = wire.UnitResult.decode(bytes)
    change(w)
    return wire.UnitResult.encode(w)
  }
  /** A result whose first fitted pixel's summary holds a NaN, and the byte offset of that NaN's low word. */
  const withNaN = (): { bytes: Uint8Array, at: number } => {
    const r = fakeResult(plainUnit('g1-u7', 3), 1)
    const p = r.pixels[0]
    if (!('fit' in p)) throw new Error('pixel 0 should be fitted')
    p.fit.summary[5] = Number.NaN
    const bytes = encodeUnitResult(r)
    const at = Buffer.from(bytes).indexOf(Buffer.from([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]))
    return { bytes, at }
  }

  it('accepts exactly what decoding and encoding again gives back unchanged', () => {
    const good = encodeUnitResult(fakeResult(plainUnit('g1-u7', 3), 1))
    const nan = withNaN()
    const otherNaN = Uint8Array.from(nan.bytes)
    otherNaN[nan.at] = 1
    const bom = encodePixelFit({ ...fakeFit('x'), name: '\ufeffNGC 1316_10_3' })
    const cases: Record<string, Uint8Array> = {
      canonical: good,
      'canonical NaN': nan.bytes,
      'another NaN bit pattern': otherNaN,
      'an unfitted reason longer than decoding keeps': edit(encodeUnitResult(fakeResult(plainUnit(), 0)), (w) => { w.pixels[0].unfittedReason = 'R'.repeat(65) }),
      'an unfitted message longer than decoding keeps': edit(encodeUnitResult(fakeResult(plainUnit(), 0)), (w) => { w.pixels[0].unfittedMessage = 'M'.repeat(513) }),
      'a fitted pixel with a message': edit(good, (w) => { w.pixels[0].unfittedMessage = 'also this' }),
      'a name starting with a byte-order mark': edit(good, (w) => { w.pixels[0].fit = Uint8Array.from(bom) }),
      'an unknown field after the frame': Uint8Array.from([...good, 0x18, 0x01]),
      'a field written twice': Uint8Array.from([...good, 0x0a, 0x01, 0x78])
    }
    const verdicts = Object.fromEntries(Object.entries(cases).map(([name, b]) => [name, [accepts(b), reencodes(b)]]))
    for (const [name, [fast, slow]] of Object.entries(verdicts)) expect(fast, name).toBe(slow)
    expect(Object.entries(verdicts).filter(([, [fast]]) => fast).map(([name]) => name)).toEqual(['canonical', 'canonical NaN'])
    expect(nan.at).toBeGreaterThan(0)
  })

  it('agrees with decoding and encoding again on random mutations of a result', () => {
    const good = encodeUnitResult(fakeResult(plainUnit('g1-u7', 2), 1))
    let seed = 7
    const random = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n }
    for (let k = 0; k < 2000; k++) {
      const b = Uint8Array.from(good)
      for (let m = 1 + random(3); m > 0; m--) b[random(b.length)] = random(256)
      expect(accepts(b), `mutation ${k}`).toBe(reencodes(b))
    }
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
