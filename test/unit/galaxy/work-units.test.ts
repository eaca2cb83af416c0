import { describe, expect, it } from 'vitest'
import type { Area } from '../../../src/galaxy/areas.js'
import { estimateSecondsPerPixel, pixelsPerUnit, planWorkUnits, DEFAULT_TARGET_CPU_SECONDS } from '../../../src/galaxy/work-units.js'

function areas (sizes: number[]): Area[] {
  return sizes.map((n, index) => ({ index, x0: index, x1: index + 1, y0: 0, y1: 7, pixels: Array.from({ length: n }, (_, k): [number, number] => [index, k]) }))
}

describe('work units', () => {
  it('estimates the cost of a pixel from the library size and whether a band sees the dust', () => {
    const full = estimateSecondsPerPixel(49_000, 50_000, false)
    expect(full).toBeCloseTo(1.0, 6)
    expect(estimateSecondsPerPixel(4_900, 5_000, false)).toBeCloseTo(full / 100, 6)
    expect(estimateSecondsPerPixel(49_000, 50_000, true)).toBeGreaterThan(50 * full)
  })

  it('sizes units to the target CPU time: about 600 one-second pixels by default', () => {
    expect(pixelsPerUnit({ targetCpuSeconds: DEFAULT_TARGET_CPU_SECONDS, secondsPerPixel: 1 })).toBe(600)
    expect(pixelsPerUnit({ targetCpuSeconds: 10, secondsPerPixel: 64 })).toBe(1)
  })

  it('groups consecutive whole areas, never above the target unless one area alone is', () => {
    const units = planWorkUnits(areas([15, 17, 21, 15, 3]), { targetCpuSeconds: 40, secondsPerPixel: 1 })
    expect(units.map((u) => u.areas)).toEqual([[0, 1], [2, 3, 4]])
    expect(units.map((u) => u.pixels)).toEqual([32, 39])
    expect(units[0].estimatedCpuSeconds).toBe(32)
    const big = planWorkUnits(areas([21, 21]), { targetCpuSeconds: 10, secondsPerPixel: 1 })
    expect(big.map((u) => u.areas)).toEqual([[0], [1]])
    // every area lands in exactly one unit, in order
    const many = planWorkUnits(areas(Array.from({ length: 50 }, (_, k) => 15 + (k % 7))), { targetCpuSeconds: 100, secondsPerPixel: 1 })
    expect(many.flatMap((u) => u.areas)).toEqual(Array.from({ length: 50 }, (_, k) => k))
    for (const u of many) expect(u.pixels <= 100 || u.areas.length === 1).toBe(true)
  })
})
