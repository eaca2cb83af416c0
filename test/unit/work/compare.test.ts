import { describe, expect, it } from 'vitest'
import { PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { close, compareResults, fitDifference, RELATIVE_TOLERANCE } from '../../../src/work/compare.js'
import { digestOf, encodeUnitResult, type UnitResult } from '../../../src/work/unit-result.js'
import { alterResult, fakeFit, fakeResult, plainUnit } from './helpers.js'

const unit = plainUnit('g1-u7', 4)

/** Compares two results by their real digests, as a verifier does. */
function compare (a: UnitResult, b: UnitResult): ReturnType<typeof compareResults> {
  return compareResults(a, b, [digestOf(encodeUnitResult(a)), digestOf(encodeUnitResult(b))])
}

/** Index of the median of log10 M* in the summary (row-major by parameter, VALUE_NAMES order in a row). */
const MSTAR_MEDIAN = PARAMETER_NAMES.indexOf('mstar') * VALUE_NAMES.length + VALUE_NAMES.indexOf('median')

describe('compareResults', () => {
  it('agrees on equal digests without looking further', () => {
    const a = fakeResult(unit, 1)
    expect(compare(a, fakeResult(unit, 1))).toEqual({ agree: true, reason: 'DIGESTS_EQUAL' })
    // The digest decides: equal digests claimed for different content are the caller's to have checked.
    const same = new Uint8Array(32)
    expect(compareResults(a, fakeResult(unit, 2), [same, same]).reason).toBe('DIGESTS_EQUAL')
  })

  it('agrees within tolerance when a summary value differs by 1e-6 relative', () => {
    const a = fakeResult(unit, 1)
    const b = alterResult(a, (fit, k) => { if (k === 2) fit.summary[MSTAR_MEDIAN] *= 1 + 1e-6 })
    expect(compare(a, b)).toEqual({ agree: true, reason: 'WITHIN_TOLERANCE' })
  })

  it('disagrees when a summary value differs by 1e-3 relative, naming the pixel and the value', () => {
    const a = fakeResult(unit, 1)
    const b = alterResult(a, (fit, k) => { if (k === 2) fit.summary[MSTAR_MEDIAN] *= 1 + 1e-3 })
    const c = compare(a, b)
    expect(c.agree).toBe(false)
    if (c.agree) return
    expect(c.reason).toBe('VALUE_MISMATCH')
    expect(c.detail).toContain(`(${unit.pixels[2].x}, ${unit.pixels[2].y})`)
    expect(c.detail).toContain(`summary[${MSTAR_MEDIAN}]`)
  })

  it('disagrees on a pixel fitted in one replica and unfitted in the other, either way round', () => {
    const fitted = fakeResult(unit)
    const unfitted = fakeResult(unit, 3)
    expect(compare(fitted, unfitted)).toMatchObject({ agree: false, reason: 'VALUE_MISMATCH' })
    expect(compare(unfitted, fitted)).toMatchObject({ agree: false, reason: 'VALUE_MISMATCH' })
  })

  it('disagrees on a pixel unfitted for different reasons, not on different messages', () => {
    const a = fakeResult(unit, 3)
    const reworded: UnitResult = { ...a, pixels: a.pixels.map((p) => 'unfitted' in p ? { ...p, unfitted: { ...p.unfitted, message: 'other words' } } : p) }
    expect(compare(a, reworded)).toEqual({ agree: true, reason: 'WITHIN_TOLERANCE' })
    const other: UnitResult = { ...a, pixels: a.pixels.map((p) => 'unfitted' in p ? { ...p, unfitted: { reason: 'ERR_OTHER', message: '' } } : p) }
    expect(compare(a, other)).toMatchObject({ agree: false, reason: 'VALUE_MISMATCH' })
  })

  it('disagrees on other pixels or other pixel counts', () => {
    const a = fakeResult(unit)
    expect(compare(a, { ...a, pixels: a.pixels.slice(1) })).toMatchObject({ agree: false, reason: 'PIXELS_DIFFER' })
    expect(compare(a, { ...a, pixels: a.pixels.map((p, k) => k === 0 ? { ...p, x: 99 } : p) })).toMatchObject({ agree: false, reason: 'PIXELS_DIFFER' })
    expect(compare(a, { ...a, unitId: 'g1-u8' })).toMatchObject({ agree: false, reason: 'PIXELS_DIFFER' })
  })
})

describe('fitDifference', () => {
  it('treats NaN as equal to NaN only', () => {
    const a = fakeFit('p')
    expect(fitDifference(a, fakeFit('p'))).toBeUndefined()
    const b = fakeFit('p')
    b.summary[5] = 1
    expect(fitDifference(a, b)).toContain('summary[5]')
  })

  it('compares scalars, fluxes, band counts and histograms', () => {
    const a = fakeFit('p')
    const chi2 = { ...fakeFit('p'), chi2: a.chi2 * 1.01 }
    expect(fitDifference(a, chi2)).toContain('chi2')
    const bands = { ...fakeFit('p'), usedBands: a.usedBands - 1 }
    expect(fitDifference(a, bands)).toContain('usedBands')
    const flux = fakeFit('p')
    flux.bestFitFlux[3] *= 1.01
    expect(fitDifference(a, flux)).toContain('bestFitFlux[3]')
    const hist = fakeFit('p')
    hist.histograms[4].values[2] += 0.01
    expect(fitDifference(a, hist)).toContain('histogram 4')
    // A bin below the tolerance appearing at a histogram's edge is not a difference.
    const edge = fakeFit('p')
    edge.histograms[4] = { first: edge.histograms[4].first - 1, values: Float64Array.from([1e-7, ...edge.histograms[4].values]) }
    expect(fitDifference(a, edge)).toBeUndefined()
  })

  it('close(): relative to the larger magnitude, with the default tolerance 1e-4', () => {
    expect(RELATIVE_TOLERANCE).toBe(1e-4)
    expect(close(1, 1 + 0.9e-4)).toBe(true)
    expect(close(1, 1 + 1.1e-4)).toBe(false)
    expect(close(0, 0)).toBe(true)
    expect(close(0, 1e-300)).toBe(false)
    expect(close(Number.NaN, Number.NaN)).toBe(true)
    expect(close(Number.NaN, 0)).toBe(false)
    expect(close(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(true)
  })
})
