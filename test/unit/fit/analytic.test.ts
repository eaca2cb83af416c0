import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  contextFor, fitPixel, listLibraries, modelFluxJy, pairParameterValues, readFilters, readLibraryPair,
  PARAMETER_NAMES, type FitContext, type FilterSpec, type LibraryPair, type Observation, type PixelFit
} from '../../../src/fit/index.js'
import { MAGPHYS_LIBS, REFERENCE, writeSmallLibraries } from '../../helpers/reference-data.js'

// Known answers: a pixel made from one library model pair must recover that pair; chi2 must not change when
// every flux and sigma is scaled by the same factor (only the stellar mass scales).
let filters: FilterSpec[]
let wiseFilters: FilterSpec[]
let libs: LibraryPair
let wiseCtx: FitContext
let ctx: FitContext

beforeAll(() => {
  filters = readFilters(join(REFERENCE, 'z01', 'filters.dat'))
  wiseFilters = readFilters(join(REFERENCE, 'z01-wise', 'filters.dat'))
  libs = readLibraryPair(listLibraries(writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 10))[0])
  ctx = contextFor(libs)
  // The z01-wise libraries carry synthetic WISE magnitudes: they exercise the mixed and dust-only bands.
  wiseCtx = contextFor(readLibraryPair(listLibraries(writeSmallLibraries(join(REFERENCE, 'z01-wise'), '0.0100', 25))[0]))
})

function pixelFrom (c: FitContext, f: FilterSpec[], i: number, j: number, a: number, z = 0.01): Observation {
  const flux = modelFluxJy(c, f, z, i, j, a)
  // Errors far below the 5% floor: the floor decides sigma, as in MAGPHYS.
  return { name: `model-${i}-${j}`, redshift: z, flux, sigma: flux.map((v) => v * 1e-3) }
}

function fitOf (c: FitContext, f: FilterSpec[], obs: Observation): PixelFit {
  const out = fitPixel(c, f, obs)
  if (!out.ok) throw new Error(out.unfitted.message)
  return out.detail.fit
}

describe('analytic cases', () => {
  it('recovers the optical model and its mass from a noiseless optical-band pixel', () => {
    for (const i of [17, 1234, 4000]) {
      const fit = fitOf(ctx, filters, pixelFrom(ctx, filters, i, 0, 3.2e9))
      expect(fit.bestOptical).toBe(i)
      expect(fit.chi2).toBeLessThan(1e-12)
      expect(Math.abs(Math.log10(fit.scale) - Math.log10(3.2e9))).toBeLessThan(1e-9)
    }
  })

  it('recovers the optical and the infrared model when WISE bands see the dust', () => {
    const t = wiseCtx.tables
    // a compatible pair: fmu within 0.15
    const i = 100
    let j = 0
    while (Math.abs(t.fmuSfh[i] - t.fmuIr[j]) > 0.1) j++
    const fit = fitOf(wiseCtx, wiseFilters, pixelFrom(wiseCtx, wiseFilters, i, j, 5e8))
    expect(fit.bestOptical).toBe(i)
    expect(fit.bestInfrared).toBe(j)
    expect(fit.chi2).toBeLessThan(1e-12)
    const truth = pairParameterValues(wiseCtx, i, j, 5e8)
    const best = PARAMETER_NAMES.map((_, p) => fit.summary[p * 7])
    best.forEach((v, p) => expect(v).toBeCloseTo(truth[p], 9))
  })

  it('chi2 is invariant to scaling all fluxes and sigmas; the mass scales with them', () => {
    const obs: Observation = {
      name: 'pix', redshift: 0.01,
      flux: Float64Array.from([1.2e-6, 3.1e-6, 5.0e-6, 6.2e-6, 7.7e-6, 8.1e-6]),
      sigma: Float64Array.from([3e-7, 3e-7, 4e-7, 6e-7, 9e-7, 1.2e-6])
    }
    const base = fitOf(ctx, filters, obs)
    const scaled = fitOf(ctx, filters, { ...obs, flux: obs.flux.map((v) => v * 10), sigma: obs.sigma.map((v) => v * 10) })
    expect(scaled.bestOptical).toBe(base.bestOptical)
    expect(scaled.chi2).toBeCloseTo(base.chi2, 9)
    expect(Math.log10(scaled.scale) - Math.log10(base.scale)).toBeCloseTo(1, 9)
  })

  it('reports pixels with fewer than 4 usable bands instead of fitting them', () => {
    const obs: Observation = { name: 'thin', redshift: 0.01, flux: Float64Array.from([0, 1e-6, 2e-6, Number.NaN, 0, 3e-6]), sigma: new Float64Array(6).fill(1e-7) }
    const out = fitPixel(ctx, filters, obs)
    expect(out.ok).toBe(false)
    if (!out.ok) expect(out.unfitted.reason).toBe('too-few-bands')
  })
})
