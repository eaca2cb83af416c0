// Natural and decimal logarithms by fdlibm's method (see README.md): x = 2^k (1 + f) with sqrt(2)/2 < 1 + f <
// sqrt(2), log(1 + f) = f - s(f - R(s^2)) with s = f/(2 + f) and R a degree-14 polynomial (odd terms and even
// terms summed apart), then k ln2 added in two parts. log10 scales log by 1/ln10 with log10(2) in two parts.
// Errors below 1 ulp. Constants: fdlibm e_log.c and e_log10.c.
import { highWord, lowWord, withHighWord } from './words.js'

const LN2_HI = 6.93147180369123816490e-01
const LN2_LO = 1.90821492927058770002e-10
const TWO_54 = 1.80143985094819840000e+16
const LG1 = 6.666666666666735130e-01
const LG2 = 3.999999999940941908e-01
const LG3 = 2.857142874366239149e-01
const LG4 = 2.222219843214978396e-01
const LG5 = 1.818357216161805012e-01
const LG6 = 1.531383769920937332e-01
const LG7 = 1.479819860511658591e-01
const INV_LN10 = 4.34294481903251816668e-01
const LOG10_2_HI = 3.01029995663611771306e-01
const LOG10_2_LO = 3.69423907715893078616e-13

/** What split leaves for a logarithm to go on with: x (scaled by 2^54 if it was subnormal), its high word and its
 * binary exponent. One scratch object: the functions run synchronously. */
const parts = { x: 0, hx: 0, k: 0 }

/**
 * The start both logarithms share (fdlibm's): the result itself for zero (-Infinity), negatives (NaN), Infinity and
 * NaN; otherwise undefined, with `parts` set.
 */
function split (x: number): number | undefined {
  let hx = highWord(x)
  let k = 0
  if (hx < 0x00100000) { // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity
    if (hx < 0) return NaN
    k -= 54
    x *= TWO_54
    hx = highWord(x)
  }
  if (hx >= 0x7ff00000) return x + x
  parts.x = x
  parts.hx = hx
  parts.k = k + (hx >> 20) - 1023
  return undefined
}

/** ln x, the same bits in every engine. */
export function log (x: number): number {
  const special = split(x)
  if (special !== undefined) return special
  x = parts.x
  const hx = parts.hx & 0x000fffff
  let k = parts.k
  const i = (hx + 0x95f64) & 0x100000
  x = withHighWord(x, hx | (i ^ 0x3ff00000)) // normalise x or x/2 into [sqrt(2)/2, sqrt(2))
  k += i >> 20
  const f = x - 1.0
  if ((0x000fffff & (2 + hx)) < 3) { // -2^-20 <= f < 2^-20
    if (f === 0) {
      if (k === 0) return 0
      return k * LN2_HI + k * LN2_LO
    }
    const R = f * f * (0.5 - 0.3333333333333333 * f)
    if (k === 0) return f - R
    return k * LN2_HI - ((R - k * LN2_LO) - f)
  }
  const s = f / (2.0 + f)
  const z = s * s
  let j = hx - 0x6147a
  const w = z * z
  const jj = 0x6b851 - hx
  const t1 = w * (LG2 + w * (LG4 + w * LG6))
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
  j |= jj
  const R = t2 + t1
  if (j > 0) {
    const hfsq = 0.5 * f * f
    if (k === 0) return f - (hfsq - s * (hfsq + R))
    return k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f)
  }
  if (k === 0) return f - s * (f - R)
  return k * LN2_HI - ((s * (f - R) - k * LN2_LO) - f)
}

/** log10 x, the same bits in every engine. */
export function log10 (x: number): number {
  const special = split(x)
  if (special !== undefined) return special
  const k = parts.k
  const i = (k >>> 31) & 1
  const hx = (parts.hx & 0x000fffff) | ((0x3ff - i) << 20)
  const y = k + i
  x = withHighWord(parts.x, hx)
  const z = y * LOG10_2_LO + INV_LN10 * log(x)
  return z + y * LOG10_2_HI
}
