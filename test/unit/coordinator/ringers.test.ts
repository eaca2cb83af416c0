// Ringers in the store (docs/work-lifecycle.md#ringers): the positions verifiers of the deciding quorum confirmed
// become known pixels at assimilation (never a ringer again), and units cut later carry some of them, blinded: the
// payload plan lists every pixel under a distinct random label in a shuffled order, and the unit's pixel map and
// outline say which position is which.
import { afterEach, describe, expect, it } from 'vitest'
import { InvalidSettingsError, lifecycleSettings, type PixelRecord, type UnitPlan, type WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { blindPixels, packPixelMap, unpackPixelMap } from '../../../src/coordinator/lifecycle/pixel-map.js'
import { encodePixelFit } from '../../../src/fit/index.js'
import { fitValuesDigest } from '../../../src/work/pixel-fit-bytes.js'
import { fakeResult, plainUnit } from '../work/helpers.js'
import { Clock, VERIFIERS, key, producer, result, storeWithUnits, verdict } from './helpers.js'

const [V1, V2, V3] = VERIFIERS
const [A, B] = [key(1), key(2)]
let store: WorkStore | undefined
afterEach(() => {
  store?.close()
  store = undefined
})

/** Stand-in canonical fit bytes: magic, version, an empty name, then one value byte per pixel. */
function fitBytes (x: number, y: number): Uint8Array {
  return Uint8Array.from([0x50, 0x47, 0x46, 0x54, 2, 0, 0, x, y])
}

/** Takes a unit through two agreeing replicas to `verified`, each verifier confirming the positions given. */
function verify (s: WorkStore, unitId: string, request: string, confirmed: Array<[Uint8Array, number[]]>): void {
  const ids = [A, B].map((v) => {
    const [a] = s.assignWork({ volunteer: v, requestId: request, maxUnits: 1 })
    expect(a.unitId).toBe(unitId)
    return a.instanceId
  })
  ids.forEach((id, k) => s.submitResult(result(id, [A, B][k])))
  const round = s.unitInfo(unitId)?.round ?? 0
  for (const [v, positions] of confirmed) s.recordVerdict({ ...verdict(unitId, round, v, true, ids), confirmed: positions })
  expect(s.unitInfo(unitId)?.state).toBe('verified')
}

/** The unit's real pixels as assimilation hands them over: every non-ringer position, with its position. */
function records (s: WorkStore, unitId: string, withRingers = false): PixelRecord[] {
  return (s.unitPixelMap(unitId) ?? []).flatMap((p, position) => p.ringer && !withRingers
    ? []
    : [{ x: p.x, y: p.y, summary: new Uint8Array(8), histograms: fitBytes(p.x, p.y), position }])
}

describe('ringers in the store', () => {
  it('records known pixels from the positions the deciding quorum confirmed, and mixes them blinded into later units', async () => {
    const clock = new Clock()
    // One unit at a time: the next is cut once the first is verified.
    store = await storeWithUnits(clock, 3, { queueTarget: 2, queueLowWater: 1 })
    expect(store.unitStateCounts()).toEqual({ unsent: 1 })
    const first = store.unitPixelMap('g1a0') ?? []
    expect(first.every((p) => !p.ringer)).toBe(true)
    // A disagreement confirms nothing; V1 and V2 decide.
    const [a, b] = [A, B].map((v) => store!.assignWork({ volunteer: v, requestId: 'r0', maxUnits: 1 })[0].instanceId)
    store.submitResult(result(a, A))
    store.submitResult(result(b, B))
    store.recordVerdict({ ...verdict('g1a0', 1, V3, false, [a, b]), confirmed: [7] })
    store.recordVerdict({ ...verdict('g1a0', 1, V1, true, [a, b]), confirmed: [0, 3] })
    store.recordVerdict({ ...verdict('g1a0', 1, V2, true, [a, b]), confirmed: [5] })
    store.assimilate('g1a0', records(store, 'g1a0'))
    const known = store.knownPixels(1)
    const expected = [0, 3, 5].map((k) => ({ x: first[k].x, y: first[k].y })).sort((p, q) => p.x - q.x)
    expect(known.map((p) => ({ x: p.x, y: p.y }))).toEqual(expected)
    for (const p of known) {
      expect(p).toMatchObject({ unitId: 'g1a0', coreVersion: null })
      expect(Buffer.from(p.fit)).toEqual(Buffer.from(fitBytes(p.x, p.y)))
      expect(Buffer.from(p.digest)).toEqual(Buffer.from(fitValuesDigest(fitBytes(p.x, p.y))))
    }

    // The next unit: its area's 10 pixels and 2 known pixels, under distinct labels, shuffled.
    const made = producer()
    await store.fillQueue(made.produce)
    const [plan] = made.plans as [UnitPlan]
    expect(plan).toMatchObject({ unitId: 'g1a1', pixels: 10 })
    expect(plan.payload).toHaveLength(12)
    expect(store.unitPixelMap('g1a1')).toEqual(plan.payload)
    const ringers = plan.payload.filter((p) => p.ringer)
    expect(ringers).toHaveLength(2)
    for (const r of ringers) expect(known.some((k) => k.x === r.x && k.y === r.y)).toBe(true)
    const real = plan.payload.filter((p) => !p.ringer)
    expect(real.map((p) => [p.x, p.y]).sort((p, q) => p[0] - q[0])).toEqual(plan.areas[0].pixels)
    expect(new Set(plan.payload.map((p) => p.label)).size).toBe(12)
    // Shuffled: the area's scan order is not the payload's (1 chance in 12! that it is).
    expect(real.map((p) => p.x)).not.toEqual(plan.areas[0].pixels.map(([x]) => x))

    // Verification and assimilation of that unit: a confirmed ringer never becomes a known pixel again.
    const ringerAt = plan.payload.findIndex((p) => p.ringer)
    const realAt = plan.payload.findIndex((p) => !p.ringer)
    verify(store, 'g1a1', 'r1', [[V1, [ringerAt, realAt]], [V2, []]])
    store.assimilate('g1a1', records(store, 'g1a1', true))
    const after = store.knownPixels(1)
    expect(after).toHaveLength(4)
    expect(after.filter((p) => p.unitId === 'g1a1').map((p) => [p.x, p.y])).toEqual([[plan.payload[realAt].x, plan.payload[realAt].y]])
  })

  it('gives the outline the payload\'s labels and each ringer\'s known answer at its position', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2, { queueTarget: 2, queueLowWater: 1 })
    verify(store, 'g1a0', 'r0', [[V1, [1, 2, 4]], [V2, [1]]])
    store.assimilate('g1a0', records(store, 'g1a0'))
    await store.fillQueue(async (p) => ({ payloadCid: `cid-${p.unitId}`, filters: 12 }))
    const map = store.unitPixelMap('g1a1') ?? []
    const outline = store.unitOutline('g1a1')
    expect(outline?.pixels).toEqual(map.map((p) => ({ x: p.label, y: 0 })))
    const positions = map.flatMap((p, k) => p.ringer ? [k] : [])
    expect(positions).toHaveLength(2)
    expect(outline?.ringers?.map((r) => r.position)).toEqual(positions)
    for (const r of outline?.ringers ?? []) {
      expect([r.x, r.y]).toEqual([map[r.position].x, map[r.position].y])
      expect(Buffer.from(r.digest)).toEqual(Buffer.from(fitValuesDigest(fitBytes(r.x, r.y))))
    }
  })

  it('mixes no ringer with ringersPerUnit 0 and refuses a rate outside 0..16', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2, { queueTarget: 2, queueLowWater: 1, ringersPerUnit: 0 })
    verify(store, 'g1a0', 'r0', [[V1, [1, 2, 4]], [V2, []]])
    store.assimilate('g1a0', records(store, 'g1a0'))
    expect(store.knownPixels(1)).toHaveLength(3)
    await store.fillQueue(producer().produce)
    expect((store.unitPixelMap('g1a1') ?? []).filter((p) => p.ringer)).toEqual([])
    expect(lifecycleSettings().ringersPerUnit).toBe(2)
    expect(() => lifecycleSettings({ ringersPerUnit: -1 })).toThrow(InvalidSettingsError)
    expect(() => lifecycleSettings({ ringersPerUnit: 17 })).toThrow(InvalidSettingsError)
  })

  it('blinds with distinct labels and keeps the map through its BLOB; a fit\'s values digest ignores its name', () => {
    const pixels = Array.from({ length: 300 }, (_, k) => ({ x: k % 20, y: Math.floor(k / 20), area: k % 7, ringer: k % 50 === 0 }))
    const map = blindPixels(pixels)
    expect(new Set(map.map((p) => p.label)).size).toBe(300)
    expect(unpackPixelMap(packPixelMap(map))).toEqual(map)
    expect([...map].sort((p, q) => p.y - q.y || p.x - q.x).map(({ label: _label, ...p }) => p)).toEqual(pixels)
    // The same fit under the payload's label and under the real pixel's name: equal values digests, not equal bytes.
    const [first] = fakeResult(plainUnit('g1a0', 1)).pixels
    if (!('fit' in first)) throw new Error('the fake result has a fitted pixel')
    const labelled = encodePixelFit({ ...first.fit, name: 'G1_3141592653_0' })
    const real = encodePixelFit({ ...first.fit, name: 'G1_4_7' })
    expect(Buffer.from(labelled).equals(Buffer.from(real))).toBe(false)
    expect(Buffer.from(fitValuesDigest(labelled))).toEqual(Buffer.from(fitValuesDigest(real)))
    expect(Buffer.from(fitValuesDigest(encodePixelFit({ ...first.fit, chi2: first.fit.chi2 * 1.01 })))).not.toEqual(Buffer.from(fitValuesDigest(real)))
  })
})
