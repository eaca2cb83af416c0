import { describe, expect, it } from 'vitest'
import { estimatePixelSeconds, GENERAL_PATH_COST, OPTICAL_PATH_COST, REFERENCE_COMPATIBLE_FRACTION, seesDust, type FilterSpec } from '../../../src/fit/index.js'

const REAL = { opticalModels: 49_312, infraredModels: 50_000, bands: 6 }

function filter (name: string, lambdaEff: number, fit = true): FilterSpec {
  return { name, lambdaEff, id: 1, fit }
}

describe('pixel cost model', () => {
  it('is fixed + per pair (+ per pair and band) on each path, pairs by default a share of all pairs', () => {
    const pairs = REAL.opticalModels * REAL.infraredModels * REFERENCE_COMPATIBLE_FRACTION
    for (const [seesDust, path] of [[false, OPTICAL_PATH_COST], [true, GENERAL_PATH_COST]] as const) {
      const expected = path.fixedSeconds + pairs * (path.perPairSeconds + path.perPairBandSeconds * REAL.bands)
      expect(estimatePixelSeconds({ ...REAL, seesDust })).toBeCloseTo(expected, 9)
      // A known compatible pair count replaces the default share.
      expect(estimatePixelSeconds({ ...REAL, seesDust, compatiblePairs: 1000 }))
        .toBeCloseTo(path.fixedSeconds + 1000 * (path.perPairSeconds + path.perPairBandSeconds * REAL.bands), 12)
    }
  })

  it('grows with the libraries, and the general path costs more than the optical one', () => {
    const optical = estimatePixelSeconds({ ...REAL, seesDust: false })
    const general = estimatePixelSeconds({ ...REAL, bands: 10, seesDust: true })
    expect(optical).toBeGreaterThan(0)
    expect(general).toBeGreaterThan(10 * optical)
    const small = estimatePixelSeconds({ opticalModels: 4_931, infraredModels: 5_000, bands: 6, seesDust: false })
    expect(small).toBeLessThan(optical)
    expect(small - OPTICAL_PATH_COST.fixedSeconds).toBeCloseTo((optical - OPTICAL_PATH_COST.fixedSeconds) * (4_931 * 5_000) / (49_312 * 50_000), 9)
  })

  it('refuses counts that are not counts', () => {
    expect(() => estimatePixelSeconds({ ...REAL, opticalModels: -1, seesDust: false })).toThrow(RangeError)
    expect(() => estimatePixelSeconds({ ...REAL, infraredModels: Number.NaN, seesDust: false })).toThrow(RangeError)
    expect(() => estimatePixelSeconds({ ...REAL, compatiblePairs: Infinity, seesDust: false })).toThrow(RangeError)
  })

  it('sees dust when a fitted band lies beyond 2.5 um rest frame, as the fit decides', () => {
    const z = 0.25 // 2.5 x (1 + z) and back are exact in binary
    const optical = [filter('g', 0.48), filter('r', 0.62)]
    expect(seesDust(optical, z)).toBe(false)
    expect(seesDust([...optical, filter('W1', 2.5 * (1 + z))], z)).toBe(false)
    expect(seesDust([...optical, filter('W1', 2.5 * (1 + z) + 0.01)], z)).toBe(true)
    // A band the galaxy has no layer for (fit false) does not count; the same band at a higher redshift is stellar.
    expect(seesDust([...optical, filter('W2', 4.6, false)], z)).toBe(false)
    expect(seesDust([...optical, filter('W1', 3.4)], 0.5)).toBe(false)
    expect(seesDust([...optical, filter('W1', 3.4)], 0.01)).toBe(true)
  })
})
