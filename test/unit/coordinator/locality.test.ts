// Locality scheduling (docs/work-lifecycle.md#locality): units go first to volunteers that hold their library pair,
// a pair nobody holds goes to the volunteers that would spread it least, and over a whole project the libraries
// volunteers download are fewer with locality on than off, with every galaxy still finished.
import { afterEach, describe, expect, it } from 'vitest'
import type { LifecycleInit, UnitPlan, WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { Clock, areas, key, makeStore, result, verdict, VERIFIERS } from './helpers.js'

const BANDS = ['SDSSu', 'SDSSg', 'SDSSr', 'SDSSi', 'SDSSz']
let store: WorkStore | undefined
afterEach(() => store?.close())

/** The pair a galaxy's redshift picks: one optical and one infrared CID per redshift. */
function pairOf (redshift: number): string[] {
  return [`opt-z${redshift}`, `ir-z${redshift}`]
}

/** A producer naming each unit's pair, as the coordinator's does. */
function produce (p: UnitPlan): { payloadCid: string, libraries: string[] } {
  return { payloadCid: `cid-${p.unitId}`, libraries: pairOf(p.galaxy.redshift) }
}

/** A store with one galaxy per redshift (units of one area of 10 pixels), the first the highest priority. */
async function storeWith (clock: Clock, redshifts: number[], unitsEach: number, init: LifecycleInit = {}): Promise<WorkStore> {
  const s = makeStore(clock, { pixelsPerUnit: 10, queueTarget: 10_000, queueLowWater: 10_000, ...init })
  redshifts.forEach((z, k) => {
    s.addGalaxy({ name: `G${k}`, priority: redshifts.length - k, bands: BANDS, redshift: z, areas: areas(unitsEach, 10) })
    clock.advance(1)
  })
  await s.fillQueue(produce)
  return s
}

const unitGalaxy = (unitId: string): string => unitId.slice(0, unitId.indexOf('a'))

describe('locality scheduling', () => {
  it('gives a volunteer units of the pair it holds before higher-priority ones it would have to fetch', async () => {
    const clock = new Clock()
    store = await storeWith(clock, [0.01, 0.02], 3)
    // Holding only one file of a pair is not holding the pair: priority decides.
    const half = store.assignWork({ volunteer: key(2), requestId: 'r', maxUnits: 1, libraries: [pairOf(0.02)[0]] })
    expect(half.map((a) => unitGalaxy(a.unitId))).toEqual(['g1'])
    // The holder of the second pair gets its units, before the started unit of the first galaxy too.
    const given = store.assignWork({ volunteer: key(1), requestId: 'r', maxUnits: 2, libraries: pairOf(0.02) })
    expect(given.map((a) => unitGalaxy(a.unitId))).toEqual(['g2', 'g2'])
  })

  it('without locality, priority alone decides', async () => {
    const clock = new Clock()
    store = await storeWith(clock, [0.01, 0.02], 3, { locality: false })
    const given = store.assignWork({ volunteer: key(1), requestId: 'r', maxUnits: 2, libraries: pairOf(0.02) })
    expect(given.map((a) => unitGalaxy(a.unitId))).toEqual(['g1', 'g1'])
  })

  it('sends a volunteer that holds nothing to the pair the fewest live volunteers hold', async () => {
    const clock = new Clock()
    store = await storeWith(clock, [0.01, 0.02, 0.03], 4)
    // Three volunteers hold the first galaxy's pair, two the second's (each unit they took has both replicas out).
    for (const k of [1, 2]) store.assignWork({ volunteer: key(k), requestId: 'r', maxUnits: 1, libraries: pairOf(0.01) })
    store.assignWork({ volunteer: key(3), requestId: 'r', maxUnits: 2, libraries: pairOf(0.01) })
    store.assignWork({ volunteer: key(1), requestId: 'r2', maxUnits: 2, libraries: pairOf(0.01) })
    for (const k of [4, 5]) store.assignWork({ volunteer: key(k), requestId: 'r', maxUnits: 1, libraries: pairOf(0.02) })
    expect(store.db.prepare('SELECT sum(boost) AS b FROM work_units').get()).toEqual({ b: 0 })
    const fresh = store.assignWork({ volunteer: key(6), requestId: 'r', maxUnits: 2 })
    expect(fresh.map((a) => unitGalaxy(a.unitId))).toEqual(['g3', 'g3'])
  })

  it('counts as holders only volunteers that asked within a day', async () => {
    const clock = new Clock()
    store = await storeWith(clock, [0.01, 0.02], 4)
    // The first pair is held by four volunteers gone for a day (all its started units have both replicas out), the
    // second by two that ask now.
    for (const k of [1, 2]) store.assignWork({ volunteer: key(k), requestId: 'r', maxUnits: 1, libraries: pairOf(0.01) })
    for (const k of [3, 6]) store.assignWork({ volunteer: key(k), requestId: 'r', maxUnits: 2, libraries: pairOf(0.01) })
    clock.advance(86_400_001)
    for (const k of [4, 5]) store.assignWork({ volunteer: key(k), requestId: 'r', maxUnits: 1, libraries: pairOf(0.02) })
    expect(store.db.prepare('SELECT sum(boost) AS b FROM work_units').get()).toEqual({ b: 0 })
    const fresh = store.assignWork({ volunteer: key(7), requestId: 'r', maxUnits: 1 })
    expect(fresh.map((a) => unitGalaxy(a.unitId))).toEqual(['g1'])
  })

  it('among pairs it lacks, sends a volunteer started units (reissues, second replicas) first', async () => {
    const clock = new Clock()
    store = await storeWith(clock, [0.01, 0.02], 2)
    const [first] = store.assignWork({ volunteer: key(1), requestId: 'r', maxUnits: 1, libraries: pairOf(0.01) })
    store.assignWork({ volunteer: key(2), requestId: 'r', maxUnits: 1, libraries: pairOf(0.01) })
    clock.advance(20_000)
    store.tick()
    // Nobody works on either pair now: the timed-out unit goes first.
    const given = store.assignWork({ volunteer: key(3), requestId: 'r', maxUnits: 1 })
    expect(given.map((a) => a.unitId)).toEqual([first.unitId])
    // A volunteer holding the other pair keeps to it.
    const holder = store.assignWork({ volunteer: key(4), requestId: 'r', maxUnits: 1, libraries: pairOf(0.02) })
    expect(holder.map((a) => unitGalaxy(a.unitId))).toEqual(['g2'])
  })

  it('over a whole project, volunteers download fewer libraries with locality on than off, and every galaxy finishes', async () => {
    const on = await downloadsOverProject(true)
    const off = await downloadsOverProject(false)
    expect(on.complete).toBe(true)
    expect(off.complete).toBe(true)
    // Off, every volunteer walks through every pair in priority order: 6 volunteers x 4 pairs.
    expect(off.downloads).toBe(24)
    expect(on.downloads).toBeLessThan(off.downloads * 0.75)
  })
})

/** Six volunteers (one unit at a time, libraries kept) and two agreeing verifiers work four galaxies at four
 * redshifts to the end; returns the pairs downloaded in all. */
async function downloadsOverProject (locality: boolean): Promise<{ downloads: number, complete: boolean }> {
  const clock = new Clock()
  const s = await storeWith(clock, [0.01, 0.02, 0.03, 0.04], 8, { locality, firstSeenWindowMs: 0 })
  try {
    const volunteers = Array.from({ length: 6 }, (_, k) => ({ key: key(k + 1), held: new Set<string>() }))
    let downloads = 0
    for (let step = 0; step < 200; step++) {
      for (const v of volunteers) {
        const given = s.assignWork({ volunteer: v.key, requestId: `s${step}`, maxUnits: 1, libraries: [...v.held] })
        for (const a of given) {
          const pair = s.db.prepare('SELECT libraries FROM work_units WHERE id = ?').get(a.unitId) as { libraries: string }
          if (!pair.libraries.split(' ').every((c) => v.held.has(c))) downloads++
          for (const c of pair.libraries.split(' ')) v.held.add(c)
          s.submitResult(result(a.instanceId, v.key))
        }
      }
      for (const u of s.awaitingVerification(100)) {
        const ids = u.results.map((r) => r.instanceId)
        for (const v of VERIFIERS.slice(0, 2)) s.recordVerdict(verdict(u.unitId, u.round, v, true, ids))
      }
      for (const u of s.awaitingAssimilation(100)) s.assimilate(u.unitId, [])
      clock.advance(1)
      if (s.db.prepare(`SELECT 1 FROM galaxies WHERE status <> 'complete' LIMIT 1`).get() === undefined) return { downloads, complete: true }
    }
    return { downloads, complete: false }
  } finally {
    s.close()
  }
}
