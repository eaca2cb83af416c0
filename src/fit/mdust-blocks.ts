// log Mdust on the stellar-only path without visiting every pair (docs/fitting.md#only-stellar-bands). A pair's
// Mdust bin is floor(v_q + frac_i) + whole_i (v_q the infrared model's log Mdust in bin units, whole_i + frac_i the
// optical model's shift log10(Ldust_i a_i) in bin units), the same for the whole window of partners of optical model
// i since p depends on i alone. Optical models are taken in blocks of BLOCK_MODELS consecutive in fmu: their windows
// share a core (the partners of every member) and differ only at the edges. In the core, sorted by v once per
// library, the partners of one integer cell m land in bin m or m + 1, and how many reach m + 1 grows with frac_i:
// with the members sorted by frac, one pointer per cell counts them for all members at once. Edges are counted pair
// by pair as before. Per pixel this costs ~(cells x members + core) per block instead of a visit per pair.
import type { FitContext } from './context.js'
import { GRIDS } from './grids.js'
import { P_MDUST } from './histograms.js'

/** Optical models per block: the edges grow and the core shrinks with it, the per-block work falls. */
export const BLOCK_MODELS = 256

/** Per library pair: the blocks, their cores sorted by v, and each core's cells. */
export interface MdustBlocks {
  /** v of the fmu-sorted infrared models (log10 Mdust in Mdust-bin units minus `base`, all >= 0). */
  scaled: Float64Array
  base: number
  /** Bins v spans (plus room for the shift's fraction): the length of the edge counts. */
  span: number
  /** Per block: the core [coreLo, coreHi) in fmu-sorted infrared positions (empty when coreLo >= coreHi). */
  coreLo: Int32Array
  coreHi: Int32Array
  /** Per block: its cells [cellAt[b], cellAt[b + 1]) in cellValue/cellFrom/cellTo. */
  cellAt: Int32Array
  /** Per cell: m, and its range of `sorted`. */
  cellValue: Int32Array
  cellFrom: Int32Array
  cellTo: Int32Array
  /** The cores' v values, sorted within each core, cores one after another. */
  sorted: Float64Array
}

const cache = new WeakMap<FitContext, MdustBlocks>()

/** Typed arrays on shared memory: the fit pool builds the blocks once and its worker threads share them. */
function sharedFloat64 (values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(values.length * 8))
  out.set(values)
  return out
}

function sharedInt32 (values: ArrayLike<number>): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(values.length * 4))
  out.set(values)
  return out
}

/** Uses blocks built elsewhere for this context (the fit pool's, on shared memory: mdustBlocks of a context of the
 * same libraries gives the same blocks). */
export function adoptMdustBlocks (ctx: FitContext, blocks: MdustBlocks): void {
  cache.set(ctx, blocks)
}

/** The blocks of a library pair, built once per context (~0.6 s for 49,312 x 50,000 models: createFitContext
 * builds them or adopts the pool's, so that the cost falls on loading the libraries rather than on a pixel). */
export function mdustBlocks (ctx: FitContext): MdustBlocks {
  const hit = cache.get(ctx)
  if (hit !== undefined) return hit
  const gD = GRIDS[P_MDUST]
  const scale = gD.nbin / (gD.max - gD.min)
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of ctx.logMdustSorted) {
    lo = Math.min(lo, v * scale)
    hi = Math.max(hi, v * scale)
  }
  const base = Math.floor(lo)
  const scaled = Float64Array.from(ctx.logMdustSorted, (v) => v * scale - base)
  const no = ctx.optOrder.length
  const nBlocks = Math.ceil(no / BLOCK_MODELS)
  const coreLo = new Int32Array(nBlocks)
  const coreHi = new Int32Array(nBlocks)
  const cores: Float64Array[] = []
  for (let b = 0; b < nBlocks; b++) {
    let cl = 0
    let ch = Number.MAX_SAFE_INTEGER
    let any = false
    for (let s = b * BLOCK_MODELS; s < Math.min(no, (b + 1) * BLOCK_MODELS); s++) {
      const i = ctx.optOrder[s]
      if (ctx.irHi[i] === ctx.irLo[i]) continue
      any = true
      cl = Math.max(cl, ctx.irLo[i])
      ch = Math.min(ch, ctx.irHi[i])
    }
    // No core: every partner is an edge (the two edge ranges then meet at cl).
    if (!any || ch <= cl) ch = cl
    coreLo[b] = cl
    coreHi[b] = ch
    cores.push(scaled.slice(cl, ch).sort())
  }
  const sorted = new Float64Array(new SharedArrayBuffer(cores.reduce((n, c) => n + c.length, 0) * 8))
  const cellAt = new Int32Array(nBlocks + 1)
  const cellValue: number[] = []
  const cellFrom: number[] = []
  const cellTo: number[] = []
  let at = 0
  for (let b = 0; b < nBlocks; b++) {
    const core = cores[b]
    sorted.set(core, at)
    cellAt[b] = cellValue.length
    for (let k = 0; k < core.length;) {
      const m = Math.floor(core[k])
      let e = k
      while (e < core.length && Math.floor(core[e]) === m) e++
      cellValue.push(m)
      cellFrom.push(at + k)
      cellTo.push(at + e)
      k = e
    }
    at += core.length
  }
  cellAt[nBlocks] = cellValue.length
  const out: MdustBlocks = {
    scaled: sharedFloat64(scaled),
    base,
    span: Math.ceil(hi - base) + 3,
    coreLo: sharedInt32(coreLo),
    coreHi: sharedInt32(coreHi),
    cellAt: sharedInt32(cellAt),
    cellValue: sharedInt32(cellValue),
    cellFrom: sharedInt32(cellFrom),
    cellTo: sharedInt32(cellTo),
    sorted
  }
  cache.set(ctx, out)
  return out
}

/**
 * Adds every pair's probability to the Mdust histogram `hD` (nbin bins): optical model i has probability prob[i]
 * (0: skipped) and shift[i] = (log10(Ldust_i a_i) - grid min) x scale.
 */
export function addMdust (ctx: FitContext, blocks: MdustBlocks, prob: Float64Array, shift: Float64Array, hD: Float64Array): void {
  const top = hD.length - 1
  const { scaled: sc, base, sorted } = blocks
  const counts = new Int32Array(blocks.span)
  const no = ctx.optOrder.length
  // The members of a block (optical models with p > 0), by increasing frac in the core pass.
  const order = new Int32Array(BLOCK_MODELS)
  const mP = new Float64Array(BLOCK_MODELS)
  const mFrac = new Float64Array(BLOCK_MODELS)
  const mWhole = new Int32Array(BLOCK_MODELS)
  for (let b = 0; b < blocks.coreLo.length; b++) {
    const cl = blocks.coreLo[b]
    const ch = blocks.coreHi[b]
    let n = 0
    for (let s = b * BLOCK_MODELS; s < Math.min(no, (b + 1) * BLOCK_MODELS); s++) {
      const i = ctx.optOrder[s]
      const p = prob[i]
      if (!(p > 0)) continue
      const whole = Math.floor(shift[i])
      const f = shift[i] - whole
      // Edges: the window outside the core, pair by pair (integer counts per bin, flushed with the probability).
      // With no core (coreLo = coreHi) the two ranges are the whole window.
      const lo = ctx.irLo[i]
      const hi = ctx.irHi[i]
      for (let q = lo; q < Math.min(hi, cl); q++) counts[(sc[q] + f) | 0]++
      for (let q = Math.max(lo, ch); q < hi; q++) counts[(sc[q] + f) | 0]++
      for (let c = 0; c < counts.length; c++) {
        const k = counts[c]
        if (k === 0) continue
        counts[c] = 0
        const bin = c + whole + base
        hD[bin < 0 ? 0 : bin > top ? top : bin] += p * k
      }
      order[n] = n
      mP[n] = p
      mFrac[n] = f
      mWhole[n] = whole
      n++
    }
    if (n === 0 || ch <= cl) continue
    order.subarray(0, n).sort((x, y) => (mFrac[x] - mFrac[y]) || (x - y))
    const firstCell = blocks.cellAt[b]
    const lastCell = blocks.cellAt[b + 1] - 1
    const mLow = blocks.cellValue[firstCell] + base
    const mHigh = blocks.cellValue[lastCell] + base + 1
    // Core: per cell, the members by increasing frac; a pointer walks down the cell's sorted v as more of them reach
    // m + 1. A member whose bins all lie inside the grid needs no clamping (the usual case).
    for (let cell = firstCell; cell <= lastCell; cell++) {
      const m = blocks.cellValue[cell]
      const from = blocks.cellFrom[cell]
      const to = blocks.cellTo[cell]
      const count = to - from
      let t = to
      for (let r = 0; r < n; r++) {
        const k = order[r]
        const f = mFrac[k]
        while (t > from && ((sorted[t - 1] + f) | 0) > m) t--
        const up = to - t
        const p = mP[k]
        const bin = m + mWhole[k] + base
        if (mLow + mWhole[k] >= 0 && mHigh + mWhole[k] <= top) {
          hD[bin] += p * (count - up)
          hD[bin + 1] += p * up
        } else {
          if (up < count) hD[bin < 0 ? 0 : bin > top ? top : bin] += p * (count - up)
          if (up > 0) hD[bin + 1 < 0 ? 0 : bin + 1 > top ? top : bin + 1] += p * up
        }
      }
    }
  }
}
