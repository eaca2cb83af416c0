// The fit's WebAssembly kernels: their parameter blocks as the hosts write them, and windowExp, whose operations
// and table the scan kernel uses (fastLog10's are tested in fast-paths.test.ts). The kernels' results are tested
// in bounded-loop.test.ts (against the reference loop) and mdust-blocks.test.ts (against addMdust).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BLOCK_OFFSETS, boundedScan } from '../../../src/fit/kernel/bounded-kernel.js'
import { MDUST_BLOCK_OFFSETS, mdustCore } from '../../../src/fit/kernel/mdust-kernel.js'
import { windowExp, WINDOW_EXP_LIMIT } from '../../../src/fit/window-exp.js'
import { repoRoot } from '../../../src/util/repo-root.js'
import { SLICE_MODELS, SUB_MODELS } from '../../../src/fit/partner-index.js'
import { BLOCK_MODELS } from '../../../src/fit/mdust-blocks.js'

function kernelSource (file: string): string {
  return readFileSync(join(repoRoot(), 'src/fit/kernel/assembly', file), 'utf8')
}

/** A numeric constant of a kernel's source. */
function kernelConstant (file: string, name: string): number {
  return Number(new RegExp(`^const ${name} = (\\d+)$`, 'm').exec(kernelSource(file))?.[1])
}

/** The O_ constants (field offsets) of a kernel's source, and its BLOCK_BYTES. */
function kernelLayout (file: string): { offsets: Record<string, number>, bytes: number } {
  const source = kernelSource(file)
  return {
    offsets: Object.fromEntries(Array.from(source.matchAll(/^const O_(\w+) = (\d+)$/gm), (m) => [m[1], Number(m[2])])),
    bytes: Number(/^const BLOCK_BYTES = (\d+)$/m.exec(source)?.[1])
  }
}

describe('the kernels', () => {
  it('read every field of their parameter blocks where the hosts write it', () => {
    const scan = kernelLayout('bounded-scan.ts')
    expect(scan.offsets).toEqual(BLOCK_OFFSETS)
    expect(scan.bytes).toBe(Math.max(...Object.values(BLOCK_OFFSETS)) + 8)
    const mdust = kernelLayout('mdust-core.ts')
    expect(mdust.offsets).toEqual(MDUST_BLOCK_OFFSETS)
    expect(mdust.bytes).toBe(Math.max(...Object.values(MDUST_BLOCK_OFFSETS)) + 4)
  })

  it('share the sizes the hosts lay their arrays out by', () => {
    expect(kernelConstant('bounded-scan.ts', 'SLICE_MODELS')).toBe(SLICE_MODELS)
    expect(2 ** kernelConstant('bounded-scan.ts', 'SUB_BITS')).toBe(SUB_MODELS)
    expect(SLICE_MODELS % SUB_MODELS).toBe(0)
    expect(kernelConstant('mdust-core.ts', 'BLOCK_MODELS')).toBe(BLOCK_MODELS)
  })

  it('are instantiated once per thread', () => {
    expect(boundedScan()).toBe(boundedScan())
    expect(mdustCore()).toBe(mdustCore())
  })
})

describe('the arithmetic the kernel shares', () => {
  // A fixed pseudo-random sequence (xorshift), so a failure is reproducible.
  function* numbers (n: number, seed = 0x9e3779b9): Generator<number> {
    let x = seed >>> 0
    for (let k = 0; k < n; k++) {
      x ^= x << 13; x >>>= 0
      x ^= x >>> 17
      x ^= x << 5; x >>>= 0
      yield x / 0x100000000
    }
  }

  it('windowExp is within 2.1e-14 of Math.exp(-x), 0 beyond its table and 1 at or below 0', () => {
    let worst = 0
    for (const u of numbers(200_000, 12345)) {
      const x = u * WINDOW_EXP_LIMIT
      worst = Math.max(worst, Math.abs(windowExp(x) / Math.exp(-x) - 1))
    }
    expect(worst).toBeLessThan(2.1e-14)
    expect(windowExp(WINDOW_EXP_LIMIT)).toBe(0)
    expect(windowExp(Number.NaN)).toBe(0)
    expect(windowExp(0)).toBe(1)
    expect(windowExp(-3)).toBe(1)
  })
})
