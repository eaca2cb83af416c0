// The pair loop for pixels with bands beyond 2.5 um rest frame, visiting only the pairs that can matter
// (docs/fitting.md#the-bounded-pair-loop). Three passes over the optical models: the first finds the best chi2, the
// second sums the probability near it (which narrows the window, significance.ts), the third adds every pair within
// chi2Window of it to the histograms. Pairs are found through
// the partner index (partner-index.ts) and a lower bound on their chi2 (pair-sums.ts), and a pair's chi2 comes
// from per-model sums in a few operations. The best fit itself is recomputed band by band exactly as fit_sed.f
// does, so the best-fit model, chi2 and scale are MAGPHYS' to the last bit.
import type { FitContext } from './context.js'
import { accumulatePairs, bandSet } from './accumulate-pairs.js'
import { GRIDS } from './grids.js'
import { CHI2_DUST_CUT, CHI2_START, newHistograms, P_LDUST, P_MDUST, P_MSTAR, P_SFR, type Accumulated } from './histograms.js'
import { IR_BINS, OPT_BINS, OPT_BIN_PARAMS, IR_BIN_PARAMS } from './model-tables.js'
import type { ModelFluxes } from './model-fluxes.js'
import type { Photometry } from './photometry.js'
import { infraredSums, observedSquares, opticalSums, splitBands, type OpticalSums } from './pair-sums.js'
import { buildPartnerIndex, firstAbove, firstAtLeast, SLICE_MODELS, type PartnerIndex } from './partner-index.js'
import { chi2Window, NEAR_WINDOW } from './significance.js'
import { windowExp } from './window-exp.js'
import { fastLog10 } from './fast-log10.js'

/**
 * Relative rounding allowance of a chi2 computed from sums (F - N^2 / D loses digits to cancellation when chi2 is
 * small beside F): bounds are compared with the threshold plus this times (1 + F), and pairs within it of the best
 * are recomputed band by band. Double precision keeps such chi2 to ~1e-15 (1 + F); this is a millionfold margin.
 */
const ROUNDING_ALLOWANCE = 1e-9

interface Scan {
  ctx: FitContext
  os: OpticalSums
  idx: PartnerIndex
  F: number
  margin: number
  /** The entry range [range[0], range[1]) of the slice being visited (sliceRange's output). */
  range: Int32Array
  /** The pairs of one slice within the limit, for a pass's second loop: entry, chi2, scale (SLICE_MODELS each). */
  keptE: Int32Array
  keptChi2: Float64Array
  keptScale: Float64Array
}

/**
 * The entries of slice sl that can hold partners of optical model i with chi2 <= top: those whose c lies within
 * reach of g_i, from the slice's smallest Ed and dust floor (the bound grows with both). False if none can.
 */
function sliceRange (s: Scan, sl: number, i: number, top: number): boolean {
  const idx = s.idx
  const fl = s.os.floor[i]
  const budget = top - fl - idx.sliceDflMin[sl]
  if (budget < 0) return false
  let from = idx.sliceStart[sl]
  let to = idx.sliceStart[sl + 1]
  const L = s.ctx.tables.ldust[i]
  const Dst = s.os.Dst[i]
  const edMin = idx.sliceEdMin[sl]
  const k = Dst * edMin / (Dst + edMin * L * L)
  if (k > 0) {
    const reach = Math.sqrt(budget / k)
    const g = s.os.aSt[i] * L
    const end = to
    from = firstAtLeast(idx.c, from, end, g - reach)
    to = firstAbove(idx.c, from, end, g + reach)
  }
  s.range[0] = from
  s.range[1] = to
  return from < to
}

/** The exact chi2 and scale of pair (i, j), band by band in fit_sed.f's order (accumulate-pairs.ts). */
function exactPair (ctx: FitContext, ph: Photometry, mf: ModelFluxes, i: number, j: number): { chi2: number, a: number } {
  const firstIr = ph.nSfh - ph.nMix
  const st = bandSet(ph, (k) => k < firstIr, 0)
  const mx = bandSet(ph, (k) => k >= firstIr && k < ph.nSfh, firstIr)
  const ds = bandSet(ph, (k) => k >= ph.nSfh, firstIr)
  const fo = mf.optical
  const fi = mf.infrared
  const row = i * mf.nSfh
  const irRow = j * mf.nIr
  const ld = ctx.tables.ldust[i]
  const stM = Array.from(st.k, (k) => fo[row + k])
  const mxM = Array.from(mx.k, (k) => fo[row + k + firstIr] + ld * fi[irRow + k])
  const dsM = Array.from(ds.k, (k) => ld * fi[irRow + k])
  let num = 0
  let den = 0
  for (let u = 0; u < st.n; u++) { num += stM[u] * st.f[u] * st.w[u]; den += (stM[u] * stM[u]) * st.w[u] }
  for (let u = 0; u < mx.n; u++) { num += mxM[u] * mx.f[u] * mx.w[u]; den += (mxM[u] * mxM[u]) * mx.w[u] }
  for (let u = 0; u < ds.n; u++) { num += dsM[u] * ds.f[u] * ds.w[u]; den += (dsM[u] * dsM[u]) * ds.w[u] }
  const a = num / den
  let chi2 = 0
  for (let u = 0; u < st.n; u++) { const d = st.f[u] - a * stM[u]; chi2 += (d * d) * st.w[u] }
  for (let u = 0; u < mx.n; u++) { const d = mx.f[u] - a * mxM[u]; chi2 += (d * d) * mx.w[u] }
  if (chi2 < CHI2_DUST_CUT) {
    for (let u = 0; u < ds.n; u++) { const d = ds.f[u] - a * dsM[u]; chi2 += (d * d) * ds.w[u] }
  }
  return { chi2, a }
}

/** The passes over the optical models: the least chi2, the probability near it, then every pair that matters. */
const LEAST = 0
const NEAR_MASS = 1
const COLLECT = 2

/** What a pass works with. */
interface Window {
  pass: typeof LEAST | typeof NEAR_MASS | typeof COLLECT
  /** Pass NEAR_MASS: the summed exp(-(chi2 - least) / 2) of the pairs within NEAR_WINDOW of the least chi2. */
  nearMass: number
  hist: Float64Array[]
  /** Summed probability per partner-index entry (an infrared model), in entry order for locality. */
  wEntry: Float64Array
  ptot: number
  /** Pairs with chi2 <= limit are added; those <= nearBest are candidates for the best fit. */
  limit: number
  nearBest: number
  /** The least chi2 (found by the LEAST pass) and exp(-least / 2): a pair's probability is pLeast * exp(-(chi2 - least) / 2). */
  least: number
  pLeast: number
  bestChi2: number
  bestI: number
  bestJ: number
  bestA: number
}

const gM = GRIDS[P_MSTAR]
const gS = GRIDS[P_SFR]
const gL = GRIDS[P_LDUST]
const gD = GRIDS[P_MDUST]
// Bins per unit of log10 on each grid (binOf in grids.ts divides by the width and multiplies by nbin; one multiplication
// differs from that only when a value lies within an ulp of a bin edge).
const mPerDex = gM.nbin / (gM.max - gM.min)
const sPerDex = gS.nbin / (gS.max - gS.min)
const lPerDex = gL.nbin / (gL.max - gL.min)
const dPerDex = gD.nbin / (gD.max - gD.min)

/**
 * How close to a bin edge (in bins) a value computed with fastLog10 may lie before Math.log10 decides its bin:
 * fastLog10 is within ~4e-15 of Math.log10, ~1e-12 bins at 200 bins per dex, so beyond this distance both give the
 * same bin, and the histograms are those Math.log10 gives (docs/fitting.md#the-bounded-pair-loop).
 */
const EDGE_GUARD = 1e-9

/** Whether x - trunc(x) = d (in (-1, 1)) puts x within EDGE_GUARD of an integer. */
function nearEdge (d: number): boolean {
  return Math.abs(Math.abs(d) - 0.5) > 0.5 - EDGE_GUARD
}

/**
 * Whether every pair of optical model i within `top` has its four pair-dependent bins inside their grids, so that
 * none needs clamping. The pure-stellar bands alone give chi2 >= floor + Dst (a - aSt)^2 at the pair's scale a
 * (pair-sums.ts), so a lies within sqrt((top - floor) / Dst) of aSt; the bins follow from log10 a plus the offsets
 * (Mdust's with the library's least and greatest log Mdust), with a millionfold margin for rounding.
 */
function binsInside (floor: number, Dst: number, aSt: number, top: number, mOff: number, sOff: number, lOff: number, dOffLow: number, dOffHigh: number): boolean {
  if (!(Dst > 0)) return false
  const r = Math.sqrt(Math.max(0, top - floor) / Dst)
  const aLow = (aSt - r) * (1 - 1e-9)
  const aHigh = (aSt + r) * (1 + 1e-9)
  if (!(aLow > 0) || !Number.isFinite(aHigh)) return false
  const low = Math.log10(aLow) - 1e-9
  const high = Math.log10(aHigh) + 1e-9
  const within = (lo: number, hi: number, perDex: number, nbin: number): boolean => lo * perDex >= 0 && hi * perDex < nbin - 1
  return within(low + mOff, high + mOff, mPerDex, gM.nbin) && within(low + sOff, high + sOff, sPerDex, gS.nbin) &&
    within(low + lOff, high + lOff, lPerDex, gL.nbin) && within(low + dOffLow, high + dOffHigh, dPerDex, gD.nbin)
}

/**
 * Visits optical model i's partners whose bound reaches the limit. LEAST: the limit is the least chi2 seen so far,
 * lowered as lower ones are found. NEAR_MASS: sums the relative probability of the partners within w.limit.
 * COLLECT: adds every partner within w.limit to the histograms.
 */
function scanPartners (s: Scan, i: number, w: Window, ph: Photometry, mf: ModelFluxes): void {
  const { ctx, os, idx, F } = s
  const lo = ctx.irLo[i]
  const hi = ctx.irHi[i]
  const pass = w.pass
  let limit = pass === LEAST ? w.least : w.limit
  let top = limit + s.margin
  if (hi === lo || os.floor[i] > top) return
  const t = ctx.tables
  const L = t.ldust[i]
  const L2 = L * L
  const fl = os.floor[i]
  const Dst = os.Dst[i]
  const g = os.aSt[i] * L
  const A = os.A[i]
  const C = os.C[i]
  const nMix = idx.nMixed
  const ws = os.wsMixed
  const wsAt = i * nMix
  const { c, dfl, Ed, B, E, rMixed, pos, j: js } = idx
  const wEntry = w.wEntry
  const logMd = idx.logMdust
  const hM = w.hist[P_MSTAR]
  const hS = w.hist[P_SFR]
  const hL = w.hist[P_LDUST]
  const hD = w.hist[P_MDUST]
  // Bins as binOf computes them (up to the rounding noted at mPerDex), with this optical model's offsets folded in.
  const mOff = -gM.min
  const sOff = t.lssfrClamped[i] - gS.min
  const lOff = t.logLdust[i] - gL.min
  const dOff = t.logLdust[i] - gD.min
  const mTop = gM.nbin - 1
  const sTop = gS.nbin - 1
  const lTop = gL.nbin - 1
  const dTop = gD.nbin - 1
  const least = w.least
  const pLeast = w.pLeast
  const nearBest = w.nearBest
  const { keptE, keptChi2, keptScale } = s
  const inside = pass === COLLECT && binsInside(os.floor[i], Dst, os.aSt[i], top, mOff, sOff, lOff, dOff + idx.logMdustMin, dOff + idx.logMdustMax)
  let ptot = 0
  for (let sl = (lo / SLICE_MODELS) | 0, last = ((hi - 1) / SLICE_MODELS) | 0; sl <= last; sl++) {
    if (!sliceRange(s, sl, i, top)) continue
    const partial = sl * SLICE_MODELS < lo || (sl + 1) * SLICE_MODELS > hi
    let kept = 0
    for (let e = s.range[0]; e < s.range[1]; e++) {
      if (partial && (pos[e] < lo || pos[e] >= hi)) continue
      const ed = Ed[e]
      const dc = g - c[e]
      // The bound of pair-sums.ts, fl + dfl + dc^2 Dst ed / (Dst + ed L^2) > top, multiplied out.
      if (dc * dc * Dst * ed > (top - fl - dfl[e]) * (Dst + ed * L2)) continue
      let X = 0
      for (let u = 0; u < nMix; u++) X += ws[wsAt + u] * rMixed[e * nMix + u]
      const N = A + L * B[e]
      const D = C + 2 * L * X + L2 * E[e]
      const chi2 = F - N * N / D
      if (chi2 > limit) continue
      // Kept for the second loop below (a loop of its own keeps both loops' registers few).
      keptE[kept] = e
      keptChi2[kept] = chi2
      keptScale[kept] = N / D
      kept++
    }
    if (pass === LEAST) {
      for (let u = 0; u < kept; u++) if (keptChi2[u] < limit) limit = keptChi2[u]
      top = limit + s.margin
      continue
    }
    if (pass === NEAR_MASS) {
      for (let u = 0; u < kept; u++) ptot += windowExp(0.5 * (keptChi2[u] - least))
      continue
    }
    for (let u = 0; u < kept; u++) {
      const e = keptE[u]
      const chi2 = keptChi2[u]
      if (chi2 <= nearBest) considerBest(ctx, ph, mf, w, i, js[e])
      const p = pLeast * windowExp(0.5 * (chi2 - least))
      if (p === 0) continue
      ptot += p
      wEntry[e] += p
      // The pair-dependent parameters are log10 of the scale plus offsets: bins as binOf computes them.
      const q = keptScale[u]
      let la = fastLog10(q)
      const xM = (la + mOff) * mPerDex
      const xS = (la + sOff) * sPerDex
      const xL = (la + lOff) * lPerDex
      const xD = (logMd[e] + la + dOff) * dPerDex
      // Inside the grids (the usual case) x | 0 is trunc(x) and no bin needs clamping.
      let bM = inside ? xM | 0 : Math.trunc(xM)
      let bS = inside ? xS | 0 : Math.trunc(xS)
      let bL = inside ? xL | 0 : Math.trunc(xL)
      let bD = inside ? xD | 0 : Math.trunc(xD)
      if (nearEdge(xM - bM) || nearEdge(xS - bS) || nearEdge(xL - bL) || nearEdge(xD - bD)) {
        la = Math.log10(q)
        bM = Math.trunc((la + mOff) * mPerDex)
        bS = Math.trunc((la + sOff) * sPerDex)
        bL = Math.trunc((la + lOff) * lPerDex)
        bD = Math.trunc((logMd[e] + la + dOff) * dPerDex)
      }
      if (inside) {
        hM[bM] += p
        hS[bS] += p
        hL[bL] += p
        hD[bD] += p
      } else {
        hM[bM < 0 ? 0 : bM > mTop ? mTop : bM] += p
        hS[bS < 0 ? 0 : bS > sTop ? sTop : bS] += p
        hL[bL < 0 ? 0 : bL > lTop ? lTop : bL] += p
        hD[bD < 0 ? 0 : bD > dTop ? dTop : bD] += p
      }
    }
  }
  if (pass === LEAST) w.least = limit
  else if (pass === NEAR_MASS) w.nearMass += ptot
  else if (ptot > 0) {
    // The optical-only parameters take the model's summed probability once.
    const ob = i * OPT_BINS
    for (let k = 0; k < OPT_BINS; k++) w.hist[OPT_BIN_PARAMS[k]][t.optBins[ob + k]] += ptot
    w.ptot += ptot
  }
}

/** MAGPHYS' best fit: least exact chi2, then first optical model, then first infrared model in library order. */
function considerBest (ctx: FitContext, ph: Photometry, mf: ModelFluxes, w: Window, i: number, j: number): void {
  const { chi2, a } = exactPair(ctx, ph, mf, i, j)
  if (chi2 < w.bestChi2 || (chi2 === w.bestChi2 && (i < w.bestI || (i === w.bestI && j < w.bestJ)))) {
    w.bestChi2 = chi2
    w.bestI = i
    w.bestJ = j
    w.bestA = a
  }
}

/** Adds each infrared model's summed probability to the infrared-only parameters, in library order. */
function addInfraredMarginals (ctx: FitContext, idx: PartnerIndex, w: Window): void {
  const t = ctx.tables
  const wIr = new Float64Array(w.wEntry.length)
  for (let e = 0; e < wIr.length; e++) wIr[idx.j[e]] = w.wEntry[e]
  for (let j = 0; j < wIr.length; j++) {
    const v = wIr[j]
    if (!(v > 0)) continue
    const jb = j * IR_BINS
    for (let k = 0; k < IR_BINS; k++) w.hist[IR_BIN_PARAMS[k]][t.irBins[jb + k]] += v
  }
}

/** The fit of a pixel with bands beyond 2.5 um rest frame (same outputs as accumulatePairs, within the window). */
export function accumulateBounded (ctx: FitContext, ph: Photometry, mf: ModelFluxes): Accumulated {
  const no = ctx.libs.optical.n
  const bands = splitBands(ph)
  const F = observedSquares(ph)
  const os = opticalSums(ctx, ph, mf, bands)
  const idx = buildPartnerIndex(ctx, mf, bands, infraredSums(ctx, ph, mf, bands))
  const scan: Scan = { ctx, os, idx, F, margin: ROUNDING_ALLOWANCE * (1 + F), range: new Int32Array(2), keptE: new Int32Array(SLICE_MODELS), keptChi2: new Float64Array(SLICE_MODELS), keptScale: new Float64Array(SLICE_MODELS) }
  let pairs = 0
  let lowest = -1
  for (let i = 0; i < no; i++) {
    if (ctx.irHi[i] === ctx.irLo[i]) continue
    pairs += ctx.irHi[i] - ctx.irLo[i]
    if (lowest < 0 || os.floor[i] < os.floor[lowest]) lowest = i
  }
  if (lowest < 0) return { hist: newHistograms(), ptot: 0, bestOptical: -1, bestInfrared: -1, bestChi2: CHI2_START, bestScale: 0, pairs }
  const w: Window = {
    pass: LEAST,
    nearMass: 0,
    hist: newHistograms(),
    wEntry: new Float64Array(ctx.libs.infrared.n),
    ptot: 0,
    limit: Number.POSITIVE_INFINITY,
    nearBest: Number.POSITIVE_INFINITY,
    least: Number.POSITIVE_INFINITY,
    pLeast: 0,
    bestChi2: CHI2_START,
    bestI: -1,
    bestJ: -1,
    bestA: 0
  }
  // Pass 1: the least chi2, starting from the optical model with the lowest floor so the bound prunes early.
  scanPartners(scan, lowest, w, ph, mf)
  for (let i = 0; i < no; i++) scanPartners(scan, i, w, ph, mf)
  const least = w.least
  // fit_sed.f leaves out the dust-only bands of pairs whose other bands already give chi2 >= 600: then which bands
  // count depends on the pair, and the bound no longer holds. Such pixels (best chi2 above ~510) take the exact loop.
  if (!(least + NEAR_WINDOW + scan.margin < CHI2_DUST_CUT)) return accumulatePairs(ctx, ph, mf)
  // Pass 2: the probability near the least chi2 (relative to the best pair's), a lower bound on the total that
  // narrows the window (significance.ts).
  w.pass = NEAR_MASS
  w.limit = least + NEAR_WINDOW
  for (let i = 0; i < no; i++) scanPartners(scan, i, w, ph, mf)
  const limit = least + chi2Window(pairs, w.nearMass)
  if (!(limit + scan.margin < CHI2_DUST_CUT)) return accumulatePairs(ctx, ph, mf)
  // Pass 3: every pair within the window, optical models in library order.
  w.pass = COLLECT
  w.limit = limit
  w.nearBest = least + 2 * scan.margin
  w.pLeast = Math.exp(-0.5 * least)
  for (let i = 0; i < no; i++) scanPartners(scan, i, w, ph, mf)
  addInfraredMarginals(ctx, idx, w)
  return { hist: w.hist, ptot: w.ptot, bestOptical: w.bestI, bestInfrared: w.bestJ, bestChi2: w.bestChi2, bestScale: w.bestA, pairs }
}
