// Work generation: galaxy priority then arrival, areas grouped into units by pixel count, the queue kept between
// its low-water mark and its target, and assignments sized to the capacity asked for.
import { afterEach, describe, expect, it } from 'vitest'
import {
  DEADLINE_CPU_FACTOR, DEFAULT_TARGET_CPU_SECONDS, instanceDeadlineMs, InvalidInputError, InvalidSettingsError, WorkStore, type WorkStore as Store
} from '../../../src/coordinator/lifecycle/index.js'
import { Clock, areas, key, makeStore, producer } from './helpers.js'

const BANDS = ['SDSSg', 'SDSSr', 'SDSSi', 'SDSSz']
let store: Store | undefined
afterEach(() => store?.close())

describe('work generation', () => {
  it('generates by priority, then arrival, lazily between low water and target', async () => {
    const clock = new Clock()
    // Replication 2: each unit adds 2 unsent instances; target 6 = 3 units; low water 2.
    store = makeStore(clock, { queueTarget: 6, queueLowWater: 2, pixelsPerUnit: 10 })
    store.addGalaxy({ name: 'old-low', bands: BANDS, redshift: 0.01, areas: areas(3, 10) })
    clock.advance(1)
    store.addGalaxy({ name: 'new-high', priority: 5, bands: BANDS, redshift: 0.02, areas: areas(2, 10) })
    clock.advance(1)
    store.addGalaxy({ name: 'new-low', bands: BANDS, redshift: 0.03, areas: areas(1, 10) })
    const p = producer()
    expect(await store.fillQueue(p.produce)).toEqual(['g2a0', 'g2a1', 'g1a0'])
    expect(store.unsentCount()).toBe(6)
    expect(p.plans[2].galaxy).toMatchObject({ name: 'old-low', bands: BANDS, redshift: 0.01 })
    expect(p.plans[2].areas[0].pixels).toHaveLength(10)
    // Above low water: nothing happens.
    store.assignWork({ volunteer: key(1), requestId: 'a', maxUnits: 2 })
    expect(store.unsentCount()).toBe(4)
    expect(await store.fillQueue(p.produce)).toEqual([])
    store.assignWork({ volunteer: key(2), requestId: 'a', maxUnits: 2 })
    store.assignWork({ volunteer: key(3), requestId: 'a', maxUnits: 1 })
    expect(store.unsentCount()).toBe(1)
    // Below low water: refill to the target (from 1: two units make 5, a third 7), then galaxies run out.
    expect(await store.fillQueue(p.produce)).toEqual(['g1a1', 'g1a2', 'g3a0'])
    expect(await store.fillQueue(p.produce)).toEqual([])
    const statuses = store.db.prepare('SELECT name, status FROM galaxies ORDER BY id').all()
    expect(statuses).toEqual([
      { name: 'old-low', status: 'generated' }, { name: 'new-high', status: 'generated' }, { name: 'new-low', status: 'generated' }
    ])
  })

  it('groups areas into units up to the pixels per unit, and sizes assignments by units and pixels', async () => {
    const clock = new Clock()
    store = makeStore(clock, { pixelsPerUnit: 25 })
    store.addGalaxy({ name: 'g', bands: BANDS, redshift: 0.01, areas: areas(7, 10) })
    const p = producer()
    await store.fillQueue(p.produce)
    expect(p.plans.map((x) => [x.unitId, x.pixels])).toEqual([['g1a0', 20], ['g1a2', 20], ['g1a4', 20], ['g1a6', 10]])
    expect(store.assignWork({ volunteer: key(1), requestId: 'a', maxUnits: 8, maxPixels: 45 }).map((a) => a.unitId))
      .toEqual(['g1a0', 'g1a2'])
    // The first unit is given even when it alone exceeds the pixels asked for.
    const [one] = store.assignWork({ volunteer: key(2), requestId: 'a', maxUnits: 8, maxPixels: 5 })
    expect(one).toMatchObject({ unitId: 'g1a0', payloadCid: 'cid-g1a0', pixels: 20, deadline: clock.t + 10_000 })
    expect(() => store!.assignWork({ volunteer: key(3), requestId: 'a', maxUnits: 0 })).toThrow(InvalidInputError)
  })

  it('sizes units by the galaxy\'s cost per pixel, records it, and gives a costly unit a longer deadline', async () => {
    const clock = new Clock()
    store = makeStore(clock)
    store.addGalaxy({ name: 'optical', bands: BANDS, redshift: 0.01, areas: areas(70, 10) })
    store.addGalaxy({ name: 'dusty', bands: [...BANDS, 'WISEW1'], redshift: 0.01, areas: areas(2, 10) })
    const p = producer()
    const seen: string[] = []
    const cost = (g: { name: string }): number => { seen.push(g.name); return g.name === 'optical' ? 1 : 64 }
    await store.fillQueue(p.produce, cost)
    expect(seen).toContain('dusty')
    // 600 s at 1 s a pixel: 600 pixels, then the rest; at 64 s a pixel one area (already above the target) per unit.
    expect(p.plans.map((x) => [x.galaxy.name, x.pixels, x.secondsPerPixel])).toEqual([
      ['optical', 600, 1], ['optical', 100, 1], ['dusty', 10, 64], ['dusty', 10, 64]
    ])
    expect(store.settings.targetCpuSeconds).toBe(DEFAULT_TARGET_CPU_SECONDS)
    const given = store.assignWork({ volunteer: key(1), requestId: 'a', maxUnits: 8 })
    expect(given.map((a) => a.estimatedCpuSeconds)).toEqual([600, 100, 640, 640])
    // The deadline setting (10 s here) or DEADLINE_CPU_FACTOR x the estimate, whichever is longer.
    expect(given.map((a) => a.deadline - clock.t)).toEqual([600, 100, 640, 640].map((s) => DEADLINE_CPU_FACTOR * s * 1000))
    expect(instanceDeadlineMs({ deadlineMs: 10_000 }, null)).toBe(10_000)
    expect(instanceDeadlineMs({ deadlineMs: 7 * 86_400_000 }, 600)).toBe(7 * 86_400_000)
  })

  it('a fixed pixel count overrides the cost, which is still recorded; without either nothing is cut', async () => {
    const clock = new Clock()
    store = makeStore(clock, { pixelsPerUnit: 25 })
    store.addGalaxy({ name: 'g', bands: BANDS, redshift: 0.01, areas: areas(3, 10) })
    const p = producer()
    await store.fillQueue(p.produce, () => 2)
    expect(p.plans.map((x) => [x.pixels, x.secondsPerPixel])).toEqual([[20, 2], [10, 2]])
    expect(store.assignWork({ volunteer: key(1), requestId: 'a', maxUnits: 1 })[0].estimatedCpuSeconds).toBe(40)
    store.close()
    store = makeStore(clock)
    store.addGalaxy({ name: 'g', bands: BANDS, redshift: 0.01, areas: areas(3, 10) })
    await expect(store.fillQueue(producer().produce)).rejects.toThrow(InvalidSettingsError)
    expect(() => new WorkStore({ path: ':memory:', targetCpuSeconds: 0 })).toThrow(InvalidSettingsError)
  })

  it('a galaxy without areas is complete at once; bad galaxies and settings are refused', () => {
    const clock = new Clock()
    store = makeStore(clock)
    store.addGalaxy({ name: 'empty', bands: BANDS, redshift: 0.01, areas: [] })
    expect(store.db.prepare('SELECT status FROM galaxies').get()).toEqual({ status: 'complete' })
    expect(() => store!.addGalaxy({ name: 'x', bands: [], redshift: 0.01, areas: [] })).toThrow(InvalidInputError)
    expect(() => store!.addGalaxy({ name: 'x', bands: BANDS, redshift: -1, areas: [] })).toThrow(InvalidInputError)
    expect(() => store!.addGalaxy({ name: 'x', bands: BANDS, redshift: 0, areas: [{ ...areas(1, 1)[0], pixels: [] }] })).toThrow(InvalidInputError)
    expect(() => new WorkStore({ path: ':memory:', minQuorum: 3 })).toThrow(InvalidSettingsError)
    expect(() => new WorkStore({ path: ':memory:', verifierQuorum: 2, verifiers: [key(1)] })).toThrow(InvalidSettingsError)
    expect(() => new WorkStore({ path: ':memory:', queueLowWater: 2000 })).toThrow(InvalidSettingsError)
  })
})
