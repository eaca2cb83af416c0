// log Mdust on the stellar-only path (../../mdust-blocks.ts, docs/fitting.md#only-stellar-bands), compiled to
// WebAssembly: addMdust and addCore of mdust-blocks.ts with the same arithmetic in the same order, so the Mdust
// histogram is theirs to the last bit; the core's per-bin counts come from the block's moves (../../mdust-moves.ts)
// by a merge instead of a search per partner, the same integers. The host (../mdust-kernel.ts) lays the blocks, the
// pixel's probabilities and shifts, the histogram and the scratch out in this memory and writes their offsets into
// the parameter block.

// Offsets of the parameter block's fields (bytes from parameterBlock()), O_ and the host's name of the field: the
// host writes the same layout (BLOCK_OFFSETS in ../mdust-kernel.ts; a test holds the two equal).
// i32 fields: counts, and byte offsets of arrays in this memory
const O_no = 0
const O_nBlocks = 4
const O_base = 8
const O_nbin = 12
const O_optOrder = 16
const O_irLo = 20
const O_irHi = 24
const O_prob = 28
const O_shift = 32
const O_scaled = 36
const O_coreLo = 40
const O_coreHi = 44
const O_cellAt = 48
const O_cellValue = 52
const O_cellFrom = 56
const O_cellTo = 60
const O_moveFrom = 64
const O_moveAt = 68
const O_moveCell = 72
const O_hD = 76
const O_counts = 80
const O_touched = 84
const O_order = 88
const O_mP = 92
const O_mFrac = 96
const O_mWhole = 100
const O_fr = 104
const O_net = 108
const O_sortScratch = 112
const BLOCK_BYTES = 116

/** Optical models per block (mdust-blocks.ts' BLOCK_MODELS). */
const BLOCK_MODELS = 256

const block = memory.data(BLOCK_BYTES, 16)

export function parameterBlock (): usize { return block }
export function heapBase (): usize { return __heap_base }

/**
 * floor(x) as an integer for 0 <= x < 2^31: floor(x) + 2^52 is exact, and its low 32 bits are floor(x). The same as
 * <i32>x there, without the checks V8 puts around a conversion (which cost more than the loops that use it).
 */
@inline function floorSmall (x: f64): i32 { return <i32>reinterpret<i64>(Math.floor(x) + 4503599627370496.0) }

@inline function gi (field: i32): usize { return <usize>load<i32>(block + field) }
@inline function f64At (base: usize, k: i32): f64 { return load<f64>(base + (<usize>k << 3)) }
@inline function i32At (base: usize, k: i32): i32 { return load<i32>(base + (<usize>k << 2)) }
@inline function setI32 (base: usize, k: i32, v: i32): void { store<i32>(base + (<usize>k << 2), v) }
@inline function setF64 (base: usize, k: i32, v: f64): void { store<f64>(base + (<usize>k << 3), v) }
@inline function addF64 (base: usize, k: i32, v: f64): void { const a = base + (<usize>k << 3); store<f64>(a, load<f64>(a) + v) }

/**
 * Sorts slots 0..n-1 of `order` (holding 0..n-1) by their frac, ties by slot: what mdust-blocks.ts' sort with
 * (mFrac[x] - mFrac[y]) || (x - y) gives. A stable merge sort, bottom up, between `order` and `scratch`.
 */
function sortByFrac (order: usize, scratch: usize, n: i32, frac: usize): void {
  let from = order
  let to = scratch
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n)
      const hi = min(lo + (width << 1), n)
      let a = lo
      let b = mid
      let k = lo
      while (a < mid && b < hi) {
        const x = i32At(from, a)
        const y = i32At(from, b)
        // y first only when strictly smaller: equal fracs keep slot order (a's slots precede b's).
        if (f64At(frac, y) < f64At(frac, x)) { setI32(to, k++, y); b++ } else { setI32(to, k++, x); a++ }
      }
      while (a < mid) setI32(to, k++, i32At(from, a++))
      while (b < hi) setI32(to, k++, i32At(from, b++))
    }
    const t = from
    from = to
    to = t
  }
  if (from != order) memory.copy(order, from, <usize>n << 2)
}

/**
 * addCore of mdust-blocks.ts for block b's n members (by increasing frac, fr[r]), with the same counts: instead of
 * searching each core partner's first moving member, the block's moves (mdust-moves.ts, by increasing f*) are merged
 * with the members, each member applying every move whose f* is at most its frac before its sweep.
 */
function addCore (b: i32, n: i32, hD: usize, top: i32): void {
  const base = load<i32>(block + O_base)
  const cellAt = gi(O_cellAt)
  const cellValue = gi(O_cellValue)
  const cellFrom = gi(O_cellFrom)
  const cellTo = gi(O_cellTo)
  const moveAt = gi(O_moveAt)
  const moveCell = gi(O_moveCell)
  const net = gi(O_net)
  const order = gi(O_order)
  const fr = gi(O_fr)
  const mP = gi(O_mP)
  const mWhole = gi(O_mWhole)
  const firstCell = i32At(cellAt, b)
  const lastCell = i32At(cellAt, b + 1) - 1
  const m0 = i32At(cellValue, firstCell)
  const width = i32At(cellValue, lastCell) - m0 + 2
  memory.fill(net, 0, <usize>width << 2)
  for (let cell = firstCell; cell <= lastCell; cell++) {
    const x = i32At(cellValue, cell) - m0
    setI32(net, x, i32At(net, x) + (i32At(cellTo, cell) - i32At(cellFrom, cell)))
  }
  let move = i32At(gi(O_moveFrom), b)
  const moveEnd = i32At(gi(O_moveFrom), b + 1)
  for (let r = 0; r < n; r++) {
    const f = f64At(fr, r)
    for (; move < moveEnd && f64At(moveAt, move) <= f; move++) {
      const x = <i32>load<u16>(moveCell + (<usize>move << 1))
      setI32(net, x, i32At(net, x) - 1)
      setI32(net, x + 1, i32At(net, x + 1) + 1)
    }
    const k = i32At(order, r)
    const p = f64At(mP, k)
    const off = m0 + i32At(mWhole, k) + base
    if (off >= 0 && off + width - 1 <= top) {
      // Two bins at a time (lane by lane the same multiply and add).
      const pv = f64x2.splat(p)
      let x = 0
      for (; x + 1 < width; x += 2) {
        const at = hD + (<usize>(off + x) << 3)
        const counts2 = f64x2.convert_low_i32x4_s(v128.load64_zero(net + (<usize>x << 2)))
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(pv, counts2)))
      }
      for (; x < width; x++) addF64(hD, off + x, p * <f64>i32At(net, x))
    } else {
      for (let x = 0; x < width; x++) {
        const c = i32At(net, x)
        if (c == 0) continue
        const bin = off + x
        addF64(hD, bin < 0 ? 0 : bin > top ? top : bin, p * <f64>c)
      }
    }
  }
}

/** addMdust of mdust-blocks.ts: every pair's probability added to the Mdust histogram. */
export function addMdust (): void {
  const no = load<i32>(block + O_no)
  const nBlocks = load<i32>(block + O_nBlocks)
  const base = load<i32>(block + O_base)
  const top = load<i32>(block + O_nbin) - 1
  const optOrder = gi(O_optOrder)
  const irLo = gi(O_irLo)
  const irHi = gi(O_irHi)
  const prob = gi(O_prob)
  const shift = gi(O_shift)
  const sc = gi(O_scaled)
  const coreLo = gi(O_coreLo)
  const coreHi = gi(O_coreHi)
  const hD = gi(O_hD)
  const counts = gi(O_counts)
  const touched = gi(O_touched)
  const order = gi(O_order)
  const mP = gi(O_mP)
  const mFrac = gi(O_mFrac)
  const mWhole = gi(O_mWhole)
  const fr = gi(O_fr)
  const sortScratch = gi(O_sortScratch)
  for (let b = 0; b < nBlocks; b++) {
    const cl = i32At(coreLo, b)
    const ch = i32At(coreHi, b)
    let n = 0
    const sEnd = min(no, (b + 1) * BLOCK_MODELS)
    for (let s = b * BLOCK_MODELS; s < sEnd; s++) {
      const i = i32At(optOrder, s)
      const p = f64At(prob, i)
      if (!(p > 0)) continue
      const sh = f64At(shift, i)
      const wholeF = Math.floor(sh)
      const whole = <i32>wholeF
      const f = sh - wholeF
      const lo = i32At(irLo, i)
      const hi = i32At(irHi, i)
      let nTouched = 0
      const lowEnd = min(hi, cl)
      // A bin is noted the first time it is counted, without a branch: the slot is written every time and only
      // kept when the count was zero.
      for (let q = lo; q < lowEnd; q++) {
        const c = floorSmall(f64At(sc, q) + f)
        const had = i32At(counts, c)
        setI32(counts, c, had + 1)
        setI32(touched, nTouched, c)
        nTouched += i32(had == 0)
      }
      for (let q = max(lo, ch); q < hi; q++) {
        const c = floorSmall(f64At(sc, q) + f)
        const had = i32At(counts, c)
        setI32(counts, c, had + 1)
        setI32(touched, nTouched, c)
        nTouched += i32(had == 0)
      }
      for (let u = 0; u < nTouched; u++) {
        const c = i32At(touched, u)
        const bin = c + whole + base
        addF64(hD, bin < 0 ? 0 : bin > top ? top : bin, p * <f64>i32At(counts, c))
        setI32(counts, c, 0)
      }
      setI32(order, n, n)
      setF64(mP, n, p)
      setF64(mFrac, n, f)
      setI32(mWhole, n, whole)
      n++
    }
    if (n == 0 || ch <= cl) continue
    sortByFrac(order, sortScratch, n, mFrac)
    for (let r = 0; r < n; r++) setF64(fr, r, f64At(mFrac, i32At(order, r)))
    addCore(b, n, hD, top)
  }
}
