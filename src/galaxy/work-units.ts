// Work units (docs/galaxy.md): consecutive areas of one galaxy, grouped so a unit costs a volunteer about a
// target CPU time. The cost of a pixel is estimated from the fit speed measured by `npm run bench -- fit` (see
// docs/fitting.md), scaled by the size of the library pair, since the fit visits every compatible model pair.
import type { Area } from './areas.js'

/** Measured on the reference machine (2 cores, Node 20): ~49,000 x 50,000 models, 6 optical bands. */
const MEASURED_PAIRS = 49_000 * 50_000
/** Seconds per pixel on one core when no band lies beyond 2.5 um rest frame (the optical-only fast path)... */
const FAST_PATH_SECONDS = 1.0
/** ...and when some band sees the dust (every model pair is visited): the general path. */
const GENERAL_PATH_SECONDS = 64

export interface WorkUnitSettings {
  /** CPU seconds a unit should take on one core (default 10 minutes: long enough that fetching the unit and
   * returning its result are small beside the work, short enough that a closed laptop loses little). */
  targetCpuSeconds: number
  /** Estimated CPU seconds per pixel (see estimateSecondsPerPixel). */
  secondsPerPixel: number
}

export const DEFAULT_TARGET_CPU_SECONDS = 600

/** The estimated CPU time of one pixel for a library pair of this size. */
export function estimateSecondsPerPixel (opticalModels: number, infraredModels: number, seesDust: boolean): number {
  const perPair = (seesDust ? GENERAL_PATH_SECONDS : FAST_PATH_SECONDS) / MEASURED_PAIRS
  return Math.max(1e-6, perPair * opticalModels * infraredModels)
}

/** How many pixels make one unit (at least one area's worth is always allowed). */
export function pixelsPerUnit (s: WorkUnitSettings): number {
  return Math.max(1, Math.floor(s.targetCpuSeconds / s.secondsPerPixel))
}

export interface WorkUnitPlan {
  index: number
  /** Area indices, consecutive. */
  areas: number[]
  pixels: number
  estimatedCpuSeconds: number
}

/**
 * Groups areas in order into units of at most pixelsPerUnit pixels; an area is never split, so a unit holds at
 * least one area even when that area alone exceeds the target.
 */
export function planWorkUnits (areas: readonly Area[], s: WorkUnitSettings): WorkUnitPlan[] {
  const limit = pixelsPerUnit(s)
  const units: WorkUnitPlan[] = []
  let current: number[] = []
  let pixels = 0
  const close = (): void => {
    if (current.length === 0) return
    units.push({ index: units.length, areas: current, pixels, estimatedCpuSeconds: pixels * s.secondsPerPixel })
    current = []
    pixels = 0
  }
  for (const a of areas) {
    if (current.length > 0 && pixels + a.pixels.length > limit) close()
    current.push(a.index)
    pixels += a.pixels.length
  }
  close()
  return units
}
