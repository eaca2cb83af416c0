import { describe, expect, it } from 'vitest'
import { estimatePixelSeconds } from '../../../src/fit/index.js'
import type { Area } from '../../../src/galaxy/areas.js'
import { groupAreas, planWorkUnits, unitPixelLimit } from '../../../src/galaxy/work-units.js'
import { MAX_UNIT_PIXELS } from '../../../src/work/limits.js'

function areas (sizes: number[]): Area[] {
  return sizes.map((n, index) => ({ index, x0: index, x1: index + 1, y0: 0, y1: 7, pixels: Array.from({ length: n }, (_, k): [number, number] => [index, k]) }))
}

const TARGET = 600
/** The real libraries' size (docs/fitting.md#speed). */
const REAL = { opticalModels: 49_312, infraredModels: 50_000 }

describe('work units', () => {
  it('sizes units by the cost of a pixel: an optical galaxy gets more pixels per unit than one whose bands see the dust', () => {
    const optical = estimatePixelSeconds({ ...REAL, bands: 6, seesDust: false })
    const dusty = estimatePixelSeconds({ ...REAL, bands: 10, seesDust: true })
    const galaxy = areas(Array.from({ length: 100 }, () => 18))
    const o = planWorkUnits(galaxy, { targetCpuSeconds: TARGET, secondsPerPixel: optical })
    const d = planWorkUnits(galaxy, { targetCpuSeconds: TARGET, secondsPerPixel: dusty })
    expect(o[0].pixels).toBeGreaterThan(d[0].pixels)
    expect(o.length).toBeLessThan(d.length)
    for (const [plan, cost] of [[o, optical], [d, dusty]] as const) {
      const limit = unitPixelLimit({ targetCpuSeconds: TARGET, secondsPerPixel: cost })
      expect(limit).toBe(Math.min(MAX_UNIT_PIXELS, Math.max(1, Math.floor(TARGET / cost))))
      for (const u of plan) {
        // At the target (or one area alone above it), and as full as whole areas allow.
        expect(u.pixels <= limit || u.areas.length === 1).toBe(true)
        expect(u.estimatedCpuSeconds).toBeCloseTo(u.pixels * cost, 9)
        if (u !== plan.at(-1)) expect(u.pixels + 18).toBeGreaterThan(limit)
      }
    }
  })

  it('bounds the pixel count: at least one, at most MAX_UNIT_PIXELS, at least one area', () => {
    expect(unitPixelLimit({ targetCpuSeconds: TARGET, secondsPerPixel: 1 })).toBe(600)
    expect(unitPixelLimit({ targetCpuSeconds: TARGET, secondsPerPixel: 1e-6 })).toBe(MAX_UNIT_PIXELS)
    expect(unitPixelLimit({ targetCpuSeconds: TARGET, secondsPerPixel: 0 })).toBe(MAX_UNIT_PIXELS)
    expect(unitPixelLimit({ targetCpuSeconds: 10, secondsPerPixel: 64 })).toBe(1)
    const cheap = planWorkUnits(areas(Array.from({ length: 200 }, () => 21)), { targetCpuSeconds: TARGET, secondsPerPixel: 1e-6 })
    expect(Math.max(...cheap.map((u) => u.pixels))).toBeLessThanOrEqual(MAX_UNIT_PIXELS)
    const dear = planWorkUnits(areas([21, 21]), { targetCpuSeconds: 10, secondsPerPixel: 64 })
    expect(dear.map((u) => u.areas)).toEqual([[0], [1]])
    expect(() => unitPixelLimit({ targetCpuSeconds: TARGET })).toThrow(RangeError)
    expect(() => unitPixelLimit({ targetCpuSeconds: TARGET, secondsPerPixel: Number.NaN })).toThrow(RangeError)
  })

  it('a fixed pixel count overrides the cost, which then only says what a unit costs', () => {
    expect(unitPixelLimit({ targetCpuSeconds: TARGET, secondsPerPixel: 64, pixelsPerUnit: 40 })).toBe(40)
    expect(unitPixelLimit({ targetCpuSeconds: TARGET, pixelsPerUnit: MAX_UNIT_PIXELS + 1 })).toBe(MAX_UNIT_PIXELS)
    const units = planWorkUnits(areas([15, 17, 21, 15, 3]), { targetCpuSeconds: TARGET, secondsPerPixel: 2, pixelsPerUnit: 40 })
    expect(units.map((u) => u.areas)).toEqual([[0, 1], [2, 3, 4]])
    expect(units.map((u) => u.estimatedCpuSeconds)).toEqual([64, 78])
    const unknown = planWorkUnits(areas([15, 17]), { targetCpuSeconds: TARGET, pixelsPerUnit: 20 })
    expect(unknown.map((u) => u.areas)).toEqual([[0], [1]])
    expect(unknown[0]).not.toHaveProperty('estimatedCpuSeconds')
  })

  it('groups consecutive whole areas, never above the limit unless one area alone is, lazily', () => {
    const units = planWorkUnits(areas([15, 17, 21, 15, 3]), { targetCpuSeconds: 40, secondsPerPixel: 1 })
    expect(units.map((u) => u.areas)).toEqual([[0, 1], [2, 3, 4]])
    expect(units.map((u) => u.pixels)).toEqual([32, 39])
    // every area lands in exactly one unit, in order
    const many = planWorkUnits(areas(Array.from({ length: 50 }, (_, k) => 15 + (k % 7))), { targetCpuSeconds: 100, secondsPerPixel: 1 })
    expect(many.flatMap((u) => u.areas)).toEqual(Array.from({ length: 50 }, (_, k) => k))
    for (const u of many) expect(u.pixels <= 100 || u.areas.length === 1).toBe(true)
    // The first unit reads only one area past itself.
    let read = 0
    const counted = (function * () { for (const a of [10, 10, 10, 10, 10]) { read++; yield a } })()
    for (const first of groupAreas(counted, 20, (n) => n)) {
      expect(first).toEqual([10, 10])
      break
    }
    expect(read).toBe(3)
  })
})
