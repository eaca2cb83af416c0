// The bounded pair loop's scan over optical models (docs/fitting.md#the-bounded-pair-loop), compiled to
// WebAssembly by AssemblyScript (build-kernel.mjs). It does the same arithmetic in the same order as the
// TypeScript loop it replaced, so its histograms are that loop's to the last bit, in about 60% of its time (the
// pass that adds pairs: ~35 ns an entry visited in V8's optimised JavaScript). WebAssembly arithmetic is IEEE
// double precision without fused or reordered operations, so its results are the same on every engine. The host
// (../bounded-kernel.ts) lays out every array in this module's memory and writes their offsets into the parameter
// block; everything here reads them with load/store, so no runtime, allocator or garbage collector is compiled in.

// Offsets of the parameter block's fields (bytes from parameterBlock()), O_ and the host's name of the field: the
// host writes the same layout (BLOCK_OFFSETS in ../bounded-kernel.ts; a test holds the two equal).
// i32 fields: counts, and byte offsets of arrays in this memory
const O_no = 0
const O_nMix = 4
const O_irLo = 8
const O_irHi = 12
const O_ldust = 16
const O_lssfr = 20
const O_logLdust = 24
const O_floor = 28
const O_Dst = 32
const O_aSt = 36
const O_A = 40
const O_C = 44
const O_ws = 48
const O_sliceStart = 52
const O_sliceEdMin = 56
const O_sliceDflMin = 60
const O_subEdMin = 64
const O_subDflMin = 68
const O_pos = 72
const O_c = 76
const O_dfl = 80
const O_Ed = 84
const O_B = 88
const O_E = 92
const O_logMdust = 96
const O_rMixed = 100
const O_wEntry = 104
const O_hM = 108
const O_hS = 112
const O_hL = 116
const O_hD = 120
const O_ptotI = 124
const O_expTable = 128
const O_centre = 132
const O_invCentre = 136
const O_log10Centre = 140
const O_invPow2 = 144
const O_keptE = 148
const O_keptChi2 = 152
const O_keptND = 156
const O_nbinM = 160
const O_nbinS = 164
const O_nbinL = 168
const O_nbinD = 172
// f64 fields
const O_F = 176
const O_margin = 184
const O_logMdustMin = 192
const O_logMdustMax = 200
const O_gMMin = 208
const O_gSMin = 216
const O_gLMin = 224
const O_gDMin = 232
const O_mPerDex = 240
const O_sPerDex = 248
const O_lPerDex = 256
const O_dPerDex = 264
const BLOCK_BYTES = 272

const SLICE_MODELS = 256
/** Entries per run within a slice (partner-index.ts' SUB_MODELS), and its log2. */
const SUB_BITS = 5
/** Room for a slice's kept pairs, and one more (an odd last pair is computed with a copy of itself). */
const KEPT_ROOM = SLICE_MODELS + 2
/**
 * The kept pairs' region (the host's keptND), KEPT_ROOM of each, as byte offsets from its start (their N): D,
 * probability and log10 of the scale (f64), then the four bins (i32) and the near-edge bits.
 */
const KEPT_D: usize = <usize>KEPT_ROOM << 3
const KEPT_P: usize = KEPT_D + (<usize>KEPT_ROOM << 3)
const KEPT_LA: usize = KEPT_P + (<usize>KEPT_ROOM << 3)
const KEPT_BM: usize = KEPT_LA + (<usize>KEPT_ROOM << 3)
const KEPT_BS: usize = KEPT_BM + (<usize>KEPT_ROOM << 2)
const KEPT_BL: usize = KEPT_BS + (<usize>KEPT_ROOM << 2)
const KEPT_BD: usize = KEPT_BL + (<usize>KEPT_ROOM << 2)
const KEPT_NEAR: usize = KEPT_BD + (<usize>KEPT_ROOM << 2)
const LEAST = 0
const NEAR_MASS = 1
const COLLECT = 2
const WINDOW_EXP_LIMIT: f64 = 64
const STEPS_PER_UNIT: f64 = 64
/** 1 / STEPS_PER_UNIT, exact (a power of two): k * STEP is k / STEPS_PER_UNIT to the last bit, without a division. */
const STEP: f64 = 0.015625
const CELL_BITS = 8
const CELLS = 1 << CELL_BITS
const LOG10_2: f64 = 0.30102999566398120
const LOG10_E: f64 = 0.4342944819032518
/**
 * How close to a bin edge (in bins) a value computed with fastLog10 may lie before the host's Math.log10 decides its
 * bin: fastLog10 is within ~4e-15 of Math.log10, ~1e-12 bins at 200 bins per dex, so beyond this distance both give
 * the same bin, and the histograms are those Math.log10 gives (docs/fitting.md#the-bounded-pair-loop).
 */
const EDGE_GUARD: f64 = 1e-9

const block = memory.data(BLOCK_BYTES, 16)

/** Math.log10 of the host: where a bin is decided near its edge, the answer must be the host's. */
@external('env', 'log10')
declare function hostLog10 (x: f64): f64

/** A pair within 2 margins of the least chi2: the host recomputes it band by band (considerBest). */
@external('env', 'candidate')
declare function candidate (i: i32, e: i32): void

export function parameterBlock (): usize { return block }
export function heapBase (): usize { return __heap_base }

@inline function gi (field: i32): usize { return <usize>load<i32>(block + field) }
@inline function gf (field: i32): f64 { return load<f64>(block + field) }
@inline function f64At (base: usize, k: i32): f64 { return load<f64>(base + (<usize>k << 3)) }
@inline function i32At (base: usize, k: i32): i32 { return load<i32>(base + (<usize>k << 2)) }
@inline function addF64 (base: usize, k: i32, v: f64): void { const a = base + (<usize>k << 3); store<f64>(a, load<f64>(a) + v) }

// window-exp.ts, the same operations.
@inline function windowExp (x: f64, table: usize): f64 {
  if (!(x < WINDOW_EXP_LIMIT)) return 0
  if (!(x > 0)) return 1
  const k = <i32>(x * STEPS_PER_UNIT)
  const r = x - <f64>k * STEP
  return f64At(table, k) * (1 - r * (1 - r * (0.5 - r * (1.0 / 6 - r * (1.0 / 24 - r * (1.0 / 120))))))
}

// fast-log10.ts, the same operations.
@inline function fastLog10 (x: f64, centre: usize, invCentre: usize, log10Centre: usize, invPow2: usize): f64 {
  const hi = <i32>(reinterpret<i64>(x) >>> 32)
  if (hi < 0x00100000 || hi >= 0x7ff00000) return hostLog10(x)
  const k = (hi >> (20 - CELL_BITS)) & (CELLS - 1)
  const field = hi >> 20
  const r = (x * f64At(invPow2, field) - f64At(centre, k)) * f64At(invCentre, k)
  const log1p = r * (1 - r * (0.5 - r * (1.0 / 3 - r * (0.25 - r * 0.2))))
  return <f64>(field - 1023) * LOG10_2 + (f64At(log10Centre, k) + log1p * LOG10_E)
}

/** 2^52: for an integer n with |n| < 2^51, n + 2^52 is exact and its low 32 bits are n as an i32. */
const TWO_POW_52: f64 = 4503599627370496.0

/**
 * floor of both lanes (finite, |x| < 2^31) as two i32 in one i64, lane 0 low: by adding 2^52 rather than by a
 * conversion, which V8 surrounds with checks. For x >= 0 this is <i32>x; other lanes are never read.
 */
@inline function lowWords (x: v128): i64 {
  return i64x2.extract_lane(i32x4.shuffle(f64x2.add(f64x2.floor(x), kv(C_TWO52)), kv(C_ZERO), 0, 2, 0, 2), 0)
}

/**
 * The vector constants of the loops, each twice (one v128), in memory: V8 builds a splat of a constant anew at every
 * use (three instructions), a load from here is one.
 */
const VECTOR_CONSTANTS = memory.data<f64>([1.0 / 120, 1.0 / 120, 1.0 / 24, 1.0 / 24, 1.0 / 6, 1.0 / 6, 0.5, 0.5, 1, 1, 0, 0, WINDOW_EXP_LIMIT, WINDOW_EXP_LIMIT, STEPS_PER_UNIT, STEPS_PER_UNIT, STEP, STEP, TWO_POW_52, TWO_POW_52, 0.2, 0.2, 0.25, 0.25, 1.0 / 3, 1.0 / 3, LOG10_2, LOG10_2, LOG10_E, LOG10_E, 0.5 - EDGE_GUARD, 0.5 - EDGE_GUARD], 16)
const C_120 = 0
const C_24 = 1
const C_6 = 2
const C_HALF = 3
const C_ONE = 4
const C_ZERO = 5
const C_LIMIT = 6
const C_STEPS = 7
const C_STEP = 8
const C_TWO52 = 9
const C_02 = 10
const C_025 = 11
const C_3 = 12
const C_LOG10_2 = 13
const C_LOG10_E = 14
const C_GUARD = 15
@inline function kv (index: i32): v128 { return v128.load(VECTOR_CONSTANTS + (<usize>index << 4)) }

@inline function pairOf (a: f64, b: f64): v128 { return f64x2.replace_lane(f64x2.splat(a), 1, b) }

// windowExp for two values at once: lane by lane the same operations (the vector ones are IEEE's, like the scalar).
@inline function windowExp2 (x: v128, table: usize): v128 {
  const below = f64x2.lt(x, kv(C_LIMIT))
  const positive = f64x2.gt(x, kv(C_ZERO))
  // Lanes the table does not cover compute at 0 and are replaced below.
  const xs = v128.bitselect(x, kv(C_ZERO), v128.and(below, positive))
  const kf = f64x2.trunc(f64x2.mul(xs, kv(C_STEPS)))
  const r = f64x2.sub(xs, f64x2.mul(kf, kv(C_STEP)))
  const kb = f64x2.add(kf, kv(C_TWO52))
  const t = pairOf(f64At(table, <i32>i64x2.extract_lane(kb, 0)), f64At(table, <i32>i64x2.extract_lane(kb, 1)))
  const one = kv(C_ONE)
  let poly = f64x2.sub(kv(C_24), f64x2.mul(r, kv(C_120)))
  poly = f64x2.sub(kv(C_6), f64x2.mul(r, poly))
  poly = f64x2.sub(kv(C_HALF), f64x2.mul(r, poly))
  poly = f64x2.sub(one, f64x2.mul(r, poly))
  poly = f64x2.sub(one, f64x2.mul(r, poly))
  const v = f64x2.mul(t, poly)
  return v128.bitselect(v128.bitselect(v, one, positive), kv(C_ZERO), below)
}

// fastLog10 for two positive normal values at once (lane by lane the same operations); other values take the
// scalar function, lane by lane.
@inline function fastLog10x2 (x: v128, centre: usize, invCentre: usize, log10Centre: usize, invPow2: usize): v128 {
  const hi0 = <i32>(i64x2.extract_lane(x, 0) >>> 32)
  const hi1 = <i32>(i64x2.extract_lane(x, 1) >>> 32)
  if (hi0 < 0x00100000 || hi0 >= 0x7ff00000 || hi1 < 0x00100000 || hi1 >= 0x7ff00000) {
    return pairOf(fastLog10(f64x2.extract_lane(x, 0), centre, invCentre, log10Centre, invPow2), fastLog10(f64x2.extract_lane(x, 1), centre, invCentre, log10Centre, invPow2))
  }
  const k0 = (hi0 >> (20 - CELL_BITS)) & (CELLS - 1)
  const k1 = (hi1 >> (20 - CELL_BITS)) & (CELLS - 1)
  const field0 = hi0 >> 20
  const field1 = hi1 >> 20
  const r = f64x2.mul(
    f64x2.sub(f64x2.mul(x, pairOf(f64At(invPow2, field0), f64At(invPow2, field1))), pairOf(f64At(centre, k0), f64At(centre, k1))),
    pairOf(f64At(invCentre, k0), f64At(invCentre, k1)))
  let poly = f64x2.sub(kv(C_025), f64x2.mul(r, kv(C_02)))
  poly = f64x2.sub(kv(C_3), f64x2.mul(r, poly))
  poly = f64x2.sub(kv(C_HALF), f64x2.mul(r, poly))
  poly = f64x2.sub(kv(C_ONE), f64x2.mul(r, poly))
  const log1p = f64x2.mul(r, poly)
  return f64x2.add(f64x2.mul(pairOf(<f64>(field0 - 1023), <f64>(field1 - 1023)), kv(C_LOG10_2)),
    f64x2.add(pairOf(f64At(log10Centre, k0), f64At(log10Centre, k1)), f64x2.mul(log1p, kv(C_LOG10_E))))
}

// nearEdge for two values at once: all ones in a lane that is near.
@inline function nearEdge2 (x: v128): v128 {
  const d = f64x2.sub(x, f64x2.trunc(x))
  return f64x2.gt(f64x2.abs(f64x2.sub(f64x2.abs(d), kv(C_HALF))), kv(C_GUARD))
}

/** Whether x - trunc(x) = d (in (-1, 1)) puts x within EDGE_GUARD of an integer. */
@inline function nearEdge (d: f64): bool {
  return Math.abs(Math.abs(d) - 0.5) > 0.5 - EDGE_GUARD
}

/** A bin clamped to [0, top] from its unclamped real value (NaN: -1, added nowhere, as a typed array's NaN index). */
@inline function clampBin (x: f64, top: i32): i32 {
  const t = Math.trunc(x)
  if (t != t) return -1
  return t < 0 ? 0 : t > <f64>top ? top : <i32>t
}

function firstAtLeast (c: usize, from: i32, to: i32, x: f64): i32 {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = <i32>(<u32>(lo + hi) >>> 1)
    if (f64At(c, mid) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function firstAbove (c: usize, from: i32, to: i32, x: f64): i32 {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = <i32>(<u32>(lo + hi) >>> 1)
    if (f64At(c, mid) <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

@inline function within (lo: f64, hi: f64, perDex: f64, nbin: i32): bool {
  return lo * perDex >= 0 && hi * perDex < <f64>(nbin - 1)
}

/**
 * Whether every pair of optical model i within `top` has its four pair-dependent bins inside their grids, so that
 * none needs clamping. The pure-stellar bands alone give chi2 >= floor + Dst (a - aSt)^2 at the pair's scale a
 * (pair-sums.ts), so a lies within sqrt((top - floor) / Dst) of aSt; the bins follow from log10 a plus the offsets
 * (Mdust's with the library's least and greatest log Mdust), with a millionfold margin for rounding.
 */
function binsInside (floor: f64, Dst: f64, aSt: f64, top: f64, mOff: f64, sOff: f64, lOff: f64, dOffLow: f64, dOffHigh: f64): bool {
  if (!(Dst > 0)) return false
  const r = Math.sqrt(Math.max(0, top - floor) / Dst)
  const aLow = (aSt - r) * (1 - 1e-9)
  const aHigh = (aSt + r) * (1 + 1e-9)
  if (!(aLow > 0) || !isFinite(aHigh)) return false
  const low = hostLog10(aLow) - 1e-9
  const high = hostLog10(aHigh) + 1e-9
  return within(low + mOff, high + mOff, gf(O_mPerDex), load<i32>(block + O_nbinM)) &&
    within(low + sOff, high + sOff, gf(O_sPerDex), load<i32>(block + O_nbinS)) &&
    within(low + lOff, high + lOff, gf(O_lPerDex), load<i32>(block + O_nbinL)) &&
    within(low + dOffLow, high + dOffHigh, gf(O_dPerDex), load<i32>(block + O_nbinD))
}

/**
 * Stage 1 of adding a slice's kept pairs (scanModels), in a function of its own so that its loops keep their values in
 * registers: for each pair its probability, log10 of its scale, its four bins as if inside their grids and whether
 * any lies near an edge, two pairs at a time (the arrays hold KEPT_ROOM; an odd last pair has a copy beside it).
 * Three loops, one per quantity, rather than one: each iteration of one loop is a long chain of dependent operations
 * (the exp and log10 series, a division), and the processor overlaps the iterations of a short loop body where it
 * could not those of a long one (~10% of the adding pass, the same operations and bits).
 */
@inline(never)
function pairValues (kept: i32, keptChi2: usize, keptN: usize, keptE: usize, least: f64, pLeast: f64, mOff: f64, sOff: f64, lOff: f64, dOff: f64): void {
  const keptD = keptN + KEPT_D
  const keptP = keptN + KEPT_P
  const keptLa = keptN + KEPT_LA
  const keptBM = keptN + KEPT_BM
  const keptBS = keptN + KEPT_BS
  const keptBL = keptN + KEPT_BL
  const keptBD = keptN + KEPT_BD
  const keptNear = keptN + KEPT_NEAR
  const logMd = gi(O_logMdust)
  const expTable = gi(O_expTable)
  const centre = gi(O_centre)
  const invCentre = gi(O_invCentre)
  const log10Centre = gi(O_log10Centre)
  const invPow2 = gi(O_invPow2)
  const mPerDex = gf(O_mPerDex)
  const sPerDex = gf(O_sPerDex)
  const lPerDex = gf(O_lPerDex)
  const dPerDex = gf(O_dPerDex)
  for (let u = 0; u < kept; u += 2) {
    const at = <usize>u << 3
    v128.store(keptP + at, f64x2.mul(f64x2.splat(pLeast), windowExp2(f64x2.mul(kv(C_HALF), f64x2.sub(v128.load(keptChi2 + at), f64x2.splat(least))), expTable)))
  }
  for (let u = 0; u < kept; u += 2) {
    const at = <usize>u << 3
    v128.store(keptLa + at, fastLog10x2(f64x2.div(v128.load(keptN + at), v128.load(keptD + at)), centre, invCentre, log10Centre, invPow2))
  }
  for (let u = 0; u < kept; u += 2) {
    const at = <usize>u << 3
    const lav = v128.load(keptLa + at)
    const lmdv = pairOf(f64At(logMd, i32At(keptE, u)), f64At(logMd, i32At(keptE, u + 1)))
    const xMv = f64x2.mul(f64x2.add(lav, f64x2.splat(mOff)), f64x2.splat(mPerDex))
    const xSv = f64x2.mul(f64x2.add(lav, f64x2.splat(sOff)), f64x2.splat(sPerDex))
    const xLv = f64x2.mul(f64x2.add(lav, f64x2.splat(lOff)), f64x2.splat(lPerDex))
    const xDv = f64x2.mul(f64x2.add(f64x2.add(lmdv, lav), f64x2.splat(dOff)), f64x2.splat(dPerDex))
    const nearV = v128.or(v128.or(nearEdge2(xMv), nearEdge2(xSv)), v128.or(nearEdge2(xLv), nearEdge2(xDv)))
    store<u8>(keptNear + (<usize>u >> 1), <u8>i64x2.bitmask(nearV))
    const bat = <usize>u << 2
    store<i64>(keptBM + bat, lowWords(xMv))
    store<i64>(keptBS + bat, lowWords(xSv))
    store<i64>(keptBL + bat, lowWords(xLv))
    store<i64>(keptBD + bat, lowWords(xDv))
  }
}

/**
 * The scan of optical models [from, to), in order: each model's partners whose bound reaches the limit, found
 * slice by slice (docs/fitting.md#the-bounded-pair-loop). LEAST: returns the least chi2 found
 * (starting from `limit`). NEAR_MASS: returns the summed relative probability of the pairs within `limit`.
 * COLLECT: adds every pair within `limit` to the histograms and the per-entry sums, writes each model's summed
 * probability to ptotI, and returns 0.
 */
export function scanModels (pass: i32, from: i32, to: i32, limitIn: f64, least: f64, pLeast: f64, nearBest: f64): f64 {
  const nMix = load<i32>(block + O_nMix)
  const irLo = gi(O_irLo)
  const irHi = gi(O_irHi)
  const ldust = gi(O_ldust)
  const lssfr = gi(O_lssfr)
  const logLdust = gi(O_logLdust)
  const floorA = gi(O_floor)
  const DstA = gi(O_Dst)
  const aStA = gi(O_aSt)
  const AA = gi(O_A)
  const CA = gi(O_C)
  const wsA = gi(O_ws)
  const sliceStart = gi(O_sliceStart)
  const sliceEdMin = gi(O_sliceEdMin)
  const sliceDflMin = gi(O_sliceDflMin)
  const subEdMin = gi(O_subEdMin)
  const subDflMin = gi(O_subDflMin)
  const pos = gi(O_pos)
  const cA = gi(O_c)
  const dflA = gi(O_dfl)
  const EdA = gi(O_Ed)
  const BA = gi(O_B)
  const EA = gi(O_E)
  const logMd = gi(O_logMdust)
  const rA = gi(O_rMixed)
  const wEntry = gi(O_wEntry)
  const hM = gi(O_hM)
  const hS = gi(O_hS)
  const hL = gi(O_hL)
  const hD = gi(O_hD)
  const ptotI = gi(O_ptotI)
  const expTable = gi(O_expTable)
  const keptE = gi(O_keptE)
  const keptChi2 = gi(O_keptChi2)
  const keptN = gi(O_keptND)
  const keptD = keptN + KEPT_D
  const F = gf(O_F)
  const margin = gf(O_margin)
  const mPerDex = gf(O_mPerDex)
  const sPerDex = gf(O_sPerDex)
  const lPerDex = gf(O_lPerDex)
  const dPerDex = gf(O_dPerDex)
  const mTop = load<i32>(block + O_nbinM) - 1
  const sTop = load<i32>(block + O_nbinS) - 1
  const lTop = load<i32>(block + O_nbinL) - 1
  const dTop = load<i32>(block + O_nbinD) - 1
  const mOff = -gf(O_gMMin)
  const logMdMin = gf(O_logMdustMin)
  const logMdMax = gf(O_logMdustMax)

  let total: f64 = 0
  let limit = limitIn
  for (let i = from; i < to; i++) {
    const lo = i32At(irLo, i)
    const hi = i32At(irHi, i)
    if (pass != LEAST) limit = limitIn
    let top = limit + margin
    const fl = f64At(floorA, i)
    if (hi == lo || fl > top) { if (pass == COLLECT) store<f64>(ptotI + (<usize>i << 3), 0); continue }
    const L = f64At(ldust, i)
    const L2 = L * L
    const Dst = f64At(DstA, i)
    const aSt = f64At(aStA, i)
    const g = aSt * L
    const A = f64At(AA, i)
    const C = f64At(CA, i)
    const wsAt = wsA + (<usize>(i * nMix) << 3)
    // The two mixed bands' weights when there are two (WISE W1 and W2 at low redshift), held in registers.
    const ws0 = nMix >= 1 ? f64At(wsAt, 0) : 0
    const ws1 = nMix >= 2 ? f64At(wsAt, 1) : 0
    const sOff = f64At(lssfr, i) - gf(O_gSMin)
    const lOff = f64At(logLdust, i) - gf(O_gLMin)
    const dOff = f64At(logLdust, i) - gf(O_gDMin)
    const inside = pass == COLLECT && binsInside(fl, Dst, aSt, top, mOff, sOff, lOff, dOff + logMdMin, dOff + logMdMax)
    let ptot: f64 = 0
    const slFirst = lo / SLICE_MODELS
    const slLast = (hi - 1) / SLICE_MODELS
    for (let sl = slFirst; sl <= slLast; sl++) {
      // The slice's entries that can hold partners within top: those whose c lies within reach of g, from the
      // slice's smallest Ed and dust floor (the bound grows with both); none if even the floors exceed it.
      const budget = top - fl - f64At(sliceDflMin, sl)
      if (budget < 0) continue
      let eFrom = i32At(sliceStart, sl)
      let eTo = i32At(sliceStart, sl + 1)
      const edMin = f64At(sliceEdMin, sl)
      const k = Dst * edMin / (Dst + edMin * L * L)
      if (k > 0) {
        const reach = Math.sqrt(budget / k)
        const end = eTo
        eFrom = firstAtLeast(cA, eFrom, end, g - reach)
        eTo = firstAbove(cA, eFrom, end, g + reach)
      }
      if (!(eFrom < eTo)) continue
      const partial = sl * SLICE_MODELS < lo || (sl + 1) * SLICE_MODELS > hi
      let kept = 0
      const budgetTop = top - fl
      for (let s0 = eFrom; s0 < eTo;) {
        // Runs of SUB_MODELS entries (aligned within the slice) with their own smallest Ed and dust floor: a run
        // whose c lies beyond their reach holds no partner within top, and is passed over.
        const sub = s0 >> SUB_BITS
        const s1 = min(eTo, (sub + 1) << SUB_BITS)
        const subBudget = budgetTop - f64At(subDflMin, sub)
        const subEd = f64At(subEdMin, sub)
        const ks = Dst * subEd / (Dst + subEd * L2)
        const from = s0
        s0 = s1
        if (subBudget < 0) continue
        if (ks > 0) {
          const reach = Math.sqrt(subBudget / ks)
          if (f64At(cA, s1 - 1) < g - reach || f64At(cA, from) > g + reach) continue
        }
      let eScalar = from
      if (!partial && nMix == 2) {
        // Two entries at a time (WISE W1 and W2 mixed, whole slices: the common case), the same operations lane by
        // lane as the loop below: both lanes compute chi2 unless the bound rejects both, and each lane's entry is
        // written at `kept`, which then advances only if the lane is kept, so the kept entries stay in order
        // without a branch per lane (KEPT_ROOM leaves room for the last write).
        const w0 = f64x2.splat(ws0)
        const w1 = f64x2.splat(ws1)
        const gv = f64x2.splat(g)
        const Dstv = f64x2.splat(Dst)
        const L2v = f64x2.splat(L2)
        const Lv = f64x2.splat(L)
        const L2x = f64x2.splat(2 * L)
        const bTv = f64x2.splat(budgetTop)
        const Av = f64x2.splat(A)
        const Cv = f64x2.splat(C)
        const Fv = f64x2.splat(F)
        const limv = f64x2.splat(limit)
        let e = from
        for (; e + 1 < s1; e += 2) {
          const at = <usize>e << 3
          const edv = v128.load(EdA + at)
          const dcv = f64x2.sub(gv, v128.load(cA + at))
          const rejected = f64x2.gt(f64x2.mul(f64x2.mul(f64x2.mul(dcv, dcv), Dstv), edv),
            f64x2.mul(f64x2.sub(bTv, v128.load(dflA + at)), f64x2.add(Dstv, f64x2.mul(edv, L2v))))
          if (i64x2.all_true(rejected)) continue
          const ra = v128.load(rA + (<usize>e << 4))
          const rb = v128.load(rA + (<usize>e << 4), 16)
          const X = f64x2.add(f64x2.mul(w0, v128.shuffle<f64>(ra, rb, 0, 2)), f64x2.mul(w1, v128.shuffle<f64>(ra, rb, 1, 3)))
          const Nv = f64x2.add(Av, f64x2.mul(Lv, v128.load(BA + at)))
          const Dv = f64x2.add(f64x2.add(Cv, f64x2.mul(L2x, X)), f64x2.mul(L2v, v128.load(EA + at)))
          const chi2v = f64x2.sub(Fv, f64x2.div(f64x2.mul(Nv, Nv), Dv))
          const keep = i64x2.bitmask(v128.andnot(v128.not(f64x2.gt(chi2v, limv)), rejected))
          const k0 = keep & 1
          store<i32>(keptE + (<usize>kept << 2), e)
          store<f64>(keptChi2 + (<usize>kept << 3), f64x2.extract_lane(chi2v, 0))
          store<f64>(keptN + (<usize>kept << 3), f64x2.extract_lane(Nv, 0))
          store<f64>(keptD + (<usize>kept << 3), f64x2.extract_lane(Dv, 0))
          kept += k0
          store<i32>(keptE + (<usize>kept << 2), e + 1)
          store<f64>(keptChi2 + (<usize>kept << 3), f64x2.extract_lane(chi2v, 1))
          store<f64>(keptN + (<usize>kept << 3), f64x2.extract_lane(Nv, 1))
          store<f64>(keptD + (<usize>kept << 3), f64x2.extract_lane(Dv, 1))
          kept += keep >> 1
        }
        eScalar = e
      }
      for (let e = eScalar; e < s1; e++) {
        if (partial) {
          const p = i32At(pos, e)
          if (p < lo || p >= hi) continue
        }
        const ed = f64At(EdA, e)
        const dc = g - f64At(cA, e)
        if (dc * dc * Dst * ed > (budgetTop - f64At(dflA, e)) * (Dst + ed * L2)) continue
        let X: f64
        if (nMix == 2) {
          const rAt = rA + (<usize>e << 4)
          X = ws0 * load<f64>(rAt) + ws1 * load<f64>(rAt, 8)
        } else {
          X = 0
          const rAt = rA + (<usize>(e * nMix) << 3)
          for (let u = 0; u < nMix; u++) X += f64At(wsAt, u) * f64At(rAt, u)
        }
        const N = A + L * f64At(BA, e)
        const D = C + 2 * L * X + L2 * f64At(EA, e)
        const chi2 = F - N * N / D
        if (chi2 > limit) continue
        store<i32>(keptE + (<usize>kept << 2), e)
        store<f64>(keptChi2 + (<usize>kept << 3), chi2)
        store<f64>(keptN + (<usize>kept << 3), N)
        store<f64>(keptD + (<usize>kept << 3), D)
        kept++
      }
      }
      if (pass == LEAST) {
        for (let u = 0; u < kept; u++) { const v = f64At(keptChi2, u); if (v < limit) limit = v }
        top = limit + margin
        continue
      }
      if (pass == NEAR_MASS) {
        for (let u = 0; u < kept; u++) ptot += windowExp(0.5 * (f64At(keptChi2, u) - least), expTable)
        continue
      }
      // Stage 1, two kept pairs at a time and without branches on the pairs: each pair's probability, log10 of its
      // scale, its four bins as if inside their grids, and whether any of them lies near an edge. An odd last pair
      // is paired with a copy of itself, whose results are not read.
      if (kept & 1) {
        store<f64>(keptChi2 + (<usize>kept << 3), f64At(keptChi2, kept - 1))
        store<f64>(keptN + (<usize>kept << 3), f64At(keptN, kept - 1))
        store<f64>(keptD + (<usize>kept << 3), f64At(keptD, kept - 1))
        store<i32>(keptE + (<usize>kept << 2), i32At(keptE, kept - 1))
      }
      pairValues(kept, keptChi2, keptN, keptE, least, pLeast, mOff, sOff, lOff, dOff)
      // Stage 2, pair by pair in order: the sums, the candidates for the best fit, and the bins; a pair near an edge,
      // or of a model whose bins need clamping, is binned from its log10 again (the host's Math.log10 near an edge).
      for (let u = 0; u < kept; u++) {
        const e = i32At(keptE, u)
        if (f64At(keptChi2, u) <= nearBest) candidate(i, e)
        const p = f64At(keptN + KEPT_P, u)
        if (p == 0) continue
        ptot += p
        addF64(wEntry, e, p)
        const near = (load<u8>(keptN + KEPT_NEAR + (<usize>u >> 1)) >> <u8>(u & 1)) & 1
        if (inside && near == 0) {
          addF64(hM, i32At(keptN + KEPT_BM, u), p)
          addF64(hS, i32At(keptN + KEPT_BS, u), p)
          addF64(hL, i32At(keptN + KEPT_BL, u), p)
          addF64(hD, i32At(keptN + KEPT_BD, u), p)
          continue
        }
        const la = near != 0 ? hostLog10(f64At(keptN, u) / f64At(keptD, u)) : f64At(keptN + KEPT_LA, u)
        const xM = (la + mOff) * mPerDex
        const xS = (la + sOff) * sPerDex
        const xL = (la + lOff) * lPerDex
        const xD = (f64At(logMd, e) + la + dOff) * dPerDex
        if (inside) {
          addF64(hM, <i32>xM, p)
          addF64(hS, <i32>xS, p)
          addF64(hL, <i32>xL, p)
          addF64(hD, <i32>xD, p)
        } else {
          const bM = clampBin(xM, mTop)
          const bS = clampBin(xS, sTop)
          const bL = clampBin(xL, lTop)
          const bD = clampBin(xD, dTop)
          if (bM >= 0) addF64(hM, bM, p)
          if (bS >= 0) addF64(hS, bS, p)
          if (bL >= 0) addF64(hL, bL, p)
          if (bD >= 0) addF64(hD, bD, p)
        }
      }
    }
    if (pass == NEAR_MASS) total += ptot
    else if (pass == COLLECT) store<f64>(ptotI + (<usize>i << 3), ptot)
  }
  return pass == LEAST ? limit : total
}
