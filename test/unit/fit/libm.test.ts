import { describe, expect, it } from 'vitest'
import { exp, log, log10, pow } from '../../../src/fit/libm/index.js'
import { mathFingerprint } from '../../../src/browser/math-fingerprint.js'

// The fit's exp, log, log10 and pow (src/fit/libm/) must give exactly the bits Node 20's V8 gives (fdlibm's
// algorithms): the fit's outputs, the MAGPHYS-identical .fit files and every stored digest were computed with those.
// Node 20 is the engine CI runs; its Math is fdlibm. And they must give the same bits everywhere: the fingerprint
// below is what the browser page checks its engine against.

/** A double from 64 random bits (every exponent, subnormals, both signs). */
function anyDouble (): number {
  const u = new Uint32Array([Math.random() * 2 ** 32, Math.random() * 2 ** 32])
  return new Float64Array(u.buffer)[0]
}

function mismatches (n: number, args: () => number[], ours: (...a: number[]) => number, engine: (...a: number[]) => number): number[][] {
  const bad: number[][] = []
  for (let i = 0; i < n; i++) {
    const a = args()
    if (!Object.is(ours(...a), engine(...a))) bad.push(a)
  }
  return bad
}

const N = 200_000
const SPECIAL = [0, -0, 1, -1, 2, 0.5, -0.5, 3, 10, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308,
  709.782712893384, 709.79, -745.1332191019411, -745.14, 1e-310, 1e300, -1e300, 0.6931471805599453, 1e10, -1e10]

describe('the fit\'s exp, log, log10 and pow', () => {
  it('equal Node\'s Math bit for bit on random and special arguments', () => {
    expect(mismatches(N, () => [(Math.random() - 0.5) * 1500], exp, Math.exp)).toEqual([])
    expect(mismatches(N, () => [anyDouble()], exp, Math.exp)).toEqual([])
    expect(mismatches(N, () => [Math.abs(anyDouble())], log, Math.log)).toEqual([])
    expect(mismatches(N, () => [Math.random() * 100], log, Math.log)).toEqual([])
    expect(mismatches(N, () => [Math.abs(anyDouble())], log10, Math.log10)).toEqual([])
    expect(mismatches(N, () => [Math.random() * 100], log10, Math.log10)).toEqual([])
    expect(mismatches(N, () => [10, (Math.random() - 0.5) * 60], pow, Math.pow)).toEqual([])
    expect(mismatches(N, () => [Math.random() * 10, (Math.random() - 0.5) * 200], pow, Math.pow)).toEqual([])
    expect(mismatches(N, () => [anyDouble(), (Math.random() - 0.5) * 8], pow, Math.pow)).toEqual([])
    expect(mismatches(N, () => [Math.random() * 3, Math.round((Math.random() - 0.5) * 40)], pow, Math.pow)).toEqual([])
    for (const x of SPECIAL) {
      expect(exp(x), `exp(${x})`).toBe(Math.exp(x))
      expect(log(x), `log(${x})`).toBe(Math.log(x))
      expect(log10(x), `log10(${x})`).toBe(Math.log10(x))
      for (const y of SPECIAL) expect(pow(x, y), `pow(${x}, ${y})`).toBe(Math.pow(x, y))
    }
  })

  it('give the values every engine must reproduce (the browser page\'s engine check)', () => {
    expect(mathFingerprint()).toBe(FINGERPRINT)
  })
})

/** mathFingerprint() as Node 20 computes it (fdlibm's bits over 4 x 4,096 arguments). */
const FINGERPRINT = '2a09fcb188c3e75f1605ea05df5262b4c5f9126f951cca63faa1d0b2583e21a7'
