import { ABS_MAG_OFFSET, C_A_PER_S } from './constants.js'
import { FilterOutOfRangeError } from './errors.js'
import type { FilterCurve } from './filter-curves.js'

/**
 * MAGPHYS' filter convolution (get_optic_colors.f F_MEAN; docs/models.md#optical-library) written as a linear
 * operator on a spectrum tabulated on a fixed rest-frame grid: f_nu = sum(weights[k] * L_lambda[first + k]) in Lsun/Hz.
 */
export interface FilterKernel {
  first: number
  weights: Float64Array
}

/**
 * Builds the kernel of one filter at redshift z for spectra on `grid` (rest-frame A, increasing): the curve is
 * shifted to the rest frame, the grid points inside it are added with the response interpolated there, the
 * spectrum is interpolated linearly at every merged point, and f_nu = int(R lam L dlam) / int(R / lam dlam) / c /
 * (1 + z), both integrals by the trapezoid rule over observed wavelengths.
 */
export function filterKernel (curve: FilterCurve, grid: Float64Array, z: number): FilterKernel {
  const z1 = 1 + z
  const cw = curve.wavelengths
  const lo = cw[0] / z1
  const hi = cw[cw.length - 1] / z1
  if (lo < grid[0] || hi > grid[grid.length - 1]) {
    throw new FilterOutOfRangeError(curve.name, `rest-frame range ${lo.toFixed(1)}-${hi.toFixed(1)} A at z = ${z} lies outside the model spectra (${grid[0]}-${grid[grid.length - 1]} A)`)
  }
  // merged rest-frame points: the curve's own, plus grid points strictly inside it
  const xs: number[] = []
  const rs: number[] = []
  let c = 0
  for (let k = 0; k < grid.length; k++) {
    const x = grid[k]
    if (x <= lo || x >= hi) continue
    while (c < cw.length - 1 && cw[c + 1] / z1 < x) c++
    const x0 = cw[c] / z1
    const x1 = cw[c + 1] / z1
    xs.push(x)
    rs.push(curve.response[c] + (curve.response[c + 1] - curve.response[c]) * (x - x0) / (x1 - x0))
  }
  for (let k = 0; k < cw.length; k++) { xs.push(cw[k] / z1); rs.push(curve.response[k]) }
  const order = xs.map((_, k) => k).sort((a, b) => xs[a] - xs[b] || a - b)
  const n = order.length
  const X = new Float64Array(n)
  const R = new Float64Array(n)
  for (let k = 0; k < n; k++) { X[k] = xs[order[k]] * z1; R[k] = rs[order[k]] }
  // trapezoid weights over observed wavelengths
  const t = new Float64Array(n)
  for (let k = 0; k < n - 1; k++) {
    const h = 0.5 * (X[k + 1] - X[k])
    t[k] += h
    t[k + 1] += h
  }
  let den = 0
  for (let k = 0; k < n; k++) den += t[k] * R[k] / X[k]
  // interpolation of the spectrum at each merged rest wavelength, accumulated on the grid indices
  let first = grid.length
  let last = 0
  const idx = new Int32Array(n)
  const frac = new Float64Array(n)
  let j = 0
  for (let k = 0; k < n; k++) {
    const x = X[k] / z1
    while (j < grid.length - 2 && grid[j + 1] < x) j++
    idx[k] = j
    frac[k] = Math.min(1, Math.max(0, (x - grid[j]) / (grid[j + 1] - grid[j])))
    first = Math.min(first, j)
    last = Math.max(last, j + 1)
  }
  const weights = new Float64Array(last - first + 1)
  const scale = den > 0 ? 1 / (den * C_A_PER_S * z1) : 0
  for (let k = 0; k < n; k++) {
    const w = t[k] * R[k] * X[k] * scale
    weights[idx[k] - first] += w * (1 - frac[k])
    weights[idx[k] + 1 - first] += w * frac[k]
  }
  return { first, weights }
}

/** f_nu (Lsun/Hz) of a spectrum (Lsun/A on the kernel's grid) through a kernel. */
export function applyKernel (kernel: FilterKernel, spectrum: Float64Array): number {
  const { first, weights } = kernel
  let s = 0
  for (let k = 0; k < weights.length; k++) s += weights[k] * spectrum[first + k]
  return s
}

/** MAGPHYS' absolute AB magnitude (at 10 pc) of f_nu in Lsun/Hz; 99 when there is no flux. */
export function abMagnitude (fnu: number): number {
  return fnu > 0 ? -2.5 * Math.log10(fnu) + ABS_MAG_OFFSET : 99
}
