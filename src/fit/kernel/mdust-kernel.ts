// The host of the stellar-only path's log Mdust kernel (assembly/mdust-core.ts): one instance per thread. The
// blocks of a library pair (mdust-blocks.ts) are copied into its memory once and kept while that pair is in use;
// each pixel copies its probabilities and shifts in and reads the Mdust histogram back.
import { MDUST_CORE_WASM } from './mdust-core-wasm.js'
import { compileKernel, KernelMemory, type KernelExports } from './kernel-memory.js'
import type { FitContext } from '../context.js'
import { BLOCK_MODELS, largestBlock, type MdustBlocks } from '../mdust-blocks.js'

// The parameter block's layout: assembly/mdust-core.ts reads the same offsets.
const FIELDS = ['no', 'nBlocks', 'base', 'nbin', 'optOrder', 'irLo', 'irHi', 'prob', 'shift', 'scaled', 'coreLo', 'coreHi', 'cellAt', 'cellValue', 'cellFrom', 'cellTo', 'moveFrom', 'moveAt', 'moveCell', 'hD', 'counts', 'touched', 'order', 'mP', 'mFrac', 'mWhole', 'fr', 'net', 'sortScratch'] as const
type Field = typeof FIELDS[number]

/** Byte offset of each (i32) field in the parameter block. */
export const MDUST_BLOCK_OFFSETS: Readonly<Record<Field, number>> = Object.fromEntries(FIELDS.map((name, k) => [name, k * 4])) as Record<Field, number>

interface Exports extends KernelExports {
  addMdust: () => void
}

let compiled: WebAssembly.Module | undefined

/** One thread's Mdust kernel. */
export class MdustCore {
  private readonly exports: Exports
  private readonly memory: KernelMemory
  private readonly start: number
  /** The library pair whose blocks are in memory, and where the pixel's regions begin. */
  private loaded: MdustBlocks | undefined
  private pixelMark = 0

  constructor () {
    compiled ??= compileKernel(MDUST_CORE_WASM)
    this.exports = new WebAssembly.Instance(compiled, {}).exports as unknown as Exports
    this.memory = new KernelMemory(this.exports)
    this.start = this.memory.mark()
  }

  private set (field: Field, value: number): void {
    this.memory.block().setInt32(MDUST_BLOCK_OFFSETS[field], value, true)
  }

  /** Copies a library pair's blocks (and the context's model order and windows) in, with scratch sized for them,
   * unless they are the blocks in use. */
  useBlocks (ctx: FitContext, blocks: MdustBlocks): void {
    if (this.loaded === blocks) return
    const mem = this.memory
    mem.release(this.start)
    const ints: Partial<Record<Field, Int32Array>> = {
      optOrder: ctx.optOrder, irLo: ctx.irLo, irHi: ctx.irHi, coreLo: blocks.coreLo, coreHi: blocks.coreHi,
      cellAt: blocks.cellAt, cellValue: blocks.cellValue, cellFrom: blocks.cellFrom, cellTo: blocks.cellTo,
      moveFrom: blocks.moveFrom
    }
    const doubles: Partial<Record<Field, Float64Array>> = { scaled: blocks.scaled, moveAt: blocks.moveAt }
    const at: Partial<Record<Field, number>> = {}
    for (const [name, a] of Object.entries(ints)) at[name as Field] = mem.reserve(a.byteLength)
    for (const [name, a] of Object.entries(doubles)) at[name as Field] = mem.reserve(a.byteLength)
    at.moveCell = mem.reserve(blocks.moveCell.byteLength)
    // Scratch as mdust-blocks.ts' coreScratch sizes it.
    const { cells } = largestBlock(blocks)
    const scratch: Partial<Record<Field, number>> = {
      counts: blocks.span * 4, touched: blocks.span * 4, order: BLOCK_MODELS * 4, mP: BLOCK_MODELS * 8,
      mFrac: BLOCK_MODELS * 8, mWhole: BLOCK_MODELS * 4, fr: BLOCK_MODELS * 8, net: cells * 4,
      sortScratch: BLOCK_MODELS * 4
    }
    for (const [name, bytes] of Object.entries(scratch)) at[name as Field] = mem.reserve(bytes)
    mem.commit()
    for (const [name, a] of Object.entries(ints)) mem.i32(at[name as Field] as number, a.length).set(a)
    for (const [name, a] of Object.entries(doubles)) mem.f64(at[name as Field] as number, a.length).set(a)
    mem.u16(at.moveCell as number, blocks.moveCell.length).set(blocks.moveCell)
    // counts must start at zero (the kernel leaves it so after every model).
    mem.i32(at.counts as number, blocks.span).fill(0)
    for (const [name, offset] of Object.entries(at)) this.set(name as Field, offset)
    this.set('no', ctx.optOrder.length)
    this.set('nBlocks', blocks.coreLo.length)
    this.set('base', blocks.base)
    this.loaded = blocks
    this.pixelMark = mem.mark()
  }

  /** addMdust of mdust-blocks.ts: hD (zero on entry) receives every pair's probability. */
  addMdust (ctx: FitContext, blocks: MdustBlocks, prob: Float64Array, shift: Float64Array, hD: Float64Array): void {
    this.useBlocks(ctx, blocks)
    const mem = this.memory
    mem.release(this.pixelMark)
    const probAt = mem.reserve(prob.byteLength)
    const shiftAt = mem.reserve(shift.byteLength)
    const hAt = mem.reserve(hD.byteLength)
    mem.commit()
    mem.f64(probAt, prob.length).set(prob)
    mem.f64(shiftAt, shift.length).set(shift)
    mem.f64(hAt, hD.length).fill(0)
    this.set('prob', probAt)
    this.set('shift', shiftAt)
    this.set('hD', hAt)
    this.set('nbin', hD.length)
    this.exports.addMdust()
    hD.set(mem.f64(hAt, hD.length))
  }
}

let perThread: MdustCore | undefined

/** This thread's Mdust kernel, instantiated on first use. */
export function mdustCore (): MdustCore {
  perThread ??= new MdustCore()
  return perThread
}
