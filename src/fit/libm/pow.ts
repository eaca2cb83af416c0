// x^y by fdlibm's method (see README.md): log2|x| in extra precision (as a pair t1 + t2, from a rational
// approximation around 1 or 1.5), multiplied by y split into a high part with 29 zero bits and the rest, so that
// y log2|x| = n + y' with |y'| <= 1/2 holds to about 2^-64; then 2^y' from exp's polynomial, scaled by 2^n.
// Special cases as ECMAScript's Math.pow wants them (which are IEEE's but for (+-1)^(+-Infinity): NaN).
// Constants: fdlibm e_pow.c.
import { fromWords, highWord, lowWord, withHighWord, withLowWord } from './words.js'

const BP = [1.0, 1.5]
const DP_H = [0.0, 5.84962487220764160156e-01]
const DP_L = [0.0, 1.35003920212974897128e-08]
const TWO_53 = 9007199254740992.0
const HUGE = 1.0e300
const TINY = 1.0e-300
const L1 = 5.99999999999994648725e-01
const L2 = 4.28571428578550184252e-01
const L3 = 3.33333329818377432918e-01
const L4 = 2.72728123808534006489e-01
const L5 = 2.30660745775561754067e-01
const L6 = 2.06975017800338417784e-01
const P1 = 1.66666666666666019037e-01
const P2 = -2.77777777770155933842e-03
const P3 = 6.61375632143793436117e-05
const P4 = -1.65339022054652515390e-06
const P5 = 4.13813679705723846039e-08
const LG2 = 6.93147180559945286227e-01
const LG2_H = 6.93147182464599609375e-01
const LG2_L = -1.90465429995776804525e-09
/** -(1024 - log2(overflow + 0.5 ulp)) */
const OVT = 8.008566259537294e-17
const CP = 9.61796693925975554329e-01
const CP_H = 9.61796700954437255859e-01
const CP_L = -7.02846165095275826516e-09
const INV_LN2 = 1.44269504088896338700e+00
const INV_LN2_H = 1.44269502162933349609e+00
const INV_LN2_L = 1.92596299112661746887e-08
const TWO_M54 = 5.55111512312578270212e-17

/** z 2^n for an n that makes the result subnormal: one rounding, as fdlibm's scalbn. */
function scaleToSubnormal (z: number, n: number): number {
  return (z * fromWords(0x3ff00000 + ((n + 54) << 20), 0)) * TWO_M54
}

/** Whether y (|y| >= 1, finite) is an odd (1) or even (2) integer, or no integer (0); asked only for x < 0. */
function integerKind (iy: number, ly: number): number {
  if (iy >= 0x43400000) return 2 // |y| >= 2^53: even
  if (iy < 0x3ff00000) return 0
  const k = (iy >> 20) - 0x3ff
  if (k > 20) {
    const j = ly >>> (52 - k)
    return ((j << (52 - k)) >>> 0) === ly ? 2 - (j & 1) : 0
  }
  if (ly !== 0) return 0
  const j = iy >> (20 - k)
  return (j << (20 - k)) === iy ? 2 - (j & 1) : 0
}

/** x^y, the same bits in every engine. */
export function pow (x: number, y: number): number {
  const hx = highWord(x)
  const lx = lowWord(x)
  const hy = highWord(y)
  const ly = lowWord(y)
  let ix = hx & 0x7fffffff
  const iy = hy & 0x7fffffff
  if ((iy | ly) === 0) return 1
  if (ix > 0x7ff00000 || (ix === 0x7ff00000 && lx !== 0) || iy > 0x7ff00000 || (iy === 0x7ff00000 && ly !== 0)) return x + y
  const yIsInt = hx < 0 ? integerKind(iy, ly) : 0
  if (ly === 0) {
    if (iy === 0x7ff00000) { // y = +-Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return y - y
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0
      return hy < 0 ? -y : 0
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x
    if (hy === 0x40000000) return x * x
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x) // IEEE: correctly rounded everywhere
  }
  let ax = Math.abs(x)
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) { // x = +-0, +-Infinity, +-1
    let z = hy < 0 ? 1 / ax : ax
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yIsInt) === 0) z = NaN // (-1)^non-integer
      else if (yIsInt === 1) z = -z
    }
    return z
  }
  let n = (hx >> 31) + 1
  if ((n | yIsInt) === 0) return NaN // negative^non-integer
  const s = (n | (yIsInt - 1)) === 0 ? -1 : 1
  let t1: number
  let t2: number
  if (iy > 0x41e00000) { // |y| > 2^31
    if (iy > 0x43f00000) { // |y| > 2^64: overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY
      if (ix >= 0x3ff00000) return hy > 0 ? HUGE * HUGE : TINY * TINY
    }
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY
    // |1 - x| <= 2^-20: log(x) by its series x - x^2/2 + x^3/3 - x^4/4
    const t = ax - 1
    const w = (t * t) * (0.5 - t * (0.3333333333333333 - t * 0.25))
    const u = INV_LN2_H * t
    const v = t * INV_LN2_L - w * INV_LN2
    t1 = withLowWord(u + v, 0)
    t2 = v - (t1 - u)
  } else {
    n = 0
    if (ix < 0x00100000) { // subnormal x
      ax *= TWO_53
      n -= 53
      ix = highWord(ax)
    }
    n += (ix >> 20) - 0x3ff
    const j = ix & 0x000fffff
    ix = j | 0x3ff00000
    let k: number
    if (j <= 0x3988e) {
      k = 0 // |x| < sqrt(3/2)
    } else if (j < 0xbb67a) {
      k = 1 // |x| < sqrt(3)
    } else {
      k = 0
      n += 1
      ix -= 0x00100000
    }
    ax = withHighWord(ax, ix)
    // ss = s_h + s_l = (x - 1)/(x + 1) or (x - 1.5)/(x + 1.5)
    let u = ax - BP[k]
    let v = 1 / (ax + BP[k])
    const ss = u * v
    const sH = withLowWord(ss, 0)
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0)
    let tL = ax - (tH - BP[k])
    const sL = v * ((u - sH * tH) - sH * tL)
    // log(ax)
    let s2 = ss * ss
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))))
    r += sL * (sH + ss)
    s2 = sH * sH
    tH = withLowWord(3.0 + s2 + r, 0)
    tL = r - ((tH - 3.0) - s2)
    u = sH * tH
    v = sL * tH + tL * ss
    const pH = withLowWord(u + v, 0)
    const pL = v - (pH - u)
    const zH = CP_H * pH
    const zL = CP_L * pH + pL * CP + DP_L[k]
    // log2(ax) = n + dp_h + z_h + z_l
    const t = n
    t1 = withLowWord(((zH + zL) + DP_H[k]) + t, 0)
    t2 = zL - (((t1 - t) - DP_H[k]) - zH)
  }
  // (y1 + y2)(t1 + t2), y1 being y with its low word cleared
  const y1 = withLowWord(y, 0)
  const pL = (y - y1) * t1 + y * t2
  let pH = y1 * t1
  let z = pL + pH
  let j = highWord(z)
  const i = lowWord(z)
  if (j >= 0x40900000) { // z >= 1024
    if (j !== 0x40900000 || i !== 0) return s * HUGE * HUGE
    if (pL + OVT > z - pH) return s * HUGE * HUGE
  } else if ((j & 0x7fffffff) >= 0x4090cc00) { // z <= -1075
    if ((j >>> 0) !== 0xc090cc00 || i !== 0) return s * TINY * TINY
    if (pL <= z - pH) return s * TINY * TINY
  }
  // 2^(pH + pL)
  const ij = j & 0x7fffffff
  let k = (ij >> 20) - 0x3ff
  n = 0
  if (ij > 0x3fe00000) { // |z| > 1/2: n = [z + 1/2]
    n = j + (0x00100000 >> (k + 1))
    k = ((n & 0x7fffffff) >> 20) - 0x3ff
    const t = fromWords(n & ~(0x000fffff >> k), 0)
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k)
    if (j < 0) n = -n
    pH -= t
  }
  const t = withLowWord(pL + pH, 0)
  const u = t * LG2_H
  const v = (pL - (t - pH)) * LG2 + t * LG2_L
  z = u + v
  const w = v - (z - u)
  const tt = z * z
  const tz = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))))
  const r = (z * tz) / ((tz - 2) - (w + z * w))
  z = 1 - (r - z)
  j = (highWord(z) + (n << 20)) | 0
  z = (j >> 20) <= 0 ? scaleToSubnormal(z, n) : withHighWord(z, j)
  return s * z
}
