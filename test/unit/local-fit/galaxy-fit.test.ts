import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { chooseLibrary, digestPixelFit, listLibraries, readFilters, readLibraryPair, type FilterSpec } from '../../../src/fit/index.js'
import { formatFits, parseFits } from '../../../src/galaxy/fits/index.js'
import { galaxyFromFits, type Galaxy } from '../../../src/galaxy/galaxy-input.js'
import { scoreRecovery } from '../../../src/galaxy/synth/recovery.js'
import { synthesizeGalaxy, type TruthFile } from '../../../src/galaxy/synth/synthesize.js'
import { fitGalaxy, type GalaxyFit } from '../../../src/local-fit/fit-galaxy.js'
import { writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'

// A synthetic galaxy forward-modelled from known parameters, fitted, and scored against its truth.
// Libraries: every 10th real POGS model (4,900 optical x 5,000 infrared) to keep the suite fast; the benchmark
// repeats this with the full libraries.
let dir: string
let filters: FilterSpec[]
let galaxy: Galaxy
let truth: TruthFile
let fit: GalaxyFit

beforeAll(async () => {
  dir = writeSmallLibrariesWithFilters(10)
  filters = readFilters(join(dir, 'filters.dat'))
  const libs = readLibraryPair(chooseLibrary(listLibraries(dir), 0.01))
  const syn = synthesizeGalaxy({ name: 'calibration spiral', size: 32, redshift: 0.01, seed: 2013, ra: 150, dec: 20 }, libs, filters)
  truth = syn.truth
  galaxy = galaxyFromFits(parseFits(formatFits(syn.images)), filters)
  fit = await fitGalaxy(galaxy, { libraries: dir, catalogue: filters, threads: 2 })
}, 120_000)

describe('a synthetic galaxy, fitted', () => {
  it('fits every viable pixel, in areas, with the library bands and the galaxy header', () => {
    expect(fit.archive.pixels.length).toBeGreaterThan(350)
    expect(fit.unfitted).toEqual([])
    expect(fit.archive.pixels.every((p) => truth.pixels.some((t) => t.x === p.x && t.y === p.y))).toBe(true)
    const inAreas = fit.archive.areas.reduce((n, a) => n + a.pixels.length, 0)
    expect(inAreas).toBe(fit.archive.pixels.length)
    expect(fit.archive.filters.map((f) => f.name)).toEqual(filters.map((f) => f.name))
    expect(fit.archive.run.libraries.map((l) => l.sha256)).toHaveLength(2)
    expect(fit.archive.run.signalToNoise).toBe(0) // every band had its sigma layer
  })

  it('recovers the truth: 16-84% intervals hold it for 50-85% of pixels (M*, SFR, tauV); log M* within 0.15 dex', () => {
    const scores = Object.fromEntries((['mstar', 'sfr', 'tau_v'] as const).map((n) => [n, scoreRecovery(truth, fit.archive.pixels, n)]))
    console.log('calibration (fraction of pixels whose truth lies within 16-84%, median |median - truth|):', JSON.stringify(scores))
    for (const s of Object.values(scores)) {
      expect(s.pixels).toBe(fit.archive.pixels.length)
      expect(s.inside16to84).toBeGreaterThanOrEqual(0.5)
      expect(s.inside16to84).toBeLessThanOrEqual(0.85)
    }
    expect(scores.mstar.medianAbsError).toBeLessThanOrEqual(0.15)
  })

  it('gives identical results whatever the thread count', async () => {
    const one = await fitGalaxy(galaxy, { libraries: dir, catalogue: filters, threads: 1 })
    expect(one.archive.pixels.map((p) => digestPixelFit(p.fit))).toEqual(fit.archive.pixels.map((p) => digestPixelFit(p.fit)))
  }, 120_000)
})
