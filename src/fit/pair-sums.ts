// Per-model sums that give any pair's chi2 in a few operations, and the per-model least-squares fits that bound
// it from below (docs/fitting.md#the-bounded-pair-loop).
//
// With weights w = 1/sigma^2, a pair's model flux in band k is a (s_ik + L_i r_jk): s the optical model (zero in
// dust-only bands), r the infrared model per unit dust luminosity (zero in pure-stellar bands), L_i the optical
// model's dust luminosity. With N = sum w f m and D = sum w m^2, the best scale is a = N / D and
// chi2 = F - N^2 / D (F = sum w f^2), where N = A_i + L_i B_j and D = C_i + 2 L_i X_ij + L_i^2 E_j: A, C per optical
// model, B, E per infrared model, and only X_ij = sum over mixed bands of w s_ik r_jk needs both.
//
// Lower bound: the pure-stellar bands alone are a least-squares fit in a, S_i(a) = floor_i + Dst_i (a - aSt_i)^2;
// the dust-only bands alone are one in c = a L_i, dfl_j + Ed_j (c - c_j)^2; mixed bands add >= 0. So
// chi2(i, j) >= floor_i + dfl_j + min over a of the two quadratics
//          = floor_i + dfl_j + (g_i - c_j)^2 Dst_i Ed_j / (Dst_i + Ed_j L_i^2),   g_i = aSt_i L_i.
import type { FitContext } from './context.js'
import type { ModelFluxes } from './model-fluxes.js'
import type { Photometry } from './photometry.js'

/** The used bands of a pixel split as the chi2 loop needs them. Column indices are into the model flux rows. */
export interface BandSplit {
  /** Pure-stellar bands: optical column. */
  stellar: Int32Array
  /** Mixed bands (2.5-10 um rest frame): optical column, and infrared column. */
  mixedOptical: Int32Array
  mixedInfrared: Int32Array
  /** Dust-only bands (> 10 um rest frame): infrared column. */
  dust: Int32Array
  /** Filter index of each of the above, for flux and weight. */
  stellarFilter: Int32Array
  mixedFilter: Int32Array
  dustFilter: Int32Array
}

/** Splits a pixel's used bands into pure-stellar, mixed and dust-only ones, in filter order. */
export function splitBands (ph: Photometry): BandSplit {
  const firstIr = ph.nSfh - ph.nMix
  const used = Array.from(ph.used)
  const st = used.filter((k) => k < firstIr)
  const mx = used.filter((k) => k >= firstIr && k < ph.nSfh)
  const ds = used.filter((k) => k >= ph.nSfh)
  return {
    stellar: Int32Array.from(st),
    mixedOptical: Int32Array.from(mx),
    mixedInfrared: Int32Array.from(mx, (k) => k - firstIr),
    dust: Int32Array.from(ds, (k) => k - firstIr),
    stellarFilter: Int32Array.from(st),
    mixedFilter: Int32Array.from(mx),
    dustFilter: Int32Array.from(ds)
  }
}

/** Per optical model (library order): the sums of the chi2 and the stellar-band bound. */
export interface OpticalSums {
  /** sum over stellar and mixed bands of w f s, and of w s^2. */
  A: Float64Array
  C: Float64Array
  /** w s per mixed band, model-major (nMix per model). */
  wsMixed: Float64Array
  /** Pure-stellar least squares: chi2 floor, curvature and best scale. */
  floor: Float64Array
  Dst: Float64Array
  aSt: Float64Array
}

/** Per infrared model (library order): the sums of the chi2 and the dust-band bound. */
export interface InfraredSums {
  /** sum over mixed and dust-only bands of w f r, and of w r^2. */
  B: Float64Array
  E: Float64Array
  /** Dust-only least squares in c = a L: chi2 floor, curvature and best c. */
  dfl: Float64Array
  Ed: Float64Array
  c: Float64Array
}

/** F = sum of w f^2 over the used bands. */
export function observedSquares (ph: Photometry): number {
  let F = 0
  for (const k of ph.used) F += ph.flux[k] * ph.flux[k] * ph.weight[k]
  return F
}

/** The optical models' sums for one pixel. */
export function opticalSums (ctx: FitContext, ph: Photometry, mf: ModelFluxes, bands: BandSplit): OpticalSums {
  const no = ctx.libs.optical.n
  const nMix = bands.mixedOptical.length
  const fo = mf.optical
  const nSfh = mf.nSfh
  const out: OpticalSums = {
    A: new Float64Array(no),
    C: new Float64Array(no),
    wsMixed: new Float64Array(no * nMix),
    floor: new Float64Array(no),
    Dst: new Float64Array(no),
    aSt: new Float64Array(no)
  }
  let Fst = 0
  for (const k of bands.stellarFilter) Fst += ph.flux[k] * ph.flux[k] * ph.weight[k]
  for (let i = 0; i < no; i++) {
    const row = i * nSfh
    let n = 0
    let d = 0
    for (let u = 0; u < bands.stellar.length; u++) {
      const k = bands.stellarFilter[u]
      const m = fo[row + bands.stellar[u]]
      n += ph.weight[k] * ph.flux[k] * m
      d += ph.weight[k] * m * m
    }
    out.floor[i] = d > 0 ? Math.max(0, Fst - n * n / d) : Fst
    out.Dst[i] = d
    out.aSt[i] = d > 0 ? n / d : 0
    for (let u = 0; u < nMix; u++) {
      const k = bands.mixedFilter[u]
      const m = fo[row + bands.mixedOptical[u]]
      n += ph.weight[k] * ph.flux[k] * m
      d += ph.weight[k] * m * m
      out.wsMixed[i * nMix + u] = ph.weight[k] * m
    }
    out.A[i] = n
    out.C[i] = d
  }
  return out
}

/** The infrared models' sums for one pixel. */
export function infraredSums (ctx: FitContext, ph: Photometry, mf: ModelFluxes, bands: BandSplit): InfraredSums {
  const ni = ctx.libs.infrared.n
  const fi = mf.infrared
  const nIr = mf.nIr
  const out: InfraredSums = {
    B: new Float64Array(ni),
    E: new Float64Array(ni),
    dfl: new Float64Array(ni),
    Ed: new Float64Array(ni),
    c: new Float64Array(ni)
  }
  let Fd = 0
  for (const k of bands.dustFilter) Fd += ph.flux[k] * ph.flux[k] * ph.weight[k]
  for (let j = 0; j < ni; j++) {
    const row = j * nIr
    let n = 0
    let d = 0
    for (let u = 0; u < bands.dust.length; u++) {
      const k = bands.dustFilter[u]
      const r = fi[row + bands.dust[u]]
      n += ph.weight[k] * ph.flux[k] * r
      d += ph.weight[k] * r * r
    }
    out.dfl[j] = d > 0 ? Math.max(0, Fd - n * n / d) : Fd
    out.Ed[j] = d
    out.c[j] = d > 0 ? n / d : 0
    for (let u = 0; u < bands.mixedInfrared.length; u++) {
      const k = bands.mixedFilter[u]
      const r = fi[row + bands.mixedInfrared[u]]
      n += ph.weight[k] * ph.flux[k] * r
      d += ph.weight[k] * r * r
    }
    out.B[j] = n
    out.E[j] = d
  }
  return out
}
