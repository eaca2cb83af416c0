import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, listLibraries, modelFluxJy, readFilters, readLibraryPair, readObservations, type FilterSpec, type FitContext, type Observation } from '../../../src/fit/index.js'
import { accumulateBounded } from '../../../src/fit/accumulate-bounded.js'
import { accumulatePairs } from '../../../src/fit/accumulate-pairs.js'
import type { Accumulated } from '../../../src/fit/histograms.js'
import { modelFluxesFor } from '../../../src/fit/model-fluxes.js'
import { preparePhotometry } from '../../../src/fit/photometry.js'
import { normalise, summarise } from '../../../src/fit/summarise.js'
import { seededRandom } from '../../../src/galaxy/synth/random.js'
import { buildLibraries } from '../../../src/models/index.js'
import { DATA, REFERENCE, writeSmallLibraries } from '../../helpers/reference-data.js'

// The bounded pair loop (accumulate-bounded.ts) against fit_sed.f's own loop (accumulate-pairs.ts), the reference
// implementation: the same best fit to the last bit, every normalised histogram within 1e-9 of the reference, every
// percentile in the same bin (docs/fitting.md#the-bounded-pair-loop). On every band set POGS used beyond 2.5 um:
// the real z01-wise pixels (WISE, mixed and dust-only bands), and pixels forward-modelled from libraries built for
// run 3 (GALEX + SDSS + WISE) and run 5 (29 bands, GALEX to SPIRE) with signal to noise from 3 to 50 and bands missing.

function expectSameFit (ctx: FitContext, filters: readonly FilterSpec[], obs: Observation): Accumulated {
  const ph = preparePhotometry(obs, filters)
  const mf = modelFluxesFor(ctx, obs.redshift, ph.nSfh, ph.nfilt - (ph.nSfh - ph.nMix))
  const fast = accumulateBounded(ctx, ph, mf)
  const ref = accumulatePairs(ctx, ph, mf)
  expect({ i: fast.bestOptical, j: fast.bestInfrared, chi2: fast.bestChi2, a: fast.bestScale }, obs.name)
    .toEqual({ i: ref.bestOptical, j: ref.bestInfrared, chi2: ref.bestChi2, a: ref.bestScale })
  expect(fast.pairs).toBe(ref.pairs)
  expect(Math.abs(fast.ptot - ref.ptot) / ref.ptot).toBeLessThan(1e-9)
  for (let p = 0; p < 16; p++) {
    const a = normalise(p, fast.hist[p], fast.ptot)
    const b = normalise(p, ref.hist[p], ref.ptot)
    let worst = 0
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]))
    expect(worst, `${obs.name} parameter ${p}`).toBeLessThan(1e-9)
    expect(summarise(p, a).percentiles, `${obs.name} parameter ${p}`).toEqual(summarise(p, b).percentiles)
  }
  return ref
}

/** Pixels from random compatible pairs with S/N per band from 3 to 50 (log-uniform) and some bands dropped. */
function forwardModelled (ctx: FitContext, filters: readonly FilterSpec[], n: number, seed: number): Observation[] {
  const rnd = seededRandom(seed)
  const out: Observation[] = []
  while (out.length < n) {
    const i = Math.floor(rnd.uniform() * ctx.libs.optical.n)
    if (ctx.irHi[i] === ctx.irLo[i]) continue
    const j = ctx.irOrder[ctx.irLo[i] + Math.floor(rnd.uniform() * (ctx.irHi[i] - ctx.irLo[i]))]
    const truth = modelFluxJy(ctx, filters, 0.01, i, j, 10 ** (7 + 3 * rnd.uniform()))
    const flux = new Float64Array(truth.length)
    const sigma = new Float64Array(truth.length)
    for (let k = 0; k < truth.length; k++) {
      const snr = 3 * (50 / 3) ** rnd.uniform()
      sigma[k] = truth[k] / snr
      flux[k] = Math.max(truth[k] * 1e-3, truth[k] + sigma[k] * rnd.normal())
    }
    if (out.length % 3 === 2) for (let d = 0; d < 3; d++) flux[Math.floor(rnd.uniform() * flux.length)] = Number.NaN
    out.push({ name: `pair-${i}-${j}`, redshift: 0.01, flux, sigma })
  }
  return out
}

describe('the bounded pair loop gives fit_sed.f\'s answer', () => {
  const dirs: string[] = []
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

  it('on the real z01-wise pixels (10 bands, real POGS libraries, every 20th model)', () => {
    const dir = join(REFERENCE, 'z01-wise')
    const filters = readFilters(join(dir, 'filters.dat'))
    const ctx = contextFor(readLibraryPair(listLibraries(writeSmallLibraries(dir, '0.0100', 20))[0]))
    for (const obs of readObservations(join(dir, 'observations.dat'), filters.length).rows) expectSameFit(ctx, filters, obs)
  }, 300_000)

  for (const run of ['run0003', 'run0005']) {
    describe(`with libraries built for ${run}'s filters`, () => {
      let ctx: FitContext
      let filters: FilterSpec[]
      beforeAll(async () => {
        const out = mkdtempSync(join(tmpdir(), `pogs-bounded-${run}-`))
        dirs.push(out)
        filters = readFilters(join(DATA, 'pogs-runs', `${run}_filters.dat`))
        await buildLibraries({ dataDir: DATA, filters, redshifts: [0.01], nOptical: 2500, nInfrared: 2500, seed: 7 }, { out, threads: 2 })
        ctx = contextFor(readLibraryPair(listLibraries(out)[0]))
      }, 300_000)

      it('on forward-modelled pixels, S/N 3 to 50, some bands missing', () => {
        for (const obs of forwardModelled(ctx, filters, 12, run === 'run0003' ? 3 : 5)) expectSameFit(ctx, filters, obs)
      }, 300_000)

      it('on a pixel no pair fits (fit_sed.f\'s chi2 < 600 rule decides the bands: the exact loop runs)', () => {
        const [obs] = forwardModelled(ctx, filters, 1, 11)
        for (const k of [obs.flux.length - 1, obs.flux.length - 2]) {
          obs.flux[k] = Math.abs(obs.flux[k]) * 1e3
          obs.sigma[k] = obs.flux[k] / 50
        }
        const ref = expectSameFit(ctx, filters, obs)
        expect(ref.bestChi2).toBeGreaterThan(500)
      }, 300_000)
    })
  }
})
