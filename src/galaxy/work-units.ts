// Work units (docs/galaxy.md#work-units): consecutive whole areas of one galaxy, grouped so that a unit costs a
// volunteer about a target CPU time on one core at the estimated cost of a pixel (src/fit/cost-model.ts). This is
// the one sizing rule: the coordinator cuts its units with it (src/coordinator/lifecycle/generate.ts).
import { MAX_UNIT_PIXELS } from '../work/limits.js'
import type { Area } from './areas.js'

/** How units are sized. */
export interface UnitSizing {
  /** CPU seconds a unit should cost on one core (the coordinator's default: 10 minutes). */
  targetCpuSeconds: number
  /** Estimated CPU seconds per pixel on one core (estimatePixelSeconds); may be unknown only with pixelsPerUnit. */
  secondsPerPixel?: number
  /** A fixed pixel count instead of the cost-based one (tests, the demo); the cost then only says what a unit
   * costs. */
  pixelsPerUnit?: number
}

/**
 * Most pixels one unit may hold: `pixelsPerUnit` when given, else the target CPU time over the cost of a pixel;
 * at least 1 and at most MAX_UNIT_PIXELS (the bound volunteers and verifiers apply to what they fetch). RangeError
 * when neither the cost nor a fixed count is given.
 */
export function unitPixelLimit (s: UnitSizing): number {
  let n: number
  if (s.pixelsPerUnit !== undefined) n = s.pixelsPerUnit
  else if (s.secondsPerPixel === undefined || Number.isNaN(s.secondsPerPixel) || s.secondsPerPixel < 0) {
    throw new RangeError(`units are sized by the cost of a pixel or by a fixed pixel count; got neither (${s.secondsPerPixel})`)
  } else n = s.secondsPerPixel === 0 ? MAX_UNIT_PIXELS : Math.floor(s.targetCpuSeconds / s.secondsPerPixel)
  return Math.min(MAX_UNIT_PIXELS, Math.max(1, n))
}

/**
 * Groups areas, in order, into units of at most `limit` pixels (`pixelsOf` counts an area's). An area is never
 * split, so a unit holds at least one area even when that area alone is above the limit. Lazy: it reads one area
 * past each unit before yielding it, so a caller that wants only the next unit stops there.
 */
export function * groupAreas<A> (areas: Iterable<A>, limit: number, pixelsOf: (a: A) => number): Generator<A[], void, undefined> {
  let current: A[] = []
  let pixels = 0
  for (const a of areas) {
    const n = pixelsOf(a)
    if (current.length > 0 && pixels + n > limit) {
      yield current
      current = []
      pixels = 0
    }
    current.push(a)
    pixels += n
  }
  if (current.length > 0) yield current
}

/** One planned unit. */
export interface WorkUnitPlan {
  index: number
  /** Area indices, consecutive. */
  areas: number[]
  pixels: number
  /** pixels x the cost of a pixel; absent when the cost is unknown. */
  estimatedCpuSeconds?: number
}

/** A galaxy's areas planned into units at once (the coordinator cuts the same units one at a time). */
export function planWorkUnits (areas: readonly Area[], s: UnitSizing): WorkUnitPlan[] {
  const limit = unitPixelLimit(s)
  return [...groupAreas(areas, limit, (a) => a.pixels.length)].map((group, index) => {
    const pixels = group.reduce((n, a) => n + a.pixels.length, 0)
    return {
      index,
      areas: group.map((a) => a.index),
      pixels,
      ...(s.secondsPerPixel !== undefined ? { estimatedCpuSeconds: pixels * s.secondsPerPixel } : {})
    }
  })
}
