import {
  BURST_DURATION_YR, BURST_MASS_RATIO, BURST_RATE_PER_YR, GAMMA_RANGE, GAMMA_TANH, MU_RANGE, MU_TANH, TAUV_RANGE,
  TAUV_TANH, TFORM_MIN_YR, Z_RANGE_SOLAR
} from './constants.js'
import { logUniform, tanhPrior, uniform } from './priors.js'
import type { Rng } from './rng.js'

/** A burst: constant star formation from `start` (yr before the observation) for `duration` yr. */
export interface Burst {
  start: number
  duration: number
  /** Mass formed over the whole burst, in units of the continuous component's total mass. */
  massRatio: number
}

/** The parameters of one optical model drawn from MAGPHYS' priors (dCCE08 section 2.1). */
export interface SfhParams {
  /** Time since star formation began (yr). */
  tform: number
  /** Exponential decline rate (per Gyr). */
  gamma: number
  /** Metallicity in solar units. */
  zSolar: number
  tauV: number
  mu: number
  /** Bursts, oldest first. */
  bursts: Burst[]
}

const GAMMA = tanhPrior(GAMMA_RANGE[0], GAMMA_RANGE[1], GAMMA_TANH[0], GAMMA_TANH[1])
const TAUV = tanhPrior(TAUV_RANGE[0], TAUV_RANGE[1], TAUV_TANH[0], TAUV_TANH[1])
const MU = tanhPrior(MU_RANGE[0], MU_RANGE[1], MU_TANH[0], MU_TANH[1])
const ZMET = uniform(Z_RANGE_SOLAR[0], Z_RANGE_SOLAR[1])
const RATIO = logUniform(BURST_MASS_RATIO[0], BURST_MASS_RATIO[1])
const DURATION = uniform(BURST_DURATION_YR[0], BURST_DURATION_YR[1])

/** tform from the first draw of a model's stream: uniform on [0.1 Gyr, tformMax]. */
export function drawTform (u: number, tformMax: number): number {
  return TFORM_MIN_YR + (tformMax - TFORM_MIN_YR) * u
}

/**
 * Draws one star-formation history. tform is the stream's first draw (so the builder can tell cheaply which
 * candidates fit a redshift's age of the universe); bursts come last, as a Poisson process in time since
 * formation with a rate that gives half of the models a burst in the last 2 Gyr.
 */
export function drawSfh (rng: Rng, tformMax: number): SfhParams {
  const tform = drawTform(rng.next(), tformMax)
  const gamma = GAMMA(rng.next())
  const zSolar = ZMET(rng.next())
  const tauV = TAUV(rng.next())
  const mu = MU(rng.next())
  const bursts: Burst[] = []
  let t = 0
  while (true) {
    t += -Math.log(1 - rng.next()) / BURST_RATE_PER_YR
    if (t >= tform) break
    bursts.push({ start: tform - t, massRatio: RATIO(rng.next()), duration: DURATION(rng.next()) })
  }
  return { tform, gamma, zSolar, tauV, mu, bursts }
}

/** Mass formed by the continuous component (normalised to 1 over tform) between lookback times p < q (yr). */
export function continuousMass (sfh: SfhParams, p: number, q: number): number {
  const lo = Math.max(0, p)
  const hi = Math.min(sfh.tform, q)
  if (hi <= lo) return 0
  const g = sfh.gamma * 1e-9
  if (g * sfh.tform < 1e-9) return (hi - lo) / sfh.tform
  // psi(tau) = exp(-g (tform - tau)) / norm, norm = (1 - exp(-g tform)) / g
  const norm = -Math.expm1(-g * sfh.tform)
  return (Math.exp(-g * (sfh.tform - hi)) - Math.exp(-g * (sfh.tform - lo))) / norm
}

/** Mass formed by the bursts between lookback times p < q (yr); bursts still going on are cut at the present. */
export function burstMass (sfh: SfhParams, p: number, q: number): number {
  let m = 0
  for (const b of sfh.bursts) {
    const lo = Math.max(p, b.start - b.duration, 0)
    const hi = Math.min(q, b.start)
    if (hi > lo) m += b.massRatio * (hi - lo) / b.duration
  }
  return m
}

/** Total mass formed between lookback times p < q (yr). */
export function massFormed (sfh: SfhParams, p: number, q: number): number {
  return continuousMass(sfh, p, q) + burstMass(sfh, p, q)
}
