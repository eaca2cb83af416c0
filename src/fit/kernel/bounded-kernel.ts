// The host of the bounded pair loop's WebAssembly scan (assembly/bounded-scan.ts, compiled at build time into
// bounded-scan-wasm.ts): one instance per thread, whose memory holds a pixel's sums, partner index and the
// histograms the scan adds to. The host lays the arrays out, copies the pixel's into place, runs the passes and
// reads the results back (docs/fitting.md#the-bounded-pair-loop).
import { BOUNDED_SCAN_WASM } from './bounded-scan-wasm.js'
import { CENTRE, INV_CENTRE, INV_POW2, LOG10_CENTRE } from '../fast-log10.js'
import { EXP_TABLE } from '../window-exp.js'
import { SLICE_MODELS, SUB_MODELS } from '../partner-index.js'
import { compileKernel, KernelMemory, type ArrayMaker, type KernelExports } from './kernel-memory.js'
import { GRIDS } from '../grids.js'
import { log10 } from '../libm/index.js'

/** Bins of the largest high-resolution grid (the most a pair-dependent histogram needs). */
const MAX_NBIN = Math.max(...GRIDS.map((g) => g.nbin))

/** Room for a slice's kept pairs in the kernel's scratch arrays (its KEPT_ROOM). */
const KEPT_ROOM = SLICE_MODELS + 2

/** The scan's passes (the values scanModels takes). */
export const LEAST = 0
export const NEAR_MASS = 1
export const COLLECT = 2
export type ScanPass = typeof LEAST | typeof NEAR_MASS | typeof COLLECT

// The parameter block's layout: assembly/bounded-scan.ts reads the same offsets.
const I32_FIELDS = ['no', 'nMix', 'irLo', 'irHi', 'ldust', 'lssfr', 'logLdust', 'floor', 'Dst', 'aSt', 'A', 'C', 'ws',
  'sliceStart', 'sliceEdMin', 'sliceDflMin', 'subEdMin', 'subDflMin', 'pos', 'c', 'dfl', 'Ed', 'B', 'E', 'logMdust', 'rMixed', 'wEntry',
  'hM', 'hS', 'hL', 'hD', 'ptotI', 'expTable', 'centre', 'invCentre', 'log10Centre', 'invPow2', 'keptE', 'keptChi2',
  'keptND', 'nbinM', 'nbinS', 'nbinL', 'nbinD'] as const
const F64_FIELDS = ['F', 'margin', 'logMdustMin', 'logMdustMax', 'gMMin', 'gSMin', 'gLMin', 'gDMin', 'mPerDex',
  'sPerDex', 'lPerDex', 'dPerDex'] as const
type I32Field = typeof I32_FIELDS[number]
type F64Field = typeof F64_FIELDS[number]

/** Byte offset of each field in the parameter block: the i32 fields, then the f64 ones. */
export const BLOCK_OFFSETS: Readonly<Record<I32Field | F64Field, number>> = Object.fromEntries([
  ...I32_FIELDS.map((name, k) => [name, k * 4]),
  ...F64_FIELDS.map((name, k) => [name, I32_FIELDS.length * 4 + k * 8])
]) as Record<I32Field | F64Field, number>

/** What one pixel's scan is given: the arrays are copied into the kernel's memory, the numbers into its block. */
export interface ScanInput {
  i32: Record<'irLo' | 'irHi' | 'sliceStart' | 'pos', Int32Array>
  f64: Record<'ldust' | 'lssfr' | 'logLdust' | 'floor' | 'Dst' | 'aSt' | 'A' | 'C' | 'ws' | 'sliceEdMin' |
  'sliceDflMin' | 'subEdMin' | 'subDflMin' | 'c' | 'dfl' | 'Ed' | 'B' | 'E' | 'logMdust' | 'rMixed', Float64Array>
  /** Entries (infrared models) and the four pair-dependent histograms' bin counts. */
  entries: number
  nbin: Record<'nbinM' | 'nbinS' | 'nbinL' | 'nbinD', number>
  numbers: Record<F64Field, number>
  no: number
  nMix: number
}

/** Views of what the scan wrote, valid until the next prepare. */
export interface ScanOutput {
  wEntry: Float64Array
  hM: Float64Array
  hS: Float64Array
  hL: Float64Array
  hD: Float64Array
  ptotI: Float64Array
}

interface Exports extends KernelExports {
  scanModels: (pass: number, from: number, to: number, limit: number, least: number, pLeast: number, nearBest: number) => number
}

let compiled: WebAssembly.Module | undefined

/** One thread's scan kernel. */
export class BoundedScan {
  private readonly exports: Exports
  private readonly memory: KernelMemory
  private readonly tablesAt: Record<'expTable' | 'centre' | 'invCentre' | 'log10Centre' | 'invPow2', number>
  private readonly pixelMark: number
  private onCandidate: (i: number, e: number) => void = () => {}

  constructor () {
    compiled ??= compileKernel(BOUNDED_SCAN_WASM)
    const instance = new WebAssembly.Instance(compiled, {
      env: { log10, candidate: (i: number, e: number) => { this.onCandidate(i, e) } }
    })
    this.exports = instance.exports as unknown as Exports
    this.memory = new KernelMemory(this.exports)
    const tables = { expTable: EXP_TABLE, centre: CENTRE, invCentre: INV_CENTRE, log10Centre: LOG10_CENTRE, invPow2: INV_POW2 }
    const tablesAt = Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, this.memory.reserve(t.byteLength)]))
    this.memory.commit()
    for (const [name, t] of Object.entries(tables)) this.memory.f64(tablesAt[name], t.length).set(t)
    this.tablesAt = tablesAt as BoundedScan['tablesAt']
    this.pixelMark = this.memory.mark()
  }

  /** Where the next region of the pixel's space starts, and where that space ends. */
  private next = 0
  private end = 0

  /**
   * Starts a pixel: sets aside space for all its arrays (no models x nOpt doubles a model, ni x nIr an infrared
   * model, slices slices) and returns the maker of arrays in it, so that the pixel's sums and partner index are
   * written where the kernel reads them. Arrays made before are released.
   */
  beginPixel (no: number, ni: number, nMix: number, slices: number): ArrayMaker {
    const mem = this.memory
    mem.release(this.pixelMark)
    // Every array prepare places, as 8-byte words, and 16 bytes of alignment for each of at most 48 arrays.
    const words = no * (5 + nMix + 1 + 1 + 3) + ni * (1 + 6 + nMix + 1) + slices * 3 + 1 + 2 * Math.ceil(ni / SUB_MODELS) + 4 * MAX_NBIN + KEPT_ROOM * 8
    const bytes = words * 8 + 48 * 16
    this.next = mem.reserve(bytes)
    this.end = this.next + bytes
    mem.commit()
    return { f64: (n) => mem.f64(this.take(n * 8), n), i32: (n) => mem.i32(this.take(n * 4), n) }
  }

  private take (bytes: number): number {
    const at = this.next
    this.next += (bytes + 15) & ~15
    if (this.next > this.end) throw new Error('bounded scan: a pixel\'s arrays outgrew the space set aside for them')
    return at
  }

  /** Places one pixel's input (arrays made by beginPixel's maker stay where they are, others are copied in); the
   * returned views are zeroed and receive the COLLECT pass. */
  prepare (input: ScanInput, onCandidate: (i: number, e: number) => void): ScanOutput {
    this.onCandidate = onCandidate
    const mem = this.memory
    const buffer = this.exports.memory.buffer
    const place: Record<string, number> = {}
    const put = (name: string, a: Int32Array | Float64Array): void => {
      if (a.buffer === buffer) {
        place[name] = a.byteOffset
        return
      }
      place[name] = this.take(a.byteLength)
      if (a instanceof Int32Array) mem.i32(place[name], a.length).set(a)
      else mem.f64(place[name], a.length).set(a)
    }
    for (const [name, a] of Object.entries(input.i32)) put(name, a)
    for (const [name, a] of Object.entries(input.f64)) put(name, a)
    const outputs = { wEntry: input.entries, hM: input.nbin.nbinM, hS: input.nbin.nbinS, hL: input.nbin.nbinL, hD: input.nbin.nbinD, ptotI: input.no }
    for (const [name, n] of Object.entries(outputs)) place[name] = this.take(n * 8)
    place.keptE = this.take(KEPT_ROOM * 4)
    place.keptChi2 = this.take(KEPT_ROOM * 8)
    // N, D, probability and log10 of the scale (f64), four bins (i32) and the near-edge bits of each kept pair.
    place.keptND = this.take(KEPT_ROOM * (4 * 8 + 4 * 4 + 1))
    const out = Object.fromEntries(Object.entries(outputs).map(([name, n]) => [name, mem.f64(place[name], n).fill(0)])) as unknown as ScanOutput
    const block = mem.block()
    const i32 = (field: I32Field, v: number): void => { block.setInt32(BLOCK_OFFSETS[field], v, true) }
    i32('no', input.no)
    i32('nMix', input.nMix)
    for (const [name, offset] of Object.entries(place)) i32(name as I32Field, offset)
    for (const [name, offset] of Object.entries(this.tablesAt)) i32(name as I32Field, offset)
    for (const [name, n] of Object.entries(input.nbin)) i32(name as I32Field, n)
    for (const field of F64_FIELDS) block.setFloat64(BLOCK_OFFSETS[field], input.numbers[field], true)
    return out
  }

  /** scanModels of the kernel over optical models [from, to). */
  scan (pass: ScanPass, from: number, to: number, limit: number, least: number, pLeast: number, nearBest: number): number {
    return this.exports.scanModels(pass, from, to, limit, least, pLeast, nearBest)
  }
}

let perThread: BoundedScan | undefined

/** This thread's kernel, instantiated on first use. */
export function boundedScan (): BoundedScan {
  perThread ??= new BoundedScan()
  return perThread
}
