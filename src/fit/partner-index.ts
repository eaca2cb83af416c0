// The infrared models of a library arranged for one pixel so that an optical model's partners that can matter are
// found without visiting the others: the fmu-sorted models are cut into slices of consecutive fmu, and each slice
// is sorted by c_j, the dust luminosity the pixel's dust-only bands ask of model j. An optical model's window of
// energy-balance partners covers whole slices plus two partial ones, and in every slice the partners whose bound
// (pair-sums.ts) can reach the threshold lie in one range of c, found by binary search
// (docs/fitting.md#the-bounded-pair-loop).
import type { FitContext } from './context.js'
import type { BandSplit, InfraredSums } from './pair-sums.js'
import type { ModelFluxes } from './model-fluxes.js'

/** Infrared models per slice: small enough that the c ranges are tight, large enough that slices are few. */
export const SLICE_MODELS = 256

/** Entries in slice order (slice by slice, by increasing c within a slice). */
export interface PartnerIndex {
  slices: number
  /** Entry range [sliceStart[s], sliceStart[s + 1]) of slice s; slice s holds fmu-sorted positions
   * [s * SLICE_MODELS, (s + 1) * SLICE_MODELS). */
  sliceStart: Int32Array
  /** Smallest Ed and dfl in each slice (for the slice's c range). */
  sliceEdMin: Float64Array
  sliceDflMin: Float64Array
  /** Per entry: fmu-sorted position, library row, and the sums of pair-sums.ts. */
  pos: Int32Array
  j: Int32Array
  c: Float64Array
  dfl: Float64Array
  Ed: Float64Array
  B: Float64Array
  E: Float64Array
  /** log10 Mdust per unit Ldust, and its least and greatest value. */
  logMdust: Float64Array
  logMdustMin: number
  logMdustMax: number
  /** r per mixed band, entry-major. */
  rMixed: Float64Array
  nMixed: number
}

/** Builds the index for one pixel. */
export function buildPartnerIndex (ctx: FitContext, mf: ModelFluxes, bands: BandSplit, sums: InfraredSums): PartnerIndex {
  const ni = ctx.libs.infrared.n
  const slices = Math.ceil(ni / SLICE_MODELS)
  const nMixed = bands.mixedInfrared.length
  const out: PartnerIndex = {
    slices,
    sliceStart: new Int32Array(slices + 1),
    sliceEdMin: new Float64Array(slices),
    sliceDflMin: new Float64Array(slices),
    pos: new Int32Array(ni),
    j: new Int32Array(ni),
    c: new Float64Array(ni),
    dfl: new Float64Array(ni),
    Ed: new Float64Array(ni),
    B: new Float64Array(ni),
    E: new Float64Array(ni),
    logMdust: new Float64Array(ni),
    logMdustMin: Number.POSITIVE_INFINITY,
    logMdustMax: Number.NEGATIVE_INFINITY,
    rMixed: new Float64Array(ni * nMixed),
    nMixed
  }
  const order = new Int32Array(SLICE_MODELS)
  let e = 0
  for (let s = 0; s < slices; s++) {
    const from = s * SLICE_MODELS
    const to = Math.min(ni, from + SLICE_MODELS)
    const n = to - from
    for (let t = 0; t < n; t++) order[t] = from + t
    // Sorted by c, ties by position, so the order is the same on every machine.
    const view = order.subarray(0, n).sort((p, q) => (sums.c[ctx.irOrder[p]] - sums.c[ctx.irOrder[q]]) || (p - q))
    out.sliceStart[s] = e
    let edMin = Number.POSITIVE_INFINITY
    let dflMin = Number.POSITIVE_INFINITY
    for (const p of view) {
      const j = ctx.irOrder[p]
      out.pos[e] = p
      out.j[e] = j
      out.c[e] = sums.c[j]
      out.dfl[e] = sums.dfl[j]
      out.Ed[e] = sums.Ed[j]
      out.B[e] = sums.B[j]
      out.E[e] = sums.E[j]
      out.logMdust[e] = ctx.tables.logMdust[j]
      out.logMdustMin = Math.min(out.logMdustMin, out.logMdust[e])
      out.logMdustMax = Math.max(out.logMdustMax, out.logMdust[e])
      for (let u = 0; u < nMixed; u++) out.rMixed[e * nMixed + u] = mf.infrared[j * mf.nIr + bands.mixedInfrared[u]]
      edMin = Math.min(edMin, sums.Ed[j])
      dflMin = Math.min(dflMin, sums.dfl[j])
      e++
    }
    out.sliceEdMin[s] = edMin
    out.sliceDflMin[s] = dflMin
  }
  out.sliceStart[slices] = e
  return out
}

/** First entry in [from, to) whose c is >= x (entries are sorted by c there). */
export function firstAtLeast (c: Float64Array, from: number, to: number, x: number): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (c[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First entry in [from, to) whose c is > x (entries are sorted by c there). */
export function firstAbove (c: Float64Array, from: number, to: number, x: number): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (c[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
