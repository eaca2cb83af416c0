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
import { HEAP_ARRAYS, type ArrayMaker } from './kernel/kernel-memory.js'

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

/** Per infrared model in fmu order (entry p: model irOrder[p]): the sums of the chi2 and the dust-band bound. */
export interface InfraredSums {
  /** sum over mixed and dust-only bands of w f r, and of w r^2. */
  B: Float64Array
  E: Float64Array
  /** Dust-only least squares in c = a L: chi2 floor, curvature and best c. */
  dfl: Float64Array
  Ed: Float64Array
  c: Float64Array
  /** The model's flux per unit dust luminosity in each mixed band, entry-major. */
  rMixed: Float64Array
}

/** F = sum of w f^2 over the used bands. */
export function observedSquares (ph: Photometry): number {
  let F = 0
  for (const k of ph.used) F += ph.flux[k] * ph.flux[k] * ph.weight[k]
  return F
}

function squaresOf (ph: Photometry, filters: Int32Array): number {
  let F = 0
  for (const k of filters) F += ph.flux[k] * ph.flux[k] * ph.weight[k]
  return F
}

/** Per model of one library: the least-squares fit to `own` bands alone, and the sums over `own` and `shared`. */
interface ModelSums {
  floor: Float64Array
  curvature: Float64Array
  scale: Float64Array
  /** sum of w f m and of w m^2 over both band sets. */
  fm: Float64Array
  mm: Float64Array
}

/**
 * The sums of every model (entry m for model m, or for model order[m] when an order is given; with `sharedFlux`,
 * also each entry's fluxes in the shared bands, entry-major), in one tight loop: per model, w f m and w m^2 summed over `own` bands and then, on
 * the same sums, over `shared` ones, in band order (the products as (w f) m and (w m) m), with the least-squares
 * fit to `own` alone taken in between.
 */
function modelSums (ph: Photometry, flux: Float64Array, models: number, rowLength: number, own: [Int32Array, Int32Array], shared: [Int32Array, Int32Array], make: ArrayMaker, order?: Int32Array, sharedFlux?: Float64Array): ModelSums {
  const out: ModelSums = {
    floor: make.f64(models),
    curvature: make.f64(models),
    scale: make.f64(models),
    fm: make.f64(models),
    mm: make.f64(models)
  }
  const Fo = squaresOf(ph, own[1])
  // Columns, w f and w of own bands then shared ones; the first nOwn are own.
  const cols = Int32Array.from([...own[0], ...shared[0]])
  const filt = [...own[1], ...shared[1]]
  const wf = Float64Array.from(filt, (k) => ph.weight[k] * ph.flux[k])
  const w = Float64Array.from(filt, (k) => ph.weight[k])
  const nOwn = own[0].length
  const nAll = cols.length
  for (let m = 0; m < models; m++) {
    const row = (order === undefined ? m : order[m]) * rowLength
    let n = 0
    let d = 0
    for (let u = 0; u < nOwn; u++) {
      const v = flux[row + cols[u]]
      n += wf[u] * v
      d += w[u] * v * v
    }
    out.floor[m] = d > 0 ? Math.max(0, Fo - n * n / d) : Fo
    out.curvature[m] = d
    out.scale[m] = d > 0 ? n / d : 0
    for (let u = nOwn; u < nAll; u++) {
      const v = flux[row + cols[u]]
      n += wf[u] * v
      d += w[u] * v * v
      if (sharedFlux !== undefined) sharedFlux[m * (nAll - nOwn) + u - nOwn] = v
    }
    out.fm[m] = n
    out.mm[m] = d
  }
  return out
}

/** The optical models' sums for one pixel (own bands: pure-stellar; shared: mixed), in arrays `make` makes. */
export function opticalSums (ctx: FitContext, ph: Photometry, mf: ModelFluxes, bands: BandSplit, make: ArrayMaker = HEAP_ARRAYS): OpticalSums {
  const no = ctx.libs.optical.n
  const sums = modelSums(ph, mf.optical, no, mf.nSfh, [bands.stellar, bands.stellarFilter], [bands.mixedOptical, bands.mixedFilter], make)
  const nMix = bands.mixedOptical.length
  const wsMixed = make.f64(no * nMix)
  for (let i = 0; i < no; i++) {
    for (let u = 0; u < nMix; u++) wsMixed[i * nMix + u] = ph.weight[bands.mixedFilter[u]] * mf.optical[i * mf.nSfh + bands.mixedOptical[u]]
  }
  return { A: sums.fm, C: sums.mm, wsMixed, floor: sums.floor, Dst: sums.curvature, aSt: sums.scale }
}

/** The infrared models' sums for one pixel (own bands: dust-only; shared: mixed), entry p for model irOrder[p]
 * (fmu order, the partner index's), with each model's fluxes in the mixed bands. */
export function infraredSums (ctx: FitContext, ph: Photometry, mf: ModelFluxes, bands: BandSplit): InfraredSums {
  const ni = ctx.libs.infrared.n
  const rMixed = new Float64Array(ni * bands.mixedInfrared.length)
  const sums = modelSums(ph, mf.infrared, ni, mf.nIr, [bands.dust, bands.dustFilter], [bands.mixedInfrared, bands.mixedFilter], HEAP_ARRAYS, ctx.irOrder, rMixed)
  return { B: sums.fm, E: sums.mm, dfl: sums.floor, Ed: sums.curvature, c: sums.scale, rMixed }
}
