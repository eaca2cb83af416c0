import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { abMagnitude, applyKernel, filterKernel, findFilterCurve, readFilterCurve, type FilterCurve } from '../../../src/models/index.js'
import { attenuate, attenuationCurves } from '../../../src/models/attenuation.js'
import { C_A_PER_S } from '../../../src/models/constants.js'
import { loadDustTemplates } from '../../../src/models/dust-templates.js'
import { drawDust, dustScratch, synthesizeInfrared, dustMassPerLsun } from '../../../src/models/infrared-model.js'
import { opticalScratch, synthesizeOptical } from '../../../src/models/optical-model.js'
import { tanhPrior } from '../../../src/models/priors.js'
import { modelRng } from '../../../src/models/rng.js'
import { continuousMass, drawSfh, massFormed, type SfhParams } from '../../../src/models/sfh.js'
import { loadSspSet } from '../../../src/models/ssp-set.js'
import { columnAtAges, readColorColumn } from '../../../src/models/ssp-tables.js'
import { DATA } from '../../helpers/reference-data.js'

const IDS = [123, 124, 229, 323, 324, 325, 326, 327, 280, 281, 282, 283]
const curves = IDS.map((id) => findFilterCurve(DATA, { name: String(id), lambdaEff: 1, id, fit: true }))
const set = loadSspSet(join(DATA, 'ssp', 'bc03'), readFilterCurve(join(DATA, 'filters', 'sedpy', 'sdss_r0.par'), 'r'))
const dust = loadDustTemplates(join(DATA, 'dust', 'dl07'))

function trapezoid (x: Float64Array, y: Float64Array): number {
  let s = 0
  for (let k = 1; k < x.length; k++) s += 0.5 * (x[k] - x[k - 1]) * (y[k] + y[k - 1])
  return s
}

describe('filter convolution (MAGPHYS F_MEAN)', () => {
  // Exact but for the linear interpolation of 1/lambda^2 between grid points: 2e-5 in the optical, 0.3 % for W4
  // on the SSPs' coarse mid-IR grid.
  it('returns f_nu for a flat f_nu spectrum through every POGS band (x (1+z) at redshift z)', () => {
    const grid = set.wavelengths
    const fnu = 3.7e-5
    const flat = grid.map((l) => fnu * C_A_PER_S / (l * l))
    for (const c of curves) {
      const tolerance = c.wavelengths[0] > 5e4 ? 3e-3 : 3e-5
      expect(Math.abs(applyKernel(filterKernel(c, grid, 0), flat) / fnu - 1)).toBeLessThan(tolerance)
      expect(Math.abs(applyKernel(filterKernel(c, grid, 0.05), flat) / fnu / 1.05 - 1)).toBeLessThan(tolerance)
    }
  })

  // get_optic_colors writes m = -2.5 log10(f) - 48.6 + 5 log10(1.7684e8 * 1e-5); the fit reads the flux back as
  // 3.117336e6 * 10^(-0.4 (m + 48.6)): MAGPHYS' two constants differ by 0.3 % (0.0034 mag), and we keep both.
  it('gives MAGPHYS absolute AB magnitudes (get_optic_colors constant), read back by the fit within 0.4 %', () => {
    for (const f of [1e-20, 3e-18, 1e-15]) {
      expect(abMagnitude(f)).toBeCloseTo(-2.5 * Math.log10(f) - 48.6 + 5 * Math.log10(1.7684e8 * 1e-5), 10)
      expect(Math.abs(3.117336e6 * 10 ** (-0.4 * (abMagnitude(f) + 48.6)) / f - 1)).toBeLessThan(0.004)
    }
    expect(abMagnitude(0)).toBe(99)
  })

  it('throws FilterOutOfRangeError for a curve beyond the spectra', () => {
    const far: FilterCurve = { name: 'far-uv', source: 'test', wavelengths: Float64Array.of(50, 60, 80), response: Float64Array.of(0, 1, 0) }
    expect(() => filterKernel(far, set.wavelengths, 0)).toThrow(expect.objectContaining({ code: 'ERR_FILTER_OUT_OF_RANGE', name: 'FilterOutOfRangeError' }))
    expect(() => filterKernel(curves[8], dust.wavelengths, 5)).toThrow(expect.objectContaining({ code: 'ERR_FILTER_OUT_OF_RANGE' }))
  })
})

describe('star-formation histories and synthesis', () => {
  const base: SfhParams = { tform: 5e9, gamma: 0.3, zSolar: 1, tauV: 0, mu: 0.3, bursts: [] }

  it('normalises the continuous component to 1 Msun and averages SFRs analytically', () => {
    expect(continuousMass(base, 0, 1e12)).toBeCloseTo(1, 12)
    const g = 0.3e-9
    const sfrNow = g * Math.exp(-g * 5e9) / -Math.expm1(-g * 5e9)
    expect(massFormed(base, 0, 1e6) / 1e6 / sfrNow).toBeCloseTo(Math.expm1(g * 1e6) / (g * 1e6), 10)
    const withBurst = { ...base, bursts: [{ start: 2e8, duration: 1e8, massRatio: 0.5 }] }
    expect(massFormed(withBurst, 0, 1e12)).toBeCloseTo(1.5, 12)
    // a burst still going on is cut at the present
    expect(massFormed({ ...base, bursts: [{ start: 1e8, duration: 2e8, massRatio: 1 }] }, 0, 1e12)).toBeCloseTo(1.5, 12)
  })

  it('reproduces a single burst: a short e-folding SFH has the .4color bolometric magnitude and stellar mass at its age', () => {
    const solar = set.ssps.find((s) => s.z === 0.02)
    if (solar === undefined) throw new Error('no solar SSP')
    const stem = join(DATA, 'ssp', 'bc03', 'bc2003_lr_BaSeL_m62_chab_ssp.4color.gz')
    const mbol = columnAtAges(readColorColumn(stem, 2), set.ages, stem)
    const mstar = columnAtAges(readColorColumn(stem, 11), set.ages, stem)
    const scratch = opticalScratch(set)
    const params = new Float64Array(24)
    for (const a of [150, 180, 200]) {
      const tform = set.ages[a]
      // all the mass forms within ~1 Myr of tform
      synthesizeOptical(set, attenuationCurves(set.wavelengths), { ...base, tform, gamma: 1e3 }, scratch, params, 0)
      expect(4.75 - 2.5 * Math.log10(trapezoid(set.wavelengths, scratch.spectrum)) - mbol[a]).toBeLessThan(0.08)
      expect(Math.abs(params[5] / mstar[a] - 1)).toBeLessThan(0.01)
      expect(params[6]).toBeCloseTo(1, 10)
      expect(params[20]).toBe(0) // tauV = 0: no dust luminosity
    }
  })

  it('conserves energy: Ld(tot) is what attenuation removed; fmu is the ISM share', () => {
    const curves = attenuationCurves(set.wavelengths)
    const young = set.ssps[2].spectra.subarray(10 * set.wavelengths.length, 11 * set.wavelengths.length)
    const old = set.ssps[2].spectra.subarray(200 * set.wavelengths.length, 201 * set.wavelengths.length)
    const out = new Float64Array(set.wavelengths.length)
    const { ldust, fmu } = attenuate(young, old, 2, 0.3, set.wavelengths, curves, out)
    expect(ldust / (trapezoid(set.wavelengths, young) + trapezoid(set.wavelengths, old) - trapezoid(set.wavelengths, out))).toBeCloseTo(1, 10)
    expect(fmu).toBeGreaterThan(0)
    expect(fmu).toBeLessThan(1)
    // only the ISM acts when mu = 1: everything absorbed is the ISM's
    expect(attenuate(young, old, 2, 1, set.wavelengths, curves, out).fmu).toBeCloseTo(1, 12)
  })

  it('draws the same model for the same seed and index, and others otherwise', () => {
    const a = drawSfh(modelRng(5, 1, 42), 13e9)
    expect(drawSfh(modelRng(5, 1, 42), 13e9)).toEqual(a)
    expect(drawSfh(modelRng(5, 1, 43), 13e9)).not.toEqual(a)
    expect(drawSfh(modelRng(6, 1, 42), 13e9)).not.toEqual(a)
  })

  it('samples p ~ 1 - tanh(a x - b): the sample median matches the analytic one', () => {
    const sample = tanhPrior(0, 6, 1.5, 6.7)
    // analytic CDF of 1 - tanh(1.5 x - 6.7): x - ln(cosh(1.5 x - 6.7)) / 1.5
    const cdf = (x: number): number => x - Math.log(Math.cosh(1.5 * x - 6.7)) / 1.5 + Math.log(Math.cosh(6.7)) / 1.5
    const rng = modelRng(1, 9, 0)
    const v = Array.from({ length: 20000 }, () => sample(rng.next())).sort((x, y) => x - y)
    expect(cdf(v[10000]) / cdf(6)).toBeCloseTo(0.5, 1.5)
  })
})

describe('infrared models', () => {
  it('emit one Lsun per Lsun of dust luminosity, with the parameters summing as dCCE08', () => {
    const scratch = dustScratch(dust)
    for (let i = 0; i < 20; i++) {
      const p = drawDust(modelRng(3, 2, i))
      expect(p.xiPahBc + p.xiMirBc + p.xiWBc).toBeCloseTo(1, 12)
      expect(p.xiPahBc).toBeLessThanOrEqual(0.25)
      expect(p.xiMirBc).toBeLessThanOrEqual(0.25)
      const mdust = synthesizeInfrared(dust, p, scratch)
      expect(trapezoid(dust.wavelengths, scratch.spectrum)).toBeCloseTo(1, 6)
      expect(mdust).toBeGreaterThan(0)
    }
  })

  it('turns luminosity into dust mass with kappa(850 um) = 0.077 m^2/kg: the analytic grey-body integral', () => {
    // int(lambda^-beta B_lambda) = 2 h c^2 (k T / h c)^(4 + beta) Gamma(4 + beta) zeta(4 + beta); beta = 2: Gamma(6) zeta(6) = 120 * pi^6 / 945
    const h = 6.62607015e-34
    const c = 2.99792458e8
    const k = 1.380649e-23
    const t = 20
    const integral = 0.077 * (850e-6) ** 2 * 2 * h * c * c * (k * t / (h * c)) ** 6 * 120 * Math.PI ** 6 / 945
    const expected = 3.839e26 / (4 * Math.PI * integral) / 1.989e30
    expect(dustMassPerLsun(dust.wavelengths, t, 2) / expected).toBeCloseTo(1, 3)
  })
})
