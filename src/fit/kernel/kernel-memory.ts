// What the fit's WebAssembly kernels' hosts share: compiling a kernel from the base64 the build embedded, and laying
// arrays out in its memory. A kernel has no allocator: its host reserves regions above the kernel's own static
// data, copies inputs in, and writes each region's byte offset into the kernel's parameter block.

/** The exports every kernel has. */
export interface KernelExports {
  memory: WebAssembly.Memory
  /** Byte offset of the parameter block, and the first byte after the kernel's static data. */
  parameterBlock: () => number
  heapBase: () => number
}

/** Compiles a kernel's bytes (base64, as build-kernel.mjs embeds them). */
export function compileKernel (base64: string): WebAssembly.Module {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k)
  return new WebAssembly.Module(bytes)
}

const align = (n: number): number => (n + 15) & ~15

/**
 * Regions of a kernel's memory, reserved upward from a mark. Views are taken after every reservation is made and
 * the memory grown (growing detaches older views).
 */
export class KernelMemory {
  private top: number

  constructor (private readonly exports: KernelExports) {
    this.top = align(exports.heapBase())
  }

  /** The offset the next reservation starts at (to release everything above it later). */
  mark (): number { return this.top }
  release (mark: number): void { this.top = mark }

  /** Reserves `bytes` (16-aligned) and returns the region's offset. */
  reserve (bytes: number): number {
    const at = this.top
    this.top += align(bytes)
    return at
  }

  /** Grows the memory to hold every region reserved. */
  commit (): void {
    const have = this.exports.memory.buffer.byteLength
    if (this.top > have) this.exports.memory.grow(Math.ceil((this.top - have) / 65536))
  }

  f64 (at: number, length: number): Float64Array { return new Float64Array(this.exports.memory.buffer, at, length) }
  i32 (at: number, length: number): Int32Array { return new Int32Array(this.exports.memory.buffer, at, length) }
  u16 (at: number, length: number): Uint16Array { return new Uint16Array(this.exports.memory.buffer, at, length) }

  /** The parameter block, for writing its fields. */
  block (): DataView { return new DataView(this.exports.memory.buffer, this.exports.parameterBlock()) }
}

/** Where a pixel's typed arrays are made: the JavaScript heap, or a kernel's memory (so it reads them in place). */
export interface ArrayMaker {
  f64: (length: number) => Float64Array
  i32: (length: number) => Int32Array
}

/** Arrays on the JavaScript heap. */
export const HEAP_ARRAYS: ArrayMaker = {
  f64: (length) => new Float64Array(length),
  i32: (length) => new Int32Array(length)
}
