/**
 * Inverse-CDF samplers of the priors (one uniform per drawn value, so the draws of a model are a fixed
 * sequence). The tanh priors p(x) ~ 1 - tanh(a x - b) on [lo, hi] are tabulated once.
 */
export type Sampler = (u: number) => number

const TABLE_POINTS = 4096

/** A sampler for p(x) ~ 1 - tanh(a x - b) on [lo, hi]: the CDF by the trapezoid rule on a fine grid, inverted linearly. */
export function tanhPrior (lo: number, hi: number, a: number, b: number): Sampler {
  const x = new Float64Array(TABLE_POINTS)
  const cdf = new Float64Array(TABLE_POINTS)
  for (let k = 0; k < TABLE_POINTS; k++) x[k] = lo + (hi - lo) * k / (TABLE_POINTS - 1)
  const p = (v: number): number => 1 - Math.tanh(a * v - b)
  for (let k = 1; k < TABLE_POINTS; k++) cdf[k] = cdf[k - 1] + 0.5 * (p(x[k - 1]) + p(x[k])) * (x[k] - x[k - 1])
  const total = cdf[TABLE_POINTS - 1]
  for (let k = 0; k < TABLE_POINTS; k++) cdf[k] /= total
  return (u) => invert(cdf, x, u)
}

/** Uniform on [lo, hi]. */
export function uniform (lo: number, hi: number): Sampler {
  return (u) => lo + (hi - lo) * u
}

/** Log-uniform on [lo, hi]. */
export function logUniform (lo: number, hi: number): Sampler {
  return (u) => lo * Math.pow(hi / lo, u)
}

function invert (cdf: Float64Array, x: Float64Array, u: number): number {
  let lo = 0
  let hi = cdf.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (cdf[mid] <= u) lo = mid
    else hi = mid
  }
  const span = cdf[hi] - cdf[lo]
  return span > 0 ? x[lo] + (x[hi] - x[lo]) * (u - cdf[lo]) / span : x[lo]
}
