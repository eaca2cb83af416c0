// exp(-x) for 0 <= x < WINDOW_EXP_LIMIT, the probability of a pair relative to the best one, in a few
// multiplications: x = k / 64 + r with 0 <= r < 1/64, exp(-x) = exp(-k / 64) exp(-r), the first from a table
// filled once with Math.exp and the second from its Taylor series to r^5 (the remainder is below r^6 / 720 <
// 2.1e-14 relative). The bounded pair loop calls it for every pair within its window (~1e8 per pixel), where
// Math.exp costs several times more; the error, 2.1e-14 of each pair's probability, is far inside the 1e-9 the
// histograms are held to (docs/fitting.md#the-bounded-pair-loop).
import { exp } from './libm/index.js'

/** Largest x the table covers (the window of significance.ts is below 120 chi2 units, x = chi2 / 2 < 60). */
export const WINDOW_EXP_LIMIT = 64

export const STEPS_PER_UNIT = 64
/** exp(-k / STEPS_PER_UNIT) for k = 0 .. WINDOW_EXP_LIMIT * STEPS_PER_UNIT (also laid into the scan kernel's memory). */
export const EXP_TABLE = Float64Array.from({ length: WINDOW_EXP_LIMIT * STEPS_PER_UNIT + 1 }, (_, k) => exp(-k / STEPS_PER_UNIT))

/** exp(-x) for 0 <= x < WINDOW_EXP_LIMIT (larger x: 0; x <= 0: 1). */
export function windowExp (x: number): number {
  if (!(x < WINDOW_EXP_LIMIT)) return 0
  if (!(x > 0)) return 1
  const k = (x * STEPS_PER_UNIT) | 0
  const r = x - k / STEPS_PER_UNIT
  return EXP_TABLE[k] * (1 - r * (1 - r * (0.5 - r * (1 / 6 - r * (1 / 24 - r * (1 / 120))))))
}
