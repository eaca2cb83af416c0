// The host of the bounded pair loop's WebAssembly scan (assembly/bounded-scan.ts, compiled at build time into
// bounded-scan-wasm.ts): one instance per thread, whose memory holds a pixel's sums, partner index and the
// histograms the scan adds to. The host lays the arrays out, copies the pixel's into place, runs the passes and
// reads the results back (docs/fitting.md#the-bounded-pair-loop).
import { BOUNDED_SCAN_WASM } from './bounded-scan-wasm.js'
import { CENTRE, INV_CENTRE, INV_POW2, LOG10_CENTRE } from '../fast-log10.js'
import { EXP_TABLE } from '../window-exp.js'
import { SLICE_MODELS } from '../partner-index.js'

/** The scan's passes (the values scanModels takes). */
export const LEAST = 0
export const NEAR_MASS = 1
export const COLLECT = 2
export type ScanPass = typeof LEAST | typeof NEAR_MASS | typeof COLLECT

// The parameter block's layout: assembly/bounded-scan.ts reads the same offsets.
const I32_FIELDS = ['no', 'nMix', 'irLo', 'irHi', 'ldust', 'lssfr', 'logLdust', 'floor', 'Dst', 'aSt', 'A', 'C', 'ws',
  'sliceStart', 'sliceEdMin', 'sliceDflMin', 'pos', 'c', 'dfl', 'Ed', 'B', 'E', 'logMdust', 'rMixed', 'wEntry',
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
  'sliceDflMin' | 'c' | 'dfl' | 'Ed' | 'B' | 'E' | 'logMdust' | 'rMixed', Float64Array>
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

interface Exports {
  memory: WebAssembly.Memory
  parameterBlock: () => number
  heapBase: () => number
  scanModels: (pass: number, from: number, to: number, limit: number, least: number, pLeast: number, nearBest: number) => number
}

let compiled: WebAssembly.Module | undefined

function module (): WebAssembly.Module {
  if (compiled === undefined) {
    const text = atob(BOUNDED_SCAN_WASM)
    const bytes = new Uint8Array(text.length)
    for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k)
    compiled = new WebAssembly.Module(bytes)
  }
  return compiled
}

const align = (n: number): number => (n + 15) & ~15

/** One thread's scan kernel. */
export class BoundedScan {
  private readonly exports: Exports
  private readonly block: number
  private readonly tablesAt: Record<'expTable' | 'centre' | 'invCentre' | 'log10Centre' | 'invPow2', number>
  private readonly dataStart: number
  private onCandidate: (i: number, e: number) => void = () => {}

  constructor () {
    const instance = new WebAssembly.Instance(module(), {
      env: { log10: Math.log10, candidate: (i: number, e: number) => { this.onCandidate(i, e) } }
    })
    this.exports = instance.exports as unknown as Exports
    this.block = this.exports.parameterBlock()
    let at = align(this.exports.heapBase())
    const tables = { expTable: EXP_TABLE, centre: CENTRE, invCentre: INV_CENTRE, log10Centre: LOG10_CENTRE, invPow2: INV_POW2 }
    const tablesAt: Record<string, number> = {}
    const bytes = Object.values(tables).reduce((s, t) => s + align(t.byteLength), at)
    this.grow(bytes)
    for (const [name, table] of Object.entries(tables)) {
      new Float64Array(this.exports.memory.buffer, at, table.length).set(table)
      tablesAt[name] = at
      at += align(table.byteLength)
    }
    this.tablesAt = tablesAt as BoundedScan['tablesAt']
    this.dataStart = at
  }

  private grow (bytes: number): void {
    const have = this.exports.memory.buffer.byteLength
    if (bytes > have) this.exports.memory.grow(Math.ceil((bytes - have) / 65536))
  }

  /** Lays out and copies one pixel's input; the returned views are zeroed and receive the COLLECT pass. */
  prepare (input: ScanInput, onCandidate: (i: number, e: number) => void): ScanOutput {
    this.onCandidate = onCandidate
    const place: Record<string, number> = {}
    let at = this.dataStart
    const reserve = (name: string, bytes: number): void => { place[name] = at; at += align(bytes) }
    for (const [name, a] of Object.entries(input.i32)) reserve(name, a.byteLength)
    for (const [name, a] of Object.entries(input.f64)) reserve(name, a.byteLength)
    reserve('wEntry', input.entries * 8)
    reserve('hM', input.nbin.nbinM * 8)
    reserve('hS', input.nbin.nbinS * 8)
    reserve('hL', input.nbin.nbinL * 8)
    reserve('hD', input.nbin.nbinD * 8)
    reserve('ptotI', input.no * 8)
    reserve('keptE', SLICE_MODELS * 4)
    reserve('keptChi2', SLICE_MODELS * 8)
    reserve('keptND', SLICE_MODELS * 16)
    this.grow(at)
    const buffer = this.exports.memory.buffer
    for (const [name, a] of Object.entries(input.i32)) new Int32Array(buffer, place[name], a.length).set(a)
    for (const [name, a] of Object.entries(input.f64)) new Float64Array(buffer, place[name], a.length).set(a)
    const view = (name: string, n: number): Float64Array => new Float64Array(buffer, place[name], n).fill(0)
    const out: ScanOutput = {
      wEntry: view('wEntry', input.entries),
      hM: view('hM', input.nbin.nbinM),
      hS: view('hS', input.nbin.nbinS),
      hL: view('hL', input.nbin.nbinL),
      hD: view('hD', input.nbin.nbinD),
      ptotI: view('ptotI', input.no)
    }
    const block = new DataView(buffer, this.block)
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
