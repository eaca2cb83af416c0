// log Mdust on the stellar-only path without visiting every pair (docs/fitting.md#only-stellar-bands). A pair's
// Mdust bin is floor(v_q + frac_i) + whole_i (v_q the infrared model's log Mdust in bin units, whole_i + frac_i the
// optical model's shift log10(Ldust_i a_i) in bin units), the same for the whole window of partners of optical model
// i since p depends on i alone. Optical models are taken in blocks of BLOCK_MODELS consecutive in fmu: their windows
// share a core (the partners of every member) and differ only at the edges. In the core, sorted by v once per
// library, the partners of one integer cell m land in bin m or m + 1, and which reach m + 1 (the top of the cell)
// grows with frac_i: each partner that moves at all is one event at the first member (by frac) that moves it, and
// one sweep per member over the block's bins adds its counts (addCore). Edges are counted pair by pair, and only
// the bins they touch are flushed. Per pixel this costs ~(bins x members + core) per block instead of a visit per
// pair.
import type { FitContext } from './context.js'
import { GRIDS } from './grids.js'
import { P_MDUST } from './histograms.js'
import { coreMoves, type CoreMoves } from './mdust-moves.js'

/** Optical models per block: the edges grow and the core shrinks with it, the per-block work falls. */
export const BLOCK_MODELS = 256

/** Per library pair: the blocks, their cores sorted by v, each core's cells, and when each core partner moves up a
 * bin (mdust-moves.ts: what the kernel reads instead of searching per partner). */
export interface MdustBlocks extends CoreMoves {
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

/** The blocks of a library pair, built once per context (~0.3 s for 49,312 x 50,000 models, half of it the
 * moves: createFitContext builds them or adopts the pool's, so that the cost falls on loading the libraries rather
 * than on a pixel). */
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
  // Each core's values in ascending order, taken from one sort of them all: the cores are overlapping windows of
  // ~2.5e6 partners together, which sorted one by one took ~0.25 s of loading the libraries. (A multiset of doubles
  // has one ascending order: the cores are those a sort of each gives, to the last bit.)
  const byValue = Int32Array.from(scaled, (_, k) => k).sort((a, b) => scaled[a] - scaled[b])
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
    const core = new Float64Array(ch - cl)
    let n = 0
    for (let k = 0; k < byValue.length && n < core.length; k++) {
      const q = byValue[k]
      if (q >= cl && q < ch) core[n++] = scaled[q]
    }
    cores.push(core)
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
  const cells = { cellAt: sharedInt32(cellAt), cellValue: sharedInt32(cellValue), cellFrom: sharedInt32(cellFrom), cellTo: sharedInt32(cellTo) }
  const out: MdustBlocks = {
    scaled: sharedFloat64(scaled),
    base,
    span: Math.ceil(hi - base) + 3,
    coreLo: sharedInt32(coreLo),
    coreHi: sharedInt32(coreHi),
    ...cells,
    sorted,
    ...coreMoves(sorted, cells.cellAt, cells.cellValue, cells.cellFrom, cells.cellTo)
  }
  cache.set(ctx, out)
  return out
}

/** Scratch space of addMdust, sized for the largest block. */
interface CoreScratch {
  /** Per bin of the block's cells (bin m - first cell's m): how many core partners land there for the member at hand. */
  net: Int32Array
  /** Per member rank: where its events start in eventCell (counting sort by rank). */
  eventStart: Int32Array
  /** Per event: the bin index (m - first cell's m) a partner leaves for the next one. */
  eventCell: Int32Array
  /** Per event before sorting: its rank, and per partner-event its cell. */
  eventRank: Int32Array
  eventFrom: Int32Array
  /** Per 1/RANK_CELLS of frac: the first member rank at or above it. */
  startRank: Int32Array
}

/** Cells of the frac lookup that finds a partner's rank (members per block are at most BLOCK_MODELS). */
export const RANK_CELLS = 1024

/** What the largest block needs: bins of its cells (plus one), and partners in its core. */
export function largestBlock (blocks: MdustBlocks): { cells: number, core: number } {
  let cells = 0
  let core = 0
  for (let b = 0; b + 1 < blocks.cellAt.length; b++) {
    const first = blocks.cellAt[b]
    const last = blocks.cellAt[b + 1] - 1
    if (last >= first) cells = Math.max(cells, blocks.cellValue[last] - blocks.cellValue[first] + 2)
    core = Math.max(core, blocks.coreHi[b] - blocks.coreLo[b])
  }
  return { cells, core }
}

function coreScratch (blocks: MdustBlocks): CoreScratch {
  const { cells, core } = largestBlock(blocks)
  return {
    net: new Int32Array(cells),
    eventStart: new Int32Array(BLOCK_MODELS + 2),
    eventCell: new Int32Array(core),
    eventRank: new Int32Array(core),
    eventFrom: new Int32Array(core),
    startRank: new Int32Array(RANK_CELLS + 1)
  }
}

/**
 * The core of one block: every member (by increasing frac, `fr[r]` its frac and `order[r]` its slot) times the
 * counts of its core partners per bin, added to hD at the member's shift. A core partner of cell m with value v
 * lands in bin m until the member's frac f makes floor(v + f) > m, then in m + 1; as f grows the partners that
 * moved are the top of the cell's sorted values. So each partner that moves at all is one event at the rank of the
 * first member that moves it (a binary search over the ranks, exact: it tests floor(v + f) itself), and the
 * members are then taken in rank order, each applying its events to the per-bin counts and adding them, bin by
 * bin in one sweep. Work per block: events x log(members) + members x bins.
 */
function addCore (blocks: MdustBlocks, b: number, n: number, order: Int32Array, fr: Float64Array, mP: Float64Array, mWhole: Int32Array, hD: Float64Array, sc: CoreScratch): void {
  const { sorted, base } = blocks
  const top = hD.length - 1
  const firstCell = blocks.cellAt[b]
  const lastCell = blocks.cellAt[b + 1] - 1
  const m0 = blocks.cellValue[firstCell]
  const width = blocks.cellValue[lastCell] - m0 + 2
  const { net, eventStart, eventCell, eventRank, eventFrom } = sc
  net.fill(0, 0, width)
  // startRank[g]: the first rank whose frac is >= g / RANK_CELLS, so that a partner's rank is found in a step or two.
  const { startRank } = sc
  for (let g = 0, r = 0; g <= RANK_CELLS; g++) {
    while (r < n && fr[r] < g / RANK_CELLS) r++
    startRank[g] = r
  }
  let events = 0
  const fMax = fr[n - 1]
  for (let cell = firstCell; cell <= lastCell; cell++) {
    const m = blocks.cellValue[cell]
    const x = m - m0
    const from = blocks.cellFrom[cell]
    const to = blocks.cellTo[cell]
    net[x] += to - from
    // From the cell's largest value down: each moves no earlier than the one above it.
    for (let q = to - 1; q >= from; q--) {
      const v = sorted[q]
      if (((v + fMax) | 0) <= m) break
      // v + f reaches m + 1 once f >= 1 - (v - m); every rank below startRank[g - 1] has f < that by 1/RANK_CELLS
      // at least, far beyond rounding, so the exact test starts there.
      const g = Math.floor((1 - (v - m)) * RANK_CELLS) - 1
      let r = startRank[g < 0 ? 0 : g > RANK_CELLS ? RANK_CELLS : g]
      while (((v + fr[r]) | 0) <= m) r++
      eventRank[events] = r
      eventFrom[events] = x
      events++
    }
  }
  // Counting sort of the events by rank.
  eventStart.fill(0, 0, n + 1)
  for (let e = 0; e < events; e++) eventStart[eventRank[e] + 1]++
  for (let r = 0; r < n; r++) eventStart[r + 1] += eventStart[r]
  for (let e = 0; e < events; e++) eventCell[eventStart[eventRank[e]]++] = eventFrom[e]
  // eventStart[r] now ends rank r's events; rank r's start is the previous rank's end.
  let at = 0
  for (let r = 0; r < n; r++) {
    for (const end = eventStart[r]; at < end; at++) {
      const x = eventCell[at]
      net[x]--
      net[x + 1]++
    }
    const k = order[r]
    const p = mP[k]
    const off = m0 + mWhole[k] + base
    if (off >= 0 && off + width - 1 <= top) {
      for (let x = 0; x < width; x++) hD[off + x] += p * net[x]
    } else {
      for (let x = 0; x < width; x++) {
        const c = net[x]
        if (c === 0) continue
        const bin = off + x
        hD[bin < 0 ? 0 : bin > top ? top : bin] += p * c
      }
    }
  }
}

/**
 * Adds every pair's probability to the Mdust histogram `hD` (nbin bins): optical model i has probability prob[i]
 * (0: skipped) and shift[i] = (log10(Ldust_i a_i) - grid min) x scale.
 */
export function addMdust (ctx: FitContext, blocks: MdustBlocks, prob: Float64Array, shift: Float64Array, hD: Float64Array): void {
  const top = hD.length - 1
  const { scaled: sc, base } = blocks
  const counts = new Int32Array(blocks.span)
  const touched = new Int32Array(blocks.span)
  const no = ctx.optOrder.length
  const scratch = coreScratch(blocks)
  // The members of a block (optical models with p > 0), by increasing frac for the core.
  const order = new Int32Array(BLOCK_MODELS)
  const mP = new Float64Array(BLOCK_MODELS)
  const mFrac = new Float64Array(BLOCK_MODELS)
  const mWhole = new Int32Array(BLOCK_MODELS)
  const fr = new Float64Array(BLOCK_MODELS)
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
      let nTouched = 0
      for (let q = lo; q < Math.min(hi, cl); q++) {
        const c = (sc[q] + f) | 0
        if (counts[c]++ === 0) touched[nTouched++] = c
      }
      for (let q = Math.max(lo, ch); q < hi; q++) {
        const c = (sc[q] + f) | 0
        if (counts[c]++ === 0) touched[nTouched++] = c
      }
      // Each bin touched gets one addition, as a sweep over every bin would give, without the sweep.
      for (let u = 0; u < nTouched; u++) {
        const c = touched[u]
        const bin = c + whole + base
        hD[bin < 0 ? 0 : bin > top ? top : bin] += p * counts[c]
        counts[c] = 0
      }
      order[n] = n
      mP[n] = p
      mFrac[n] = f
      mWhole[n] = whole
      n++
    }
    if (n === 0 || ch <= cl) continue
    order.subarray(0, n).sort((x, y) => (mFrac[x] - mFrac[y]) || (x - y))
    for (let r = 0; r < n; r++) fr[r] = mFrac[order[r]]
    addCore(blocks, b, n, order, fr, mP, mWhole, hD, scratch)
  }
}
