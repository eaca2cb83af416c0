import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  canonicalPixelFit, contextFor, decodePixelFit, digestPixelFit, encodePixelFit, fitPixel, HISTOGRAM_BITS, HISTOGRAM_QUANTUM,
  listLibraries, MAX_PIXEL_FIT_BYTES, readFilters, readLibraryPair, readObservations, ResultDecodeError, type PixelFit
} from '../../../src/fit/index.js'
import { GRIDS } from '../../../src/fit/grids.js'
import { MAGPHYS_LIBS, REFERENCE, writeSmallLibraries } from '../../helpers/reference-data.js'

let fit: PixelFit

beforeAll(() => {
  const filters = readFilters(join(REFERENCE, 'z01', 'filters.dat'))
  const obs = readObservations(join(REFERENCE, 'z01', 'observations.dat'), filters.length)
  const ctx = contextFor(readLibraryPair(listLibraries(writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 20))[0]))
  const out = fitPixel(ctx, filters, obs.rows[2])
  if (!out.ok) throw new Error('reference pixel not fitted')
  fit = out.detail.fit
})

/** Where the coded histograms start: after the fixed fields, the name, the fluxes, the summary and 16 headers. */
function codeOffset (f: PixelFit): number {
  return 55 + new TextEncoder().encode(f.name).length + 24 * f.observedFlux.length + 8 * f.summary.length + 4 * 16
}

/** `f` with histogram `p` replaced. */
function withHistogram (f: PixelFit, p: number, first: number, values: number[]): PixelFit {
  const histograms = f.histograms.map((h, q) => q === p ? { first, values: Float64Array.from(values) } : h) as PixelFit['histograms']
  return { ...f, histograms }
}

describe('canonical result encoding', () => {
  it('round-trips every field, histograms rounded to the documented step, and keeps the digest', () => {
    const bytes = encodePixelFit(fit)
    const back = decodePixelFit(bytes, { canonical: true })
    expect(back).toEqual(canonicalPixelFit(fit))
    expect({ ...back, histograms: undefined }).toEqual({ ...fit, histograms: undefined })
    expect(Buffer.from(encodePixelFit(back)).equals(Buffer.from(bytes))).toBe(true)
    expect(digestPixelFit(back)).toBe(digestPixelFit(fit))
    expect(digestPixelFit(fit)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('keeps each probability as the nearest multiple of 2^-15, trimmed of zero bins at either end', () => {
    expect(HISTOGRAM_QUANTUM).toBe(2 ** -HISTOGRAM_BITS)
    expect(HISTOGRAM_BITS).toBe(15)
    const back = decodePixelFit(encodePixelFit(fit))
    fit.histograms.forEach((h, p) => {
      const got = back.histograms[p]
      expect(got.values.length, `histogram ${p}`).toBeGreaterThan(0)
      expect(got.values[0]).toBeGreaterThan(0)
      expect(got.values[got.values.length - 1]).toBeGreaterThan(0)
      expect(got.first).toBeGreaterThanOrEqual(h.first)
      expect(got.first + got.values.length).toBeLessThanOrEqual(h.first + h.values.length)
      const off: string[] = []
      for (let k = 0; k < h.values.length; k++) {
        const v = got.values[h.first + k - got.first] ?? 0
        if (v !== Math.round(h.values[k] * 2 ** 15) / 2 ** 15 || Math.abs(v - h.values[k]) > HISTOGRAM_QUANTUM / 2) off.push(`bin ${h.first + k}: ${v} for ${h.values[k]}`)
      }
      expect(off, `histogram ${p}`).toEqual([])
    })
    // Rounding and trimming: a stretch of tiny values at either end disappears, an interior zero stays.
    const edged = decodePixelFit(encodePixelFit(withHistogram(fit, 4, 10, [1e-9, 0, 0.25, 0, 0.75, 1e-6, 0])))
    expect(edged.histograms[4]).toEqual({ first: 12, values: Float64Array.from([0.25, 0, 0.75]) })
    const gone = decodePixelFit(encodePixelFit(withHistogram(fit, 4, 10, [1e-9, 1e-6])))
    expect(gone.histograms[4]).toEqual({ first: 0, values: new Float64Array(0) })
    // A bin holding all the probability may come out an ulp above 1.
    const whole = decodePixelFit(encodePixelFit(withHistogram(fit, 4, 3, [1 + Number.EPSILON])))
    expect(whole.histograms[4]).toEqual({ first: 3, values: Float64Array.from([1]) })
  })

  it('gives equal digests for fits that round alike, and another when any kept value changes', () => {
    expect(digestPixelFit(canonicalPixelFit(fit))).toBe(digestPixelFit(fit))
    const below = decodePixelFit(encodePixelFit(fit))
    const h = below.histograms[5]
    const k = h.values.findIndex((v) => v > 0)
    h.values[k] += HISTOGRAM_QUANTUM / 8 // below half a step: rounds back
    expect(digestPixelFit(below)).toBe(digestPixelFit(fit))
    h.values[k] += HISTOGRAM_QUANTUM
    expect(digestPixelFit(below)).not.toBe(digestPixelFit(fit))
    const altered = decodePixelFit(encodePixelFit(fit))
    altered.summary[5 * 7 + 1] += 1e-12 // the summary stays float64
    expect(digestPixelFit(altered)).not.toBe(digestPixelFit(fit))
  })

  it('refuses to encode histograms that are not normalised probabilities inside their grid', () => {
    expect(() => encodePixelFit(withHistogram(fit, 0, 0, [0.5, Number.NaN]))).toThrow(RangeError)
    expect(() => encodePixelFit(withHistogram(fit, 0, 0, [-0.5]))).toThrow(RangeError)
    expect(() => encodePixelFit(withHistogram(fit, 0, 0, [1.01]))).toThrow(RangeError)
    expect(() => encodePixelFit(withHistogram(fit, 4, GRIDS[4].nbin - 1, [0.5, 0.5]))).toThrow(RangeError)
  })

  it('stays within MAX_PIXEL_FIT_BYTES even for the costliest histograms, every grid full', () => {
    const name = 'é'.repeat(512)
    const worst: PixelFit = {
      ...fit,
      name,
      observedFlux: new Float64Array(64).fill(1),
      observedSigma: new Float64Array(64).fill(1),
      bestFitFlux: new Float64Array(64).fill(1),
      histograms: GRIDS.map((g) => ({ first: 0, values: Float64Array.from({ length: g.nbin }, (_, k) => k % 2 === 0 ? 1 : 0) })) as PixelFit['histograms']
    }
    const bytes = encodePixelFit(worst)
    expect(bytes.length).toBeLessThanOrEqual(MAX_PIXEL_FIT_BYTES)
    expect(bytes.length).toBeGreaterThan(0.8 * MAX_PIXEL_FIT_BYTES)
    expect(decodePixelFit(bytes, { canonical: true })).toEqual(canonicalPixelFit(worst))
  })

  it('rejects every truncation, trailing bytes, a wrong version and random bytes with a typed error', () => {
    const bytes = encodePixelFit(fit)
    for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 97))) {
      expect(() => decodePixelFit(bytes.subarray(0, n))).toThrow(ResultDecodeError)
    }
    expect(() => decodePixelFit(Uint8Array.from([...bytes, 0]))).toThrow(ResultDecodeError)
    const wrongVersion = bytes.slice()
    wrongVersion[4] = 99
    expect(() => decodePixelFit(wrongVersion)).toThrow(ResultDecodeError)
    let seed = 12345
    const rand = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed & 0xff }
    for (let k = 0; k < 200; k++) {
      const junk = Uint8Array.from({ length: 1 + (k * 37) % 3000 }, rand)
      expect(() => decodePixelFit(junk)).toThrow(ResultDecodeError)
    }
    // mutated valid encodings either decode to something or throw the typed error, never anything else
    for (let k = 0; k < 300; k++) {
      const m = bytes.slice()
      m[rand() * 97 % m.length] ^= 1 + (rand() % 255)
      try { decodePixelFit(m) } catch (err) { expect(err).toBeInstanceOf(ResultDecodeError) }
    }
  })

  it('refuses garbled histogram codes with a typed error, bounded by the grids and not by what the bytes claim', () => {
    const bytes = encodePixelFit(fit)
    const at = codeOffset(fit)
    const headers = at - 64
    const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength)
    // A stretch claiming more bins than its grid has.
    const long = bytes.slice()
    view(long).setUint16(headers + 2, GRIDS[0].nbin + 1, true)
    expect(() => decodePixelFit(long)).toThrow(ResultDecodeError)
    const late = bytes.slice()
    view(late).setUint16(headers, 0xffff, true)
    expect(() => decodePixelFit(late)).toThrow(ResultDecodeError)
    // A code of nothing but one bits (an endless quotient), and one of zeros after valid headers.
    const ones = Uint8Array.from([...bytes.subarray(0, at), ...new Uint8Array(40_000).fill(0xff)])
    expect(() => decodePixelFit(ones)).toThrow(ResultDecodeError)
    const zeros = Uint8Array.from([...bytes.subarray(0, at), ...new Uint8Array(40_000)])
    expect(() => decodePixelFit(zeros)).toThrow(ResultDecodeError)
    // A block parameter beyond the largest (its 5 bits lead the code).
    const bigK = bytes.slice()
    bigK[at] |= 0xf8
    expect(() => decodePixelFit(bigK)).toThrow(ResultDecodeError)
    // Every byte of the code garbled in turn: decodes to something or throws the typed error.
    for (let k = at; k < bytes.length; k += 7) {
      const m = bytes.slice()
      m[k] ^= 0x5a
      try { decodePixelFit(m) } catch (err) { expect(err).toBeInstanceOf(ResultDecodeError) }
    }
  })

  it('decodes canonically exactly what encoding the decoded fit gives back unchanged', () => {
    const bytes = encodePixelFit(fit)
    const at = codeOffset(fit)
    const reencodes = (b: Uint8Array): boolean => {
      try { return Buffer.from(encodePixelFit(decodePixelFit(b))).equals(Buffer.from(b)) } catch { return false }
    }
    const accepts = (b: Uint8Array): boolean => {
      try { decodePixelFit(b, { canonical: true }); return true } catch (err) { expect(err).toBeInstanceOf(ResultDecodeError); return false }
    }
    let seed = 99
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n }
    for (let k = 0; k < 600; k++) {
      const m = bytes.slice()
      // Mostly in the histogram code, where canonical-ness is subtle; the last byte's padding too.
      const where = k % 10 === 0 ? bytes.length - 1 : k % 3 === 0 ? rand(bytes.length) : at + rand(bytes.length - at)
      m[where] ^= 1 << rand(8)
      expect(accepts(m), `mutation ${k} at byte ${where}`).toBe(reencodes(m))
    }
  })

  it('writes the documented code (a known answer), and refuses in canonical mode what the coder would not write', () => {
    // Histogram 4 alone: 0.5 in bins 10 and 11. Counts 16384, 16384; residuals from the prediction (0, then the
    // previous bin) zigzag to 32768 and 0. Parameters 13 and 14 both cost 32 bits: the smaller is written.
    const f = lone(10, [0.5, 0.5])
    const code = (bits: string): Uint8Array => Uint8Array.from((bits + '0000000').slice(0, Math.ceil(bits.length / 8) * 8).match(/.{8}/g) ?? [], (b) => parseInt(b, 2))
    const k13 = '01101' + '11110' + '0'.repeat(13) + '0' + '0'.repeat(13)
    const k14 = '01110' + '110' + '0'.repeat(14) + '0' + '0'.repeat(14)
    const canonical = handMade(f, { first: 10, count: 2 }, code(k13))
    expect(Buffer.from(encodePixelFit(f)).equals(Buffer.from(canonical))).toBe(true)
    expect(decodePixelFit(canonical, { canonical: true })).toEqual(f)
    // The same values under the other parameter of equal cost: valid, not canonical.
    const other = handMade(f, { first: 10, count: 2 }, code(k14))
    expect(decodePixelFit(other)).toEqual(f)
    expect(() => decodePixelFit(other, { canonical: true })).toThrow(ResultDecodeError)
    // Untrimmed: a zero bin in front (residuals 0, 32768, 0; parameter 13 is the cheapest).
    const untrimmed = handMade(f, { first: 9, count: 3 }, code('01101' + '0' + '0'.repeat(13) + '11110' + '0'.repeat(13) + '0' + '0'.repeat(13)))
    expect(decodePixelFit(untrimmed).histograms[4]).toEqual({ first: 9, values: Float64Array.from([0, 0.5, 0.5]) })
    expect(() => decodePixelFit(untrimmed, { canonical: true })).toThrow(ResultDecodeError)
    // An empty stretch placed anywhere but bin 0.
    const emptyAt = handMade(lone(0, []), { first: 7, count: 0 }, new Uint8Array(0))
    expect(decodePixelFit(emptyAt).histograms[4].values).toHaveLength(0)
    expect(() => decodePixelFit(emptyAt, { canonical: true })).toThrow(ResultDecodeError)
    // Padding bits set, a byte too many, and the float64 version 1 are refused.
    const padded = canonical.slice()
    padded[padded.length - 1] |= 0x01
    expect(() => decodePixelFit(padded)).toThrow(ResultDecodeError)
    expect(() => decodePixelFit(Uint8Array.from([...canonical, 0]))).toThrow(ResultDecodeError)
    expect(() => decodePixelFit(encodeV1(fit), { canonical: true })).toThrow(ResultDecodeError)
  })

  it('reads version 1 (float64 histograms, as stores kept them) back, outside canonical mode', () => {
    const back = decodePixelFit(encodeV1(fit))
    expect(back).toEqual(fit)
    expect(Buffer.from(encodePixelFit(back)).equals(Buffer.from(encodePixelFit(fit)))).toBe(true)
  })
})

/** The test fit with every histogram empty but histogram 4. */
function lone (first: number, values: number[]): PixelFit {
  const histograms = fit.histograms.map((_, q) => q === 4 ? { first, values: Float64Array.from(values) } : { first: 0, values: new Float64Array(0) })
  return { ...fit, histograms: histograms as PixelFit['histograms'] }
}

/** `f`'s encoding with histogram 4's header and the code replaced (every other histogram must be empty). */
function handMade (f: PixelFit, h4: { first: number, count: number }, code: Uint8Array): Uint8Array {
  const at = codeOffset(f)
  const out = Uint8Array.from([...encodePixelFit(f).subarray(0, at), ...code])
  const view = new DataView(out.buffer)
  view.setUint16(at - 64 + 16, h4.first, true)
  view.setUint16(at - 64 + 18, h4.count, true)
  return out
}

/** The version 1 layout: as version 2 up to the summary, then per histogram u32 first, u32 count, float64 values. */
function encodeV1 (f: PixelFit): Uint8Array {
  const v2 = encodePixelFit(f)
  const head = v2.slice(0, codeOffset(f) - 64)
  head[4] = 1
  const parts: number[] = [...head]
  const b = Buffer.alloc(8)
  for (const h of f.histograms) {
    b.writeUInt32LE(h.first, 0)
    b.writeUInt32LE(h.values.length, 4)
    parts.push(...b)
    for (const v of h.values) { b.writeDoubleLE(v, 0); parts.push(...b) }
  }
  return Uint8Array.from(parts)
}
