// Noise of a synthetic galaxy, band by band: a calibration error proportional to the flux (larger in the
// ultraviolet, the u band and the mid-infrared, as in GALEX, SDSS and WISE images) and a sky floor that makes the
// outskirts noisy. sigma^2 = (fraction x flux)^2 + sky^2, and each pixel's flux is drawn from N(flux, sigma).
// The fractions stay at or above MAGPHYS' 5% error floor, so the sigma layer is the error the fit actually uses.

/** Fractional flux error by band family (prefix of the filters.dat name). */
const FRACTION_BY_PREFIX: Array<[string, number]> = [
  ['GALEX', 0.15],
  ['SDSSu', 0.1],
  ['WISE', 0.1],
  ['2MASS', 0.08],
  ['PS1y', 0.08],
  ['PS1', 0.06],
  ['SDSS', 0.06]
]
const DEFAULT_FRACTION = 0.08

/** The sky floor equals this fraction of the band's median true flux at the reference radius... */
export const SKY_FRACTION = 0.25
/** ...measured between these elliptical radii (disc scale lengths): the outer disc. */
export const SKY_REFERENCE_RADII: [number, number] = [2.2, 2.8]

export function fluxErrorFraction (band: string): number {
  for (const [prefix, fraction] of FRACTION_BY_PREFIX) if (band.startsWith(prefix)) return fraction
  return DEFAULT_FRACTION
}

export function bandSigma (flux: number, fraction: number, sky: number): number {
  return Math.hypot(fraction * flux, sky)
}

/** Median of the finite values (NaN when there are none). */
export function median (values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (v.length === 0) return Number.NaN
  const m = v.length >> 1
  return v.length % 2 === 1 ? v[m] : 0.5 * (v[m - 1] + v[m])
}

/** A signal-to-noise drawn log-uniformly in [low, high]: as many faint as bright detections per decade. */
export function drawSnr (uniform: () => number, [low, high]: readonly [number, number]): number {
  return low * Math.pow(high / low, uniform())
}
