// e^x by fdlibm's method (see README.md): reduce x = k ln2 + r with |r| <= ln2/2 (ln2 split in a high part whose
// product with k is exact and a low part), approximate e^r with a degree-5 Remez polynomial in r^2 through
// R(r) = r (e^r + 1)/(e^r - 1), then scale by 2^k. Error below 1 ulp. Constants: fdlibm e_exp.c.
import { fromWords, highWord, lowWord } from './words.js'

const HALF = [0.5, -0.5]
const LN2_HI = [6.93147180369123816490e-01, -6.93147180369123816490e-01]
const LN2_LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10]
const INV_LN2 = 1.44269504088896338700e+00
const OVERFLOW = 7.09782712893383973096e+02
const UNDERFLOW = -7.45133219101941108420e+02
const P1 = 1.66666666666666019037e-01
const P2 = -2.77777777770155933842e-03
const P3 = 6.61375632143793436117e-05
const P4 = -1.65339022054652515390e-06
const P5 = 4.13813679705723846039e-08
const HUGE = 1.0e+300
const TWO_M1000 = 9.33263618503218878990e-302
const TWO_1023 = 8.988465674311579539e307
/** e, returned for x = 1 exactly (the reduction below would miss its last bit; V8 makes the same exception). */
const E = 2.718281828459045

/** e^x, the same bits in every engine. */
export function exp (x: number): number {
  let hx = highWord(x)
  const sign = (hx >>> 31) & 1
  hx &= 0x7fffffff
  if (hx >= 0x40862e42) { // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x // NaN
      return sign === 0 ? x : 0
    }
    if (x > OVERFLOW) return HUGE * HUGE
    if (x < UNDERFLOW) return TWO_M1000 * TWO_M1000
  }
  let hi = 0
  let lo = 0
  let k = 0
  if (hx > 0x3fd62e42) { // |x| > ln2/2
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2
      if (x === 1) return E
      hi = x - LN2_HI[sign]
      lo = LN2_LO[sign]
      k = 1 - sign - sign
    } else {
      k = Math.trunc(INV_LN2 * x + HALF[sign])
      hi = x - k * LN2_HI[0] // exact: k has at most 11 bits, LN2_HI 32 trailing zero bits
      lo = k * LN2_LO[0]
    }
    x = hi - lo
  } else if (hx < 0x3e300000) { // |x| < 2^-28
    if (HUGE + x > 1) return 1 + x
  }
  const t = x * x
  const twoPk = k >= -1021 ? fromWords(0x3ff00000 + (k << 20), 0) : fromWords(0x3ff00000 + ((k + 1000) << 20), 0)
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x)
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi)
  if (k >= -1021) return k === 1024 ? y * 2.0 * TWO_1023 : y * twoPk
  return y * twoPk * TWO_M1000
}
