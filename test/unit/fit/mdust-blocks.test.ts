import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { contextFor, listLibraries, readLibraryPair } from '../../../src/fit/index.js'
import { GRIDS } from '../../../src/fit/grids.js'
import { P_MDUST } from '../../../src/fit/histograms.js'
import { addMdust, mdustBlocks } from '../../../src/fit/mdust-blocks.js'
import { mdustCore } from '../../../src/fit/kernel/mdust-kernel.js'
import { seededRandom } from '../../../src/galaxy/synth/random.js'
import { MAGPHYS_LIBS, writeSmallLibraries } from '../../helpers/reference-data.js'

// The optical path's Mdust histogram (mdust-blocks.ts: block cores by events, edges by touched bins) against the
// pair-by-pair count it replaces (docs/fitting.md#only-stellar-bands): every pair (i, q) of compatible models adds
// prob[i] to bin floor(v_q + frac_i) + whole_i, clamped to the grid.

describe('addMdust', () => {
  const dirs: string[] = []
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

  it('gives the pair-by-pair histogram exactly on real libraries (every 4th model), with skipped models and shifts off the grid', () => {
    const dir = writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 4)
    dirs.push(dir)
    const ctx = contextFor(readLibraryPair(listLibraries(dir)[0]))
    const blocks = mdustBlocks(ctx)
    const g = GRIDS[P_MDUST]
    const nbin = g.nbin
    const random = seededRandom(3).uniform
    const no = ctx.optOrder.length
    const prob = new Float64Array(no)
    const shift = new Float64Array(no)
    for (let i = 0; i < no; i++) {
      // Powers of two: every sum below is exact in any order, so the two histograms must be equal bit for bit.
      prob[i] = random() < 0.1 ? 0 : 2 ** -Math.floor(11 * random())
      const u = random()
      // A pair's bin is floor(v + frac) + whole + base with 0 <= v < span: these shifts put every bin below the grid,
      // above it, or (mostly) anywhere from straddling its low end to straddling its high end.
      const low = -blocks.base - blocks.span
      shift[i] = u < 0.01 ? low - 10 - 100 * random() : u < 0.02 ? nbin - blocks.base + 10 + 100 * random() : low + (nbin + blocks.span) * random()
    }
    const fast = new Float64Array(nbin)
    addMdust(ctx, blocks, prob, shift, fast)
    const slow = new Float64Array(nbin)
    for (let i = 0; i < no; i++) {
      const p = prob[i]
      if (!(p > 0)) continue
      const whole = Math.floor(shift[i])
      const f = shift[i] - whole
      for (let q = ctx.irLo[i]; q < ctx.irHi[i]; q++) {
        const bin = ((blocks.scaled[q] + f) | 0) + whole + blocks.base
        slow[bin < 0 ? 0 : bin > nbin - 1 ? nbin - 1 : bin] += p
      }
    }
    let total = 0
    for (let b = 0; b < nbin; b++) total += slow[b]
    expect(total).toBeGreaterThan(0)
    expect(slow[0]).toBeGreaterThan(0)
    expect(slow[nbin - 1]).toBeGreaterThan(0)
    expect(Array.from(fast)).toEqual(Array.from(slow))
  }, 120_000)

  it('is what the WebAssembly kernel gives, to the last bit, for any probabilities', () => {
    const dir = writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 4)
    dirs.push(dir)
    const ctx = contextFor(readLibraryPair(listLibraries(dir)[0]))
    const blocks = mdustBlocks(ctx)
    const nbin = GRIDS[P_MDUST].nbin
    const random = seededRandom(11).uniform
    const no = ctx.optOrder.length
    const prob = new Float64Array(no)
    const shift = new Float64Array(no)
    for (let i = 0; i < no; i++) {
      // Probabilities of every magnitude, so that the order of the additions shows in the last bits.
      prob[i] = random() < 0.1 ? 0 : Math.exp(-60 * random())
      shift[i] = -blocks.base - blocks.span + (nbin + blocks.span) * random()
    }
    const js = new Float64Array(nbin)
    addMdust(ctx, blocks, prob, shift, js)
    const wasm = new Float64Array(nbin)
    mdustCore().addMdust(ctx, blocks, prob, shift, wasm)
    expect(wasm.some((v) => v > 0)).toBe(true)
    expect(Array.from(wasm)).toEqual(Array.from(js))
  }, 120_000)
})
