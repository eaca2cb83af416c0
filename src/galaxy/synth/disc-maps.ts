// The smooth maps a synthetic galaxy is drawn from: an inclined exponential disc with two spiral arms and a
// Sersic (n = 2) bulge. Each pixel gets a stellar mass and target values of the parameters that shape its
// spectrum (sSFR, tauV, mu, dust temperatures); the model chosen for the pixel is the library's nearest to them.
// Numbers are chosen to look like a nearby late-type spiral at POGS' resolution, not fitted to one.
import type { Random } from './random.js'

/** Galaxy edge, in disc scale lengths: pixels beyond it carry no data (as POGS masked outside the galaxy). */
export const EDGE_SCALE_LENGTHS = 3
/** Image side / disc scale length: keeps the edge ellipse inside the image. */
const SIZE_PER_SCALE_LENGTH = 7

export interface PixelTargets {
  /** Elliptical radius in disc scale lengths. */
  r: number
  /** Stellar mass in the pixel (Msun): the fit's scale factor a. */
  mass: number
  logSsfr: number
  tauV: number
  mu: number
  /** Cold ISM and warm birth-cloud dust temperatures (K). */
  tC: number
  tW: number
}

export interface DiscGeometry {
  cx: number
  cy: number
  /** Disc scale length (pixels). */
  h: number
  cosIncl: number
  positionAngle: number
  /** Spiral arm phase and pitch. */
  armPhase: number
  armPitch: number
}

export function discGeometry (size: number, random: Random): DiscGeometry {
  return {
    cx: (size - 1) / 2 + (random.uniform() - 0.5),
    cy: (size - 1) / 2 + (random.uniform() - 0.5),
    h: size / SIZE_PER_SCALE_LENGTH,
    cosIncl: 0.55 + 0.35 * random.uniform(),
    positionAngle: Math.PI * random.uniform(),
    armPhase: 2 * Math.PI * random.uniform(),
    armPitch: 0.35 + 0.2 * random.uniform()
  }
}

/** Disc and bulge central surface mass per pixel (Msun), bulge effective radius (scale lengths). */
const DISC_CENTRE_MASS = 10 ** 7.4
const BULGE_MASS_AT_RE = 10 ** 7.1
const BULGE_RE = 0.45
const SERSIC_B2 = 3.67

/** The targets at pixel (x, y), or undefined outside the galaxy's edge. */
export function pixelTargets (g: DiscGeometry, x: number, y: number): PixelTargets | undefined {
  const dx = x - g.cx
  const dy = y - g.cy
  const c = Math.cos(g.positionAngle)
  const s = Math.sin(g.positionAngle)
  const major = (dx * c + dy * s) / g.h
  const minor = (-dx * s + dy * c) / (g.h * g.cosIncl)
  const r = Math.hypot(major, minor)
  if (r > EDGE_SCALE_LENGTHS) return undefined
  const theta = Math.atan2(minor, major)
  // A logarithmic two-armed spiral: 1 on an arm, 0 between arms.
  const arm = 0.5 * (1 + Math.cos(2 * (theta - g.armPhase) - Math.log(Math.max(r, 0.05)) / g.armPitch))
  const discMass = DISC_CENTRE_MASS * Math.exp(-r) * (0.8 + 0.4 * arm)
  const bulgeMass = BULGE_MASS_AT_RE * Math.exp(-SERSIC_B2 * (Math.sqrt(Math.max(r, 0.02) / BULGE_RE) - 1))
  const mass = discMass + bulgeMass
  const bulgeFraction = bulgeMass / mass
  // Star formation: an old, quiescent bulge; a disc forming stars faster outwards and on the arms.
  const discSsfr = -10.1 + 0.25 * r + 0.5 * arm
  const bulgeSsfr = -11.8
  const logSsfr = Math.log10(bulgeFraction * 10 ** bulgeSsfr + (1 - bulgeFraction) * 10 ** discSsfr)
  // Dust: more towards the centre and on the arms, less in the bulge itself.
  const tauV = 0.25 + 1.8 * Math.exp(-r / 1.2) * (1 - 0.6 * bulgeFraction) + 0.6 * arm * Math.exp(-r / 2.5)
  const mu = 0.22 + 0.12 * arm
  const tC = Math.min(24, Math.max(16, 22.5 - 1.8 * r))
  const tW = 42 + 8 * arm
  return { r, mass, logSsfr: Math.max(-13, logSsfr), tauV, mu, tC, tW }
}

