import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  contextFor, decodePixelFit, digestPixelFit, encodePixelFit, fitPixel, listLibraries, readFilters, readLibraryPair,
  readObservations, ResultDecodeError, type PixelFit
} from '../../../src/fit/index.js'
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

describe('canonical result encoding', () => {
  it('round-trips every field and keeps the digest', () => {
    const bytes = encodePixelFit(fit)
    const back = decodePixelFit(bytes)
    expect(back).toEqual(fit)
    expect(digestPixelFit(back)).toBe(digestPixelFit(fit))
    expect(digestPixelFit(fit)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('changes the digest when any value changes', () => {
    const altered = decodePixelFit(encodePixelFit(fit))
    altered.summary[5 * 7 + 1] += 1e-12
    expect(digestPixelFit(altered)).not.toBe(digestPixelFit(fit))
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
})
