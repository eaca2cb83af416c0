// The general pair loop of fit_sed.f ("HERE STARTS THE ACTUAL FIT"), band by band and pair by pair in library
// order, as MAGPHYS runs it when some band lies beyond 2.5 um rest frame. It is exact and slow (~6.6e8 pairs per
// pixel); the fit uses the bounded loop (accumulate-bounded.ts), and falls back to this one only for pixels whose
// best chi2 is so poor that fit_sed.f's chi2 < 600 rule decides which bands count. Tests keep it as the reference.
import type { FitContext } from './context.js'
import { binOf, GRIDS } from './grids.js'
import { CHI2_DUST_CUT, CHI2_START, newHistograms, P_LDUST, P_MDUST, P_MSTAR, P_SFR, type Accumulated } from './histograms.js'
import { IR_BINS, OPT_BINS, OPT_BIN_PARAMS, IR_BIN_PARAMS } from './model-tables.js'
import type { ModelFluxes } from './model-fluxes.js'
import type { Photometry } from './photometry.js'
import { stellarFloor, SCREEN_CHI2 } from './pair-screen.js'
import { exp, log10 } from './libm/index.js'

/** Used bands of one kind: column index (relative to `offset`), flux and weight, in filter order. */
export interface BandSet {
  n: number
  k: Int32Array
  f: Float64Array
  w: Float64Array
}

export function bandSet (ph: Photometry, keep: (k: number) => boolean, offset: number): BandSet {
  const ks = Array.from(ph.used).filter(keep)
  return {
    n: ks.length,
    k: Int32Array.from(ks, (k) => k - offset),
    f: Float64Array.from(ks, (k) => ph.flux[k]),
    w: Float64Array.from(ks, (k) => ph.weight[k])
  }
}

/** The general pair loop, for pixels with bands beyond 2.5 um rest frame. */
export function accumulatePairs (ctx: FitContext, ph: Photometry, mf: ModelFluxes, screened = false): Accumulated {
  const { tables: t, irLo, irHi, irOrder } = ctx
  const no = ctx.libs.optical.n
  const hist = newHistograms()
  const fo = mf.optical
  const fi = mf.infrared
  const nSfh = mf.nSfh
  const nIr = mf.nIr
  const firstIr = ph.nSfh - ph.nMix // filter index of the first filter with an infrared column
  // The used bands split into pure-stellar, mixed and dust-only ones; MAGPHYS sums over them in that order
  // (filters ascend in wavelength), so the stellar part of num and den is a prefix computed once per model.
  const st = bandSet(ph, (k) => k < firstIr, 0)
  const mx = bandSet(ph, (k) => k >= firstIr && k < nSfh, firstIr)
  const ds = bandSet(ph, (k) => k >= nSfh, firstIr)
  const stM = new Float64Array(st.n)
  const mxS = new Float64Array(mx.n)
  const mxM = new Float64Array(mx.n)
  const dsM = new Float64Array(ds.n)
  const wIr = new Float64Array(ctx.libs.infrared.n)
  const gM = GRIDS[P_MSTAR]
  const gS = GRIDS[P_SFR]
  const gL = GRIDS[P_LDUST]
  const gD = GRIDS[P_MDUST]
  const logMdust = t.logMdust
  let ptot = 0
  let pairs = 0
  let best = -1
  let bestJ = -1
  let bestChi2 = CHI2_START
  let bestA = 0
  for (let i = 0; i < no; i++) {
    const lo = irLo[i]
    const hi = irHi[i]
    if (hi === lo) continue
    const row = i * nSfh
    const ld = t.ldust[i]
    let wOpt = 0
    let rowBest = CHI2_START
    let rowBestJ = -1
    let rowBestA = 0
    const logLd = t.logLdust[i]
    pairs += hi - lo
    if (!screened && stellarFloor(ph, fo, row) > SCREEN_CHI2) continue
    let numSt = 0
    let denSt = 0
    for (let u = 0; u < st.n; u++) {
      const m = fo[row + st.k[u]]
      stM[u] = m
      numSt += m * st.f[u] * st.w[u]
      denSt += (m * m) * st.w[u]
    }
    for (let u = 0; u < mx.n; u++) mxS[u] = fo[row + mx.k[u] + firstIr]
    for (let q = lo; q < hi; q++) {
      const j = irOrder[q]
      const irRow = j * nIr
      let num = numSt
      let den = denSt
      for (let u = 0; u < mx.n; u++) {
        const m = mxS[u] + ld * fi[irRow + mx.k[u]]
        mxM[u] = m
        num += m * mx.f[u] * mx.w[u]
        den += (m * m) * mx.w[u]
      }
      for (let u = 0; u < ds.n; u++) {
        const m = ld * fi[irRow + ds.k[u]]
        dsM[u] = m
        num += m * ds.f[u] * ds.w[u]
        den += (m * m) * ds.w[u]
      }
      const a = num / den
      let chi2 = 0
      for (let u = 0; u < st.n; u++) {
        const d = st.f[u] - a * stM[u]
        chi2 += (d * d) * st.w[u]
      }
      for (let u = 0; u < mx.n; u++) {
        const d = mx.f[u] - a * mxM[u]
        chi2 += (d * d) * mx.w[u]
      }
      if (chi2 < CHI2_DUST_CUT) {
        for (let u = 0; u < ds.n; u++) {
          const d = ds.f[u] - a * dsM[u]
          chi2 += (d * d) * ds.w[u]
        }
      }
      const p = exp(-0.5 * chi2)
      if (chi2 < rowBest || (chi2 === rowBest && j < rowBestJ)) {
        rowBest = chi2
        rowBestJ = j
        rowBestA = a
      }
      if (p === 0) continue
      ptot += p
      wOpt += p
      wIr[j] += p
      const la = log10(a)
      hist[P_MSTAR][binOf(gM, la)] += p
      hist[P_SFR][binOf(gS, t.lssfrClamped[i] + la)] += p
      hist[P_LDUST][binOf(gL, t.logLdust[i] + la)] += p
      hist[P_MDUST][binOf(gD, logMdust[j] + logLd + la)] += p
    }
    if (rowBest < bestChi2) {
      bestChi2 = rowBest
      best = i
      bestJ = rowBestJ
      bestA = rowBestA
    }
    if (wOpt > 0) {
      const ob = i * OPT_BINS
      for (let s = 0; s < OPT_BINS; s++) hist[OPT_BIN_PARAMS[s]][t.optBins[ob + s]] += wOpt
    }
  }
  if (bestChi2 > SCREEN_CHI2 && !screened) {
    // Every pair was screened out (no pair has a non-zero probability): find the best fit the slow way.
    return accumulatePairs(ctx, ph, mf, true)
  }
  for (let j = 0; j < wIr.length; j++) {
    const v = wIr[j]
    if (!(v > 0)) continue
    const jb = j * IR_BINS
    for (let s = 0; s < IR_BINS; s++) hist[IR_BIN_PARAMS[s]][t.irBins[jb + s]] += v
  }
  return { hist, ptot, bestOptical: best, bestInfrared: bestJ, bestChi2, bestScale: bestA, pairs }
}
