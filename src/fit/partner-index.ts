// The infrared models of a library arranged for one pixel so that an optical model's partners that can matter are
// found without visiting the others: the fmu-sorted models are cut into slices of consecutive fmu, and each slice
// is sorted by c_j, the dust luminosity the pixel's dust-only bands ask of model j. An optical model's window of
// energy-balance partners covers whole slices plus two partial ones, and in every slice the partners whose bound
// (pair-sums.ts) can reach the threshold lie in one range of c, found by binary search
// (docs/fitting.md#the-bounded-pair-loop).
import type { FitContext } from './context.js'
import type { BandSplit, InfraredSums } from './pair-sums.js'
import { HEAP_ARRAYS, type ArrayMaker } from './kernel/kernel-memory.js'

/** Infrared models per slice: small enough that the c ranges are tight, large enough that slices are few. */
export const SLICE_MODELS = 256

/** Entries per run within a slice (consecutive in c): a run whose own smallest Ed and dust floor put its c range
 * beyond reach is passed over without visiting its entries. A power of two dividing SLICE_MODELS. */
export const SUB_MODELS = 32

/** Entries in slice order (slice by slice, by increasing c within a slice). */
export interface PartnerIndex {
  slices: number
  /** Entry range [sliceStart[s], sliceStart[s + 1]) of slice s; slice s holds fmu-sorted positions
   * [s * SLICE_MODELS, (s + 1) * SLICE_MODELS). */
  sliceStart: Int32Array
  /** Smallest Ed and dfl in each slice (for the slice's c range). */
  sliceEdMin: Float64Array
  sliceDflMin: Float64Array
  /** The same per run of SUB_MODELS entries (run r holds entries [r * SUB_MODELS, (r + 1) * SUB_MODELS)). */
  subEdMin: Float64Array
  subDflMin: Float64Array
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

/** Builds the index for one pixel, in arrays `make` makes (but j, which only the host reads). */
export function buildPartnerIndex (ctx: FitContext, bands: BandSplit, sums: InfraredSums, make: ArrayMaker = HEAP_ARRAYS): PartnerIndex {
  const ni = ctx.libs.infrared.n
  const slices = Math.ceil(ni / SLICE_MODELS)
  const nMixed = bands.mixedInfrared.length
  const out: PartnerIndex = {
    slices,
    sliceStart: make.i32(slices + 1),
    sliceEdMin: make.f64(slices),
    sliceDflMin: make.f64(slices),
    subEdMin: make.f64(Math.ceil(ni / SUB_MODELS)),
    subDflMin: make.f64(Math.ceil(ni / SUB_MODELS)),
    pos: make.i32(ni),
    j: new Int32Array(ni),
    c: make.f64(ni),
    dfl: make.f64(ni),
    Ed: make.f64(ni),
    B: make.f64(ni),
    E: make.f64(ni),
    logMdust: make.f64(ni),
    logMdustMin: Number.POSITIVE_INFINITY,
    logMdustMax: Number.NEGATIVE_INFINITY,
    rMixed: make.f64(ni * nMixed),
    nMixed
  }
  const order = new Int32Array(SLICE_MODELS)
  const scratch = new Int32Array(SLICE_MODELS)
  const keys = new Float64Array(SLICE_MODELS)
  let e = 0
  let mdMin = Number.POSITIVE_INFINITY
  let mdMax = Number.NEGATIVE_INFINITY
  for (let s = 0; s < slices; s++) {
    const from = s * SLICE_MODELS
    const to = Math.min(ni, from + SLICE_MODELS)
    const n = to - from
    for (let t = 0; t < n; t++) {
      order[t] = t
      keys[t] = sums.c[from + t]
    }
    // Sorted by c, ties by position, so the order is the same on every machine.
    sortByKey(order, scratch, keys, n)
    out.sliceStart[s] = e
    let edMin = Number.POSITIVE_INFINITY
    let dflMin = Number.POSITIVE_INFINITY
    // The runs' minima as the entries are laid out (a slice starts at entry s * SLICE_MODELS, a multiple of
    // SUB_MODELS, so its runs are its own); the slice's are the least of its runs'.
    let runEdMin = Number.POSITIVE_INFINITY
    let runDflMin = Number.POSITIVE_INFINITY
    for (let t = 0; t < n; t++) {
      const p = from + order[t]
      out.pos[e] = p
      out.j[e] = ctx.irOrder[p]
      out.c[e] = sums.c[p]
      out.dfl[e] = sums.dfl[p]
      out.Ed[e] = sums.Ed[p]
      out.B[e] = sums.B[p]
      out.E[e] = sums.E[p]
      const lmd = ctx.logMdustSorted[p]
      out.logMdust[e] = lmd
      if (lmd < mdMin) mdMin = lmd
      if (lmd > mdMax) mdMax = lmd
      for (let u = 0; u < nMixed; u++) out.rMixed[e * nMixed + u] = sums.rMixed[p * nMixed + u]
      if (sums.Ed[p] < runEdMin) runEdMin = sums.Ed[p]
      if (sums.dfl[p] < runDflMin) runDflMin = sums.dfl[p]
      if ((e + 1) % SUB_MODELS === 0 || t === n - 1) {
        const r = Math.floor(e / SUB_MODELS)
        out.subEdMin[r] = runEdMin
        out.subDflMin[r] = runDflMin
        if (runEdMin < edMin) edMin = runEdMin
        if (runDflMin < dflMin) dflMin = runDflMin
        runEdMin = Number.POSITIVE_INFINITY
        runDflMin = Number.POSITIVE_INFINITY
      }
      e++
    }
    out.sliceEdMin[s] = edMin
    out.sliceDflMin[s] = dflMin
  }
  out.sliceStart[slices] = e
  out.logMdustMin = mdMin
  out.logMdustMax = mdMax
  return out
}

/**
 * Sorts order[0..n) (holding 0..n-1) by keys[order[t]], ties in the order they come: a stable merge sort, bottom
 * up, between `order` and `scratch`. What Array.prototype.sort with (keys[a] - keys[b]) || (a - b) gives, without
 * a comparator call per comparison.
 */
export function sortByKey (order: Int32Array, scratch: Int32Array, keys: Float64Array, n: number): void {
  let from = order
  let to = scratch
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n)
      const hi = Math.min(lo + 2 * width, n)
      let a = lo
      let b = mid
      let k = lo
      while (a < mid && b < hi) {
        // b first only when its key is strictly smaller: equal keys keep their order.
        if (keys[from[b]] < keys[from[a]]) to[k++] = from[b++]
        else to[k++] = from[a++]
      }
      while (a < mid) to[k++] = from[a++]
      while (b < hi) to[k++] = from[b++]
    }
    const t = from
    from = to
    to = t
  }
  if (from !== order) order.set(from.subarray(0, n))
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
