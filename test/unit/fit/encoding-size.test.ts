import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFitPool, decodePixelFit, encodePixelFit, readFilters, readObservations, type PixelFit } from '../../../src/fit/index.js'
import { encodedResultBytes } from '../../../src/work/unit-result.js'
import { MAGPHYS_LIBS, REFERENCE } from '../../helpers/reference-data.js'

// What a real pixel's result weighs: the 17 real UGC05479 pixels fitted with the real z = 0.01 libraries (broad
// posteriors over 6 bands: ~14,000 non-zero histogram bins each, the costliest kind of pixel to encode).
const MAX_PIXEL_BYTES = 10_000
const pool = createFitPool({ libraries: MAGPHYS_LIBS, threads: 2 })
let fits: PixelFit[]

beforeAll(async () => {
  const dir = join(REFERENCE, 'z01')
  const filters = readFilters(join(dir, 'filters.dat'))
  const outcomes = await pool.fit(filters, readObservations(join(dir, 'observations.dat'), filters.length).rows)
  fits = outcomes.map((o) => { if (!o.ok) throw new Error('a reference pixel was not fitted'); return o.fit })
}, 120_000)
afterAll(async () => { await pool.close() })

describe('result size on real pixels', () => {
  it('encodes every pixel in at most 10 kB, canonically, and a result of them in at most 10 kB a pixel as sent', () => {
    const sizes = fits.map((f) => {
      const bytes = encodePixelFit(f)
      expect(Buffer.from(encodePixelFit(decodePixelFit(bytes, { canonical: true }))).equals(Buffer.from(bytes))).toBe(true)
      return bytes.length
    })
    console.log(`pixel fit bytes on the 17 reference pixels: mean ${Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)}, max ${Math.max(...sizes)}`)
    expect(sizes).toHaveLength(17)
    for (const n of sizes) expect(n).toBeLessThanOrEqual(MAX_PIXEL_BYTES)
    expect(encodedResultBytes(fits)).toBeLessThanOrEqual(fits.length * MAX_PIXEL_BYTES)
  })
})
