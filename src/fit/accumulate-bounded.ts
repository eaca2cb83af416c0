// The pair loop for pixels with bands beyond 2.5 um rest frame, visiting only the pairs that can matter
// (docs/fitting.md#the-bounded-pair-loop). Three passes over the optical models: the first finds the best chi2, the
// second sums the probability near it (which narrows the window, significance.ts), the third adds every pair within
// boundedLoopWindow of it to the histograms. Pairs are found through
// the partner index (partner-index.ts) and a lower bound on their chi2 (pair-sums.ts), and a pair's chi2 comes
// from per-model sums in a few operations. The passes run in a WebAssembly kernel (kernel/assembly/bounded-scan.ts);
// this module prepares its input, decides the windows between passes and turns its sums into histograms. The best
// fit itself is recomputed band by band exactly as fit_sed.f does, so the best-fit model, chi2 and scale are
// MAGPHYS' to the last bit.
import type { FitContext } from './context.js'
import { accumulatePairs, bandSet } from './accumulate-pairs.js'
import { GRIDS } from './grids.js'
import { CHI2_DUST_CUT, CHI2_START, newHistograms, P_LDUST, P_MDUST, P_MSTAR, P_SFR, type Accumulated } from './histograms.js'
import { IR_BINS, OPT_BINS, OPT_BIN_PARAMS, IR_BIN_PARAMS } from './model-tables.js'
import type { ModelFluxes } from './model-fluxes.js'
import type { Photometry } from './photometry.js'
import { infraredSums, observedSquares, opticalSums, splitBands, type OpticalSums } from './pair-sums.js'
import { buildPartnerIndex, SLICE_MODELS, type PartnerIndex } from './partner-index.js'
import { boundedLoopWindow, NEAR_WINDOW } from './significance.js'
import { boundedScan, COLLECT, LEAST, NEAR_MASS, type ScanInput } from './kernel/bounded-kernel.js'
import { exp } from './libm/index.js'

/**
 * Relative rounding allowance of a chi2 computed from sums (F - N^2 / D loses digits to cancellation when chi2 is
 * small beside F): bounds are compared with the threshold plus this times (1 + F), and pairs within it of the best
 * are recomputed band by band. Double precision keeps such chi2 to ~1e-15 (1 + F); this is a millionfold margin.
 */
const ROUNDING_ALLOWANCE = 1e-9

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

/** The best fit found so far (considerBest). */
interface Best {
  chi2: number
  i: number
  j: number
  a: number
}

/** MAGPHYS' best fit: least exact chi2, then first optical model, then first infrared model in library order. */
function considerBest (ctx: FitContext, ph: Photometry, mf: ModelFluxes, best: Best, i: number, j: number): void {
  const { chi2, a } = exactPair(ctx, ph, mf, i, j)
  if (chi2 < best.chi2 || (chi2 === best.chi2 && (i < best.i || (i === best.i && j < best.j)))) {
    best.chi2 = chi2
    best.i = i
    best.j = j
    best.a = a
  }
}

/** Adds each infrared model's summed probability to the infrared-only parameters, in library order. */
function addInfraredMarginals (ctx: FitContext, idx: PartnerIndex, wEntry: Float64Array, hist: Float64Array[]): void {
  const t = ctx.tables
  const wIr = new Float64Array(wEntry.length)
  for (let e = 0; e < wIr.length; e++) wIr[idx.j[e]] = wEntry[e]
  for (let j = 0; j < wIr.length; j++) {
    const v = wIr[j]
    if (!(v > 0)) continue
    const jb = j * IR_BINS
    for (let k = 0; k < IR_BINS; k++) hist[IR_BIN_PARAMS[k]][t.irBins[jb + k]] += v
  }
}

const gM = GRIDS[P_MSTAR]
const gS = GRIDS[P_SFR]
const gL = GRIDS[P_LDUST]
const gD = GRIDS[P_MDUST]

/** What the kernel scans for one pixel: the context's per-model tables, the pixel's sums and its partner index. */
function scanInput (ctx: FitContext, os: OpticalSums, idx: PartnerIndex, F: number, margin: number): ScanInput {
  const t = ctx.tables
  return {
    i32: { irLo: ctx.irLo, irHi: ctx.irHi, sliceStart: idx.sliceStart, pos: idx.pos },
    f64: {
      ldust: t.ldust, lssfr: t.lssfrClamped, logLdust: t.logLdust,
      floor: os.floor, Dst: os.Dst, aSt: os.aSt, A: os.A, C: os.C, ws: os.wsMixed,
      sliceEdMin: idx.sliceEdMin, sliceDflMin: idx.sliceDflMin, subEdMin: idx.subEdMin, subDflMin: idx.subDflMin,
      c: idx.c, dfl: idx.dfl, Ed: idx.Ed, B: idx.B, E: idx.E, logMdust: idx.logMdust, rMixed: idx.rMixed
    },
    entries: idx.j.length,
    nbin: { nbinM: gM.nbin, nbinS: gS.nbin, nbinL: gL.nbin, nbinD: gD.nbin },
    numbers: {
      F,
      margin,
      logMdustMin: idx.logMdustMin,
      logMdustMax: idx.logMdustMax,
      gMMin: gM.min,
      gSMin: gS.min,
      gLMin: gL.min,
      gDMin: gD.min,
      // Bins per unit of log10 on each grid (binOf in grids.ts divides by the width and multiplies by nbin; one
      // multiplication differs from that only when a value lies within an ulp of a bin edge, where the kernel asks
      // Math.log10 and the bin is binOf's).
      mPerDex: gM.nbin / (gM.max - gM.min),
      sPerDex: gS.nbin / (gS.max - gS.min),
      lPerDex: gL.nbin / (gL.max - gL.min),
      dPerDex: gD.nbin / (gD.max - gD.min)
    },
    no: ctx.libs.optical.n,
    nMix: idx.nMixed
  }
}

/** The fit of a pixel with bands beyond 2.5 um rest frame (same outputs as accumulatePairs, within the window). */
export function accumulateBounded (ctx: FitContext, ph: Photometry, mf: ModelFluxes): Accumulated {
  const no = ctx.libs.optical.n
  const bands = splitBands(ph)
  const F = observedSquares(ph)
  const margin = ROUNDING_ALLOWANCE * (1 + F)
  // The sums and the partner index are made in the kernel's memory, where it reads them.
  const kernel = boundedScan()
  const make = kernel.beginPixel(no, ctx.libs.infrared.n, bands.mixedInfrared.length, Math.ceil(ctx.libs.infrared.n / SLICE_MODELS))
  const os = opticalSums(ctx, ph, mf, bands, make)
  const idx = buildPartnerIndex(ctx, bands, infraredSums(ctx, ph, mf, bands), make)
  let pairs = 0
  let lowest = -1
  for (let i = 0; i < no; i++) {
    if (ctx.irHi[i] === ctx.irLo[i]) continue
    pairs += ctx.irHi[i] - ctx.irLo[i]
    if (lowest < 0 || os.floor[i] < os.floor[lowest]) lowest = i
  }
  if (lowest < 0) return { hist: newHistograms(), ptot: 0, bestOptical: -1, bestInfrared: -1, bestChi2: CHI2_START, bestScale: 0, pairs }
  const best: Best = { chi2: CHI2_START, i: -1, j: -1, a: 0 }
  const out = kernel.prepare(scanInput(ctx, os, idx, F, margin), (i, e) => { considerBest(ctx, ph, mf, best, i, idx.j[e]) })
  const inf = Number.POSITIVE_INFINITY
  // Pass 1: the least chi2, starting from the optical model with the lowest floor so the bound prunes early.
  let least = kernel.scan(LEAST, lowest, lowest + 1, inf, inf, 0, inf)
  least = kernel.scan(LEAST, 0, no, least, inf, 0, inf)
  // fit_sed.f leaves out the dust-only bands of pairs whose other bands already give chi2 >= 600: then which bands
  // count depends on the pair, and the bound no longer holds. Such pixels (best chi2 above ~510) take the exact loop.
  if (!(least + NEAR_WINDOW + margin < CHI2_DUST_CUT)) return accumulatePairs(ctx, ph, mf)
  // Pass 2: the probability near the least chi2 (relative to the best pair's), a lower bound on the total that
  // narrows the window (significance.ts).
  const nearMass = kernel.scan(NEAR_MASS, 0, no, least + NEAR_WINDOW, least, 0, inf)
  const limit = least + boundedLoopWindow(pairs, nearMass)
  if (!(limit + margin < CHI2_DUST_CUT)) return accumulatePairs(ctx, ph, mf)
  // Pass 3: every pair within the window, optical models in library order.
  kernel.scan(COLLECT, 0, no, limit, least, exp(-0.5 * least), least + 2 * margin)
  const hist = newHistograms()
  hist[P_MSTAR].set(out.hM)
  hist[P_SFR].set(out.hS)
  hist[P_LDUST].set(out.hL)
  hist[P_MDUST].set(out.hD)
  // The optical-only parameters take each model's summed probability once, in library order.
  const t = ctx.tables
  let ptot = 0
  for (let i = 0; i < no; i++) {
    const p = out.ptotI[i]
    if (!(p > 0)) continue
    const ob = i * OPT_BINS
    for (let k = 0; k < OPT_BINS; k++) hist[OPT_BIN_PARAMS[k]][t.optBins[ob + k]] += p
    ptot += p
  }
  addInfraredMarginals(ctx, idx, out.wEntry, hist)
  return { hist, ptot, bestOptical: best.i, bestInfrared: best.j, bestChi2: best.chi2, bestScale: best.a, pairs }
}
