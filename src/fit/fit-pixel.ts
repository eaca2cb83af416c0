import { accumulate, type Accumulated } from './accumulate.js'
import type { FitContext } from './context.js'
import { fluxToLsunPerHz } from './cosmology.js'
import { LibraryMismatchError } from './errors.js'
import type { FilterSpec } from './filters-file.js'
import { modelFluxesFor, type ModelFluxes } from './model-fluxes.js'
import type { Observation } from './observations-file.js'
import { N_PARAMETERS, N_VALUES } from './parameters.js'
import { preparePhotometry, type Photometry } from './photometry.js'
import type { PixelFit, SparseHistogram } from './result.js'
import { normalise, sparse, summarise, type ParameterSummary } from './summarise.js'
import { log10 } from './libm/index.js'

/** Fewer usable bands than this and a pixel is not fitted (fit_sed_skynet: n_flux < 4). */
export const MIN_BANDS = 4

/** Why a pixel was not fitted. */
export interface Unfitted {
  name: string
  reason: 'too-few-bands' | 'no-compatible-models'
  message: string
}

/** The fit of one pixel plus what the `.fit` writer needs beyond the result itself. */
export interface PixelFitDetail {
  fit: PixelFit
  photometry: Photometry
  summaries: ParameterSummary[]
}

/** A fit or the reason there is none. */
export type FitOutcome = { ok: true, detail: PixelFitDetail } | { ok: false, unfitted: Unfitted }

function modelFlux (ctx: FitContext, mf: ModelFluxes, ph: Photometry, i: number, j: number, k: number): number {
  const firstIr = ph.nSfh - ph.nMix
  const ld = ctx.tables.ldust[i]
  if (k < firstIr) return mf.optical[i * mf.nSfh + k]
  if (k < ph.nSfh) return mf.optical[i * mf.nSfh + k] + ld * mf.infrared[j * mf.nIr + k - firstIr]
  return ld * mf.infrared[j * mf.nIr + k - firstIr]
}

/**
 * Best-fit model fluxes in MAGPHYS' units (Lsun/Hz) for every filter, as the `.fit` file prints them:
 * a * (stellar), a * (stellar + Ldust * IR), a * Ldust * IR.
 */
export function bestFitLuminosities (ctx: FitContext, mf: ModelFluxes, ph: Photometry, i: number, j: number, a: number): Float64Array {
  const out = new Float64Array(ph.nfilt)
  for (let k = 0; k < ph.nfilt; k++) out[k] = a * modelFlux(ctx, mf, ph, i, j, k)
  return out
}

/** The 16 archive-order parameter values of pair (i, j) scaled by a (the fit's best-fit derivation). */
export function pairParameterValues (ctx: FitContext, i: number, j: number, a: number): Float64Array {
  const t = ctx.tables
  const v = new Float64Array(N_PARAMETERS)
  v[0] = t.fmuSfh[i]
  v[1] = t.fmuIr[j]
  v[2] = t.mu[i]
  v[3] = t.tauv[i]
  v[4] = log10(t.ssfr[i])
  v[5] = log10(a)
  v[6] = log10(t.ldust[i] * a)
  v[7] = t.tC[j]
  v[8] = t.tW[j]
  v[9] = t.xiCTot[j]
  v[10] = t.xiPahTot[j]
  v[11] = t.xiMirTot[j]
  v[12] = t.xiWTot[j]
  v[13] = t.tvism[i]
  v[14] = log10(t.mdust[j] * a * t.ldust[i])
  v[15] = log10(t.ssfr[i] * a)
  return v
}

function checkColumns (ctx: FitContext, ph: Photometry): void {
  const nIrCols = ph.nfilt - (ph.nSfh - ph.nMix)
  if (ctx.libs.optical.nMags < ph.nSfh) {
    throw new LibraryMismatchError(`optical library at z = ${ctx.libs.redshift} has ${ctx.libs.optical.nMags} magnitude columns; the filters need ${ph.nSfh} (bands below 10 um rest frame)`)
  }
  if (nIrCols > 0 && ctx.libs.infrared.nMags < nIrCols) {
    throw new LibraryMismatchError(`infrared library at z = ${ctx.libs.redshift} has ${ctx.libs.infrared.nMags} magnitude columns; the filters need ${nIrCols} (bands above 2.5 um rest frame)`)
  }
}

/** Fits one pixel against a prepared library pair (the caller chose the pair for the pixel's redshift). */
export function fitPixel (ctx: FitContext, filters: readonly FilterSpec[], obs: Observation): FitOutcome {
  const ph = preparePhotometry(obs, filters)
  if (ph.used.length < MIN_BANDS) {
    return { ok: false, unfitted: { name: obs.name, reason: 'too-few-bands', message: `${ph.used.length} usable band(s); at least ${MIN_BANDS} are needed` } }
  }
  checkColumns(ctx, ph)
  const nIrCols = ph.nfilt - (ph.nSfh - ph.nMix)
  const mf = modelFluxesFor(ctx, obs.redshift, ph.nSfh, Math.max(0, nIrCols))
  const acc: Accumulated = accumulate(ctx, ph, mf)
  if (acc.bestOptical < 0 || !(acc.ptot > 0)) {
    return { ok: false, unfitted: { name: obs.name, reason: 'no-compatible-models', message: 'no model pair has a non-zero probability' } }
  }
  const summaries: ParameterSummary[] = []
  const histograms: SparseHistogram[] = []
  const best = pairParameterValues(ctx, acc.bestOptical, acc.bestInfrared, acc.bestScale)
  const summary = new Float64Array(N_PARAMETERS * N_VALUES)
  for (let p = 0; p < N_PARAMETERS; p++) {
    const norm = normalise(p, acc.hist[p], acc.ptot)
    const s = summarise(p, norm)
    summaries.push(s)
    histograms.push(sparse(norm))
    const [p2, p16, p50, p84, p97] = s.percentiles
    summary.set([best[p], p50, s.hpbv, p2, p16, p84, p97], p * N_VALUES)
  }
  const lum = bestFitLuminosities(ctx, mf, ph, acc.bestOptical, acc.bestInfrared, acc.bestScale)
  const perJy = fluxToLsunPerHz(1, ph.distCm)
  const observedFlux = new Float64Array(ph.nfilt).fill(Number.NaN)
  const observedSigma = new Float64Array(ph.nfilt).fill(Number.NaN)
  for (const k of ph.used) {
    observedFlux[k] = ph.flux[k] / perJy
    observedSigma[k] = ph.sigma[k] / perJy
  }
  const fit: PixelFit = {
    name: obs.name,
    redshift: obs.redshift,
    libraryRedshift: ctx.libs.redshift,
    bestOptical: acc.bestOptical,
    bestOpticalIndex: ctx.libs.optical.index[acc.bestOptical],
    bestInfrared: acc.bestInfrared,
    chi2: acc.bestChi2,
    scale: acc.bestScale,
    observedFlux,
    observedSigma,
    bestFitFlux: lum.map((l) => l / perJy),
    usedBands: ph.used.length,
    summary,
    histograms: histograms as PixelFit['histograms']
  }
  return { ok: true, detail: { fit, photometry: ph, summaries } }
}
