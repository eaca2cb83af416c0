// The chi2 loop over energy-balanced model pairs (fit_sed.f, "HERE STARTS THE ACTUAL FIT"), in two forms that
// give MAGPHYS' answer: a fast one when every band used sees stars only (chi2 then depends on the optical model
// alone, so a pair's weight is p_i and one library's marginals follow from prefix sums over fmu-sorted models),
// and the general pair loop when mixed (2.5-10 um) or dust-only (> 10 um) bands are used.
import type { FitContext } from './context.js'
import { GRIDS } from './grids.js'
import { IR_BINS, OPT_BINS, OPT_BIN_PARAMS, IR_BIN_PARAMS } from './model-tables.js'
import type { ModelFluxes } from './model-fluxes.js'
import type { Photometry } from './photometry.js'
import { N_PARAMETERS } from './parameters.js'
import { stellarFloor, SCREEN_CHI2 } from './pair-screen.js'

const CHI2_START = Math.fround(1e30)
const CHI2_DUST_CUT = 600
const P_MSTAR = 5
const P_LDUST = 6
const P_MDUST = 14
const P_SFR = 15

/** Unnormalised high-resolution histograms, total probability and the best fit of one pixel. */
export interface Accumulated {
  hist: Float64Array[]
  ptot: number
  bestOptical: number
  bestInfrared: number
  bestChi2: number
  bestScale: number
  pairs: number
}

function newHistograms (): Float64Array[] {
  // The sSFR histogram is as long as the SFR one: MAGPHYS clamps sSFR bins with the SFR bin count.
  return GRIDS.map((g, p) => new Float64Array(p === 4 ? GRIDS[15].nbin : g.nbin))
}

function binIndex (v: number, min: number, scale: number, nbin: number): number {
  let b = Math.trunc((v - min) / scale * nbin)
  if (b < 0) b = 0
  else if (b > nbin - 1) b = nbin - 1
  return b
}

/** Fits with the fast path: valid only when no used band is beyond 2.5 um rest frame. */
export function accumulateStellar (ctx: FitContext, ph: Photometry, mf: ModelFluxes): Accumulated {
  const { tables: t, irLo, irHi, optOrder, optLo, optHi } = ctx
  const no = ctx.libs.optical.n
  const ni = ctx.libs.infrared.n
  const hist = newHistograms()
  const used = ph.used
  const nu = used.length
  const fo = mf.optical
  const nSfh = mf.nSfh
  const prob = new Float64Array(no)
  const gM = GRIDS[P_MSTAR]
  const gS = GRIDS[P_SFR]
  const gL = GRIDS[P_LDUST]
  const gD = GRIDS[P_MDUST]
  const hM = hist[P_MSTAR]
  const hS = hist[P_SFR]
  const hL = hist[P_LDUST]
  const hD = hist[P_MDUST]
  const mdScale = gD.nbin / (gD.max - gD.min)
  const md = scaledLogMdust(ctx, mdScale)
  const counts = new Int32Array(md.span + 2)
  let ptot = 0
  let pairs = 0
  let best = -1
  let bestChi2 = CHI2_START
  let bestA = 0
  for (let i = 0; i < no; i++) {
    const lo = irLo[i]
    const count = irHi[i] - lo
    if (count === 0) continue
    const row = i * nSfh
    let num = 0
    let den = 0
    for (let u = 0; u < nu; u++) {
      const k = used[u]
      const m = fo[row + k]
      num += m * ph.flux[k] * ph.weight[k]
      den += (m * m) * ph.weight[k]
    }
    const a = num / den
    let chi2 = 0
    for (let u = 0; u < nu; u++) {
      const k = used[u]
      const d = ph.flux[k] - a * fo[row + k]
      chi2 += (d * d) * ph.weight[k]
    }
    const p = Math.exp(-0.5 * chi2)
    prob[i] = p
    pairs += count
    if (chi2 < bestChi2) {
      bestChi2 = chi2
      best = i
      bestA = a
    }
    if (p === 0) continue
    const w = p * count
    ptot += w
    const ob = i * OPT_BINS
    for (let s = 0; s < OPT_BINS; s++) hist[OPT_BIN_PARAMS[s]][t.optBins[ob + s]] += w
    const la = Math.log10(a)
    hM[binIndex(la, gM.min, gM.max - gM.min, gM.nbin)] += w
    hS[binIndex(t.lssfrClamped[i] + la, gS.min, gS.max - gS.min, gS.nbin)] += w
    hL[binIndex(t.logLdust[i] + la, gL.min, gL.max - gL.min, gL.nbin)] += w
    // Mdust mixes both libraries: log10(Mdust_j * Ldust_i * a) is binned pair by pair over i's window. The pairs
    // are counted per bin (integer increments; the probability is the same for the whole window) and flushed.
    const shift = (Math.log10(t.ldust[i] * 10 ** la) - gD.min) * mdScale
    const whole = Math.floor(shift)
    const frac = shift - whole
    const sc = md.scaled
    const end = lo + count
    let q = lo
    for (; q + 3 < end; q += 4) {
      counts[(sc[q] + frac) | 0]++
      counts[(sc[q + 1] + frac) | 0]++
      counts[(sc[q + 2] + frac) | 0]++
      counts[(sc[q + 3] + frac) | 0]++
    }
    for (; q < end; q++) counts[(sc[q] + frac) | 0]++
    const top = gD.nbin - 1
    for (let c = 0; c < counts.length; c++) {
      const n = counts[c]
      if (n === 0) continue
      counts[c] = 0
      let b = c + whole + md.base
      if (b < 0) b = 0
      else if (b > top) b = top
      hD[b] += p * n
    }
  }
  // Infrared marginals: model j's weight is the summed probability of its compatible optical models.
  const prefix = new Float64Array(no + 1)
  for (let s = 0; s < no; s++) prefix[s + 1] = prefix[s] + prob[optOrder[s]]
  for (let j = 0; j < ni; j++) {
    const v = prefix[optHi[j]] - prefix[optLo[j]]
    if (!(v > 0)) continue
    const jb = j * IR_BINS
    for (let s = 0; s < IR_BINS; s++) hist[IR_BIN_PARAMS[s]][t.irBins[jb + s]] += v
  }
  const bestInfrared = best < 0 ? -1 : firstCompatible(ctx, best)
  return { hist, ptot, bestOptical: best, bestInfrared, bestChi2, bestScale: bestA, pairs }
}

/** Used bands of one kind: column index (relative to `offset`), flux and weight, in filter order. */
interface BandSet {
  n: number
  k: Int32Array
  f: Float64Array
  w: Float64Array
}

function bandSet (ph: Photometry, keep: (k: number) => boolean, offset: number): BandSet {
  const ks = Array.from(ph.used).filter(keep)
  return {
    n: ks.length,
    k: Int32Array.from(ks, (k) => k - offset),
    f: Float64Array.from(ks, (k) => ph.flux[k]),
    w: Float64Array.from(ks, (k) => ph.weight[k])
  }
}

interface ScaledLogMdust {
  /** log10 Mdust of the fmu-sorted infrared models in Mdust-bin units, minus `base` (so all are >= 0). */
  scaled: Float64Array
  base: number
  span: number
}

const scaledCache = new WeakMap<FitContext, ScaledLogMdust>()

function scaledLogMdust (ctx: FitContext, scale: number): ScaledLogMdust {
  const hit = scaledCache.get(ctx)
  if (hit !== undefined) return hit
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of ctx.logMdustSorted) {
    lo = Math.min(lo, v * scale)
    hi = Math.max(hi, v * scale)
  }
  const base = Math.floor(lo)
  const scaled = Float64Array.from(ctx.logMdustSorted, (v) => v * scale - base)
  const out = { scaled, base, span: Math.ceil(hi - base) + 1 }
  scaledCache.set(ctx, out)
  return out
}

/** The first infrared model in library order compatible with optical model i (MAGPHYS' tie-break). */
function firstCompatible (ctx: FitContext, i: number): number {
  let first = Number.MAX_SAFE_INTEGER
  for (let q = ctx.irLo[i]; q < ctx.irHi[i]; q++) first = Math.min(first, ctx.irOrder[q])
  return first
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
      const p = Math.exp(-0.5 * chi2)
      if (chi2 < rowBest || (chi2 === rowBest && j < rowBestJ)) {
        rowBest = chi2
        rowBestJ = j
        rowBestA = a
      }
      if (p === 0) continue
      ptot += p
      wOpt += p
      wIr[j] += p
      const la = Math.log10(a)
      hist[P_MSTAR][binIndex(la, gM.min, gM.max - gM.min, gM.nbin)] += p
      hist[P_SFR][binIndex(t.lssfrClamped[i] + la, gS.min, gS.max - gS.min, gS.nbin)] += p
      hist[P_LDUST][binIndex(t.logLdust[i] + la, gL.min, gL.max - gL.min, gL.nbin)] += p
      hist[P_MDUST][binIndex(logMdust[j] + logLd + la, gD.min, gD.max - gD.min, gD.nbin)] += p
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

export { N_PARAMETERS }
