// log10 of a positive double in a dozen arithmetic operations, for the bounded pair loop, which bins ~1e8 scale
// factors per pixel and spent ~40% of its time in Math.log10 (a call out of optimised code, which also spills the
// loop's registers). x = m 2^E with m in [1, 2): log10 x = E log10 2 + log10 c_k + log1p(r) log10 e, where c_k is
// the centre of m's 1/256-wide cell (tabled once with Math.log10) and r = (m - c_k) / c_k, |r| < 2^-9, whose log1p
// is its series to r^5 (the remainder is below r^6 / 6 < 1e-17). The result is within ~4e-15 of Math.log10 for the
// magnitudes a fit meets; callers that must agree with Math.log10 to the last bin check the distance to a bin edge
// and ask Math.log10 when it is closer than that (accumulate-bounded.ts; docs/fitting.md#the-bounded-pair-loop).
import { log10, pow } from './libm/index.js'

const CELL_BITS = 8
const CELLS = 1 << CELL_BITS
const LOG10_2 = 0.30102999566398120
const LOG10_E = Math.LOG10E

/** The cells' centres, their reciprocals and log10s, and 2^-E per exponent field (also laid into the scan
 * kernel's memory, kernel/bounded-kernel.ts). */
export const CENTRE = Float64Array.from({ length: CELLS }, (_, k) => 1 + (k + 0.5) / CELLS)
export const INV_CENTRE = CENTRE.map((c) => 1 / c)
export const LOG10_CENTRE = CENTRE.map((c) => log10(c))
/** 2^-E for each biased exponent field E + 1023 (exact: powers of two), to bring x to m without writing bits. */
export const INV_POW2 = Float64Array.from({ length: 2048 }, (_, field) => pow(2, 1023 - field))

// The high word of a double, read through a shared buffer: HIGH[1] on little-endian machines (every platform Node
// and the browsers run on); on any other, fastLog10 is Math.log10.
const SCRATCH = new Float64Array(1)
const HIGH = new Int32Array(SCRATCH.buffer)
SCRATCH[0] = 1
const HIGH_WORD = HIGH[1] === 0x3ff00000 ? 1 : -1

/** log10 x, within ~4e-15 absolute of Math.log10 for |log10 x| < 300; zero, negative, subnormal, infinite and NaN
 * arguments give Math.log10's answer. */
export function fastLog10 (x: number): number {
  SCRATCH[0] = x
  const hi = HIGH[HIGH_WORD] | 0
  // The sign bit makes a negative hi; below 2^20 is zero or subnormal; from 0x7ff00000 infinite or NaN.
  if (hi < 0x00100000 || hi >= 0x7ff00000) return log10(x)
  const k = (hi >> (20 - CELL_BITS)) & (CELLS - 1)
  const field = hi >> 20
  const r = (x * INV_POW2[field] - CENTRE[k]) * INV_CENTRE[k]
  const log1p = r * (1 - r * (0.5 - r * (1 / 3 - r * (0.25 - r * 0.2))))
  return (field - 1023) * LOG10_2 + (LOG10_CENTRE[k] + log1p * LOG10_E)
}
