import { describe, expect, it } from 'vitest'
import type { FitContext } from '../../../src/fit/context.js'
import type { BandSplit, InfraredSums } from '../../../src/fit/pair-sums.js'
import { buildPartnerIndex, SLICE_MODELS, SUB_MODELS } from '../../../src/fit/partner-index.js'

// The index's layout and the minima the bounded loop prunes by (docs/fitting.md#the-bounded-pair-loop): a minimum
// too large would pass over partners that matter, so each is held to the minimum over its own entries.

/** A deterministic pseudo-random sequence in [0, 1). */
function sequence (seed: number): () => number {
  let x = seed
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
}

/** What buildPartnerIndex reads of a context and sums, for `ni` infrared models (a partial last slice and run). */
function inputs (ni: number): { ctx: FitContext, bands: BandSplit, sums: InfraredSums } {
  const next = sequence(7)
  const values = (): Float64Array => Float64Array.from({ length: ni }, () => next())
  const ctx = {
    libs: { infrared: { n: ni } },
    irOrder: Int32Array.from({ length: ni }, (_, k) => ni - 1 - k),
    logMdustSorted: Float64Array.from({ length: ni }, () => 5 + 3 * next())
  } as unknown as FitContext
  const bands = { mixedInfrared: [] } as unknown as BandSplit
  const sums: InfraredSums = { B: values(), E: values(), dfl: values(), Ed: values(), c: values(), rMixed: new Float64Array(0) }
  return { ctx, bands, sums }
}

function minimum (a: Float64Array, from: number, to: number): number {
  return Math.min(...Array.from(a.subarray(from, to)))
}

describe('the partner index', () => {
  const ni = 2 * SLICE_MODELS + 88
  const { ctx, bands, sums } = inputs(ni)
  const idx = buildPartnerIndex(ctx, bands, sums)

  it('holds every model once, each slice sorted by c', () => {
    expect(Array.from(idx.pos).sort((a, b) => a - b)).toEqual(Array.from({ length: ni }, (_, k) => k))
    for (let s = 0; s < idx.slices; s++) {
      for (let e = idx.sliceStart[s]; e + 1 < idx.sliceStart[s + 1]; e++) expect(idx.c[e]).toBeLessThanOrEqual(idx.c[e + 1])
      for (let e = idx.sliceStart[s]; e < idx.sliceStart[s + 1]; e++) expect(idx.pos[e]).toBeGreaterThanOrEqual(s * SLICE_MODELS)
    }
    expect(idx.sliceStart[idx.slices]).toBe(ni)
  })

  it('gives each run of SUB_MODELS entries, and each slice, the least Ed and dust floor of its own entries', () => {
    expect(idx.subEdMin.length).toBe(Math.ceil(ni / SUB_MODELS))
    for (let r = 0; r < idx.subEdMin.length; r++) {
      const to = Math.min(ni, (r + 1) * SUB_MODELS)
      expect(idx.subEdMin[r]).toBe(minimum(idx.Ed, r * SUB_MODELS, to))
      expect(idx.subDflMin[r]).toBe(minimum(idx.dfl, r * SUB_MODELS, to))
    }
    for (let s = 0; s < idx.slices; s++) {
      expect(idx.sliceEdMin[s]).toBe(minimum(idx.Ed, idx.sliceStart[s], idx.sliceStart[s + 1]))
      expect(idx.sliceDflMin[s]).toBe(minimum(idx.dfl, idx.sliceStart[s], idx.sliceStart[s + 1]))
    }
  })
})
