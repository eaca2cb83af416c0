import { describe, expect, it } from 'vitest'
import { contextFor, listLibraries, readLibraryPair } from '../../../src/fit/index.js'
import { mdustBlocks } from '../../../src/fit/mdust-blocks.js'
import { firstMovingFrac } from '../../../src/fit/mdust-moves.js'
import { seededRandom } from '../../../src/galaxy/synth/random.js'
import { MAGPHYS_LIBS, writeSmallLibraries } from '../../helpers/reference-data.js'

// When a core partner of value v in cell m moves up a bin (mdust-moves.ts): f* must be the least double frac with
// v + f >= m + 1 in double arithmetic, since the kernel applies a move to every member whose frac is >= f* and
// the bins must be those floor(v + f) gives (docs/fitting.md#only-stellar-bands).

const view = new DataView(new ArrayBuffer(8))
/** The next double below x (x > 0). */
function below (x: number): number {
  view.setFloat64(0, x)
  view.setBigUint64(0, view.getBigUint64(0) - 1n)
  return view.getFloat64(0)
}

/** Checks f* of v against the definition: it moves v into the next cell, the double below it does not. */
function expectLeast (v: number): void {
  const m = Math.floor(v)
  const f = firstMovingFrac(v, m + 1)
  if (f === Number.POSITIVE_INFINITY) {
    // No frac below 1 moves it: the largest one does not.
    expect(Math.floor(v + below(1))).toBe(m)
    return
  }
  expect(f).toBeGreaterThanOrEqual(0)
  expect(f).toBeLessThan(1)
  expect(Math.floor(v + f)).toBe(m + 1)
  if (f > 0) expect(Math.floor(v + below(f))).toBe(m)
}

describe('firstMovingFrac', () => {
  it('is the least frac that moves a value, wherever rounding decides', () => {
    const random = seededRandom(5).uniform
    const values: number[] = []
    for (let k = 0; k < 20_000; k++) {
      const m = Math.floor(3000 * random())
      const u = random()
      // Anywhere in the cell, a few ulps above its floor, and a few ulps below the next integer (where v + f
      // rounds to m + 1 for many f).
      values.push(u < 0.4 ? m + random() : u < 0.7 ? m + 1e-13 * random() : m + 1 - 1e-12 * random())
    }
    values.push(0, 0.25, 0.5, 1, 1.5, 2047.999999999999, 2048 - 2 ** -42, 2048, 1 - 2 ** -53, 0.5 - 2 ** -54)
    for (const v of values) expectLeast(v)
  })

  it('leaves out a value that only a frac of 1 would move', () => {
    // v = m exactly: v + f < m + 1 for every double f < 1 when m + 1 - f is representable.
    expect(firstMovingFrac(0, 1)).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('coreMoves', () => {
  it('lists every block\'s moving core partners by increasing f*, each with its cell', () => {
    const dir = writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 4)
    const ctx = contextFor(readLibraryPair(listLibraries(dir)[0]))
    const blocks = mdustBlocks(ctx)
    const nBlocks = blocks.coreLo.length
    let moves = 0
    for (let b = 0; b < nBlocks; b++) {
      const from = blocks.moveFrom[b]
      const to = blocks.moveFrom[b + 1]
      // The block's core values, and which of them move for some frac below 1.
      const expected: Array<[number, number]> = []
      const m0 = blocks.cellValue[blocks.cellAt[b]]
      for (let c = blocks.cellAt[b]; c < blocks.cellAt[b + 1]; c++) {
        for (let q = blocks.cellFrom[c]; q < blocks.cellTo[c]; q++) {
          const f = firstMovingFrac(blocks.sorted[q], blocks.cellValue[c] + 1)
          if (f !== Number.POSITIVE_INFINITY) expected.push([f, blocks.cellValue[c] - m0])
        }
      }
      expect(to - from).toBe(expected.length)
      const got: Array<[number, number]> = []
      for (let k = from; k < to; k++) {
        if (k > from) expect(blocks.moveAt[k]).toBeGreaterThanOrEqual(blocks.moveAt[k - 1])
        got.push([blocks.moveAt[k], blocks.moveCell[k]])
      }
      const order = (a: [number, number], c: [number, number]): number => (a[0] - c[0]) || (a[1] - c[1])
      expect(got.sort(order)).toEqual(expected.sort(order))
      moves += to - from
    }
    // Most core partners move for some frac (all but those whose v is an integer).
    expect(moves).toBeGreaterThan(0.9 * blocks.sorted.length)
  }, 120_000)
})
