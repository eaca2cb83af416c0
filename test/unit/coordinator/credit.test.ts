// Credit per valid result (pixels x bands) and BOINC's recent average credit (one-week half-life), against
// answers computed by hand.
import { afterEach, describe, expect, it } from 'vitest'
import { decayedAverage, updateRecentAverage, type WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { Clock, VERIFIERS, key, result, storeWithUnits, verdict } from './helpers.js'

const DAY = 86_400_000
const WEEK = 7 * DAY
let store: WorkStore | undefined
afterEach(() => store?.close())

describe('recent average credit (BOINC update_average)', () => {
  it('first grant is work per day since the work started; then halves each week', () => {
    const first = updateRecentAverage({ average: 0, time: 0 }, 100, 0, DAY, WEEK)
    expect(first).toEqual({ average: 100, time: DAY })
    // A week later with no work: weight 1/2.
    const decayed = updateRecentAverage(first, 0, 0, DAY + WEEK, WEEK)
    expect(decayed.average).toBeCloseTo(50, 12)
    // Another week, 70 credit: 50/2 + (1 - 1/2) 70 / 7 days = 25 + 5.
    expect(updateRecentAverage(decayed, 70, 0, DAY + 2 * WEEK, WEEK).average).toBeCloseTo(30, 12)
    // Two weeks seen without a grant: a quarter.
    expect(decayedAverage(first, DAY + 2 * WEEK, WEEK)).toBeCloseTo(25, 12)
  })

  it('uses the limit ln2 work day / half-life for a tiny interval', () => {
    const avg = updateRecentAverage({ average: 10, time: 1000 }, 7, 0, 1001, WEEK)
    expect(avg.average).toBeCloseTo(10 * Math.exp(-Math.LN2 / WEEK) + Math.LN2, 9)
  })
})

describe('credit through the lifecycle', () => {
  it('grants pixels x bands per valid result to the volunteer and its claimed team', async () => {
    const clock = new Clock()
    const t0 = clock.t
    store = await storeWithUnits(clock, 2, { deadlineMs: 30 * DAY })
    const [A, B] = [key(1), key(2)]
    store.claimIdentity(A, { name: 'alice', team: 'T' })
    store.claimIdentity(B, { name: 'bob', team: null })
    const settle = (unitId: string): void => {
      const a = store!.assignUnit(unitId, A, unitId)!.instanceId
      const b = store!.assignUnit(unitId, B, unitId)!.instanceId
      clock.advance(unitId === 'g1a0' ? DAY / 2 : WEEK)
      store!.submitResult(result(a, A))
      store!.submitResult(result(b, B))
      store!.recordVerdict(verdict(unitId, 1, VERIFIERS[0], true, [a, b]))
      store!.recordVerdict(verdict(unitId, 1, VERIFIERS[1], true, [a, b]))
    }
    settle('g1a0')
    // 10 pixels x 5 bands = 50 credit, work started half a day earlier: 100 per day.
    expect(store.volunteerCredit().map((v) => [v.name, v.total, v.recentAverage])).toEqual([['alice', 50, 100], ['bob', 50, 100]])
    expect(store.teamCredit()).toEqual([{ name: 'T', total: 50, recentAverage: 100 }])
    settle('g1a1')
    expect(clock.t - t0).toBe(DAY / 2 + WEEK)
    // A week later: 100/2 + (1/2) 50 / 7 days.
    const alice = store.volunteerCredit()[0]
    expect(alice.total).toBe(100)
    expect(alice.recentAverage).toBeCloseTo(50 + 25 / 7, 12)
    expect(store.teamCredit()[0].recentAverage).toBeCloseTo(50 + 25 / 7, 12)
    clock.advance(WEEK)
    expect(store.volunteerCredit()[0].recentAverage).toBeCloseTo((50 + 25 / 7) / 2, 12)
  })
})
