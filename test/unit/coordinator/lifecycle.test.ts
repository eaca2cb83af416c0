// The work lifecycle's paths (docs/work-lifecycle.md): happy path, timeouts and reissue, error and total limits,
// disagreement, verifier quorum, typed errors.
import { afterEach, describe, expect, it } from 'vitest'
import {
  ConflictingResultError, ConflictingVerdictError, DuplicateInstanceError, InvalidStateError, MalformedVerdictError,
  NotAssignedError, StaleVerdictError, UnitAbandonedError, UnknownInstanceError, ResultPublishedError, UnknownUnitError, UnknownVerifierError,
  type WorkStore
} from '../../../src/coordinator/lifecycle/index.js'
import { Clock, VERIFIERS, key, result, storeWithUnits, verdict } from './helpers.js'

const [V1, V2, V3] = VERIFIERS
const A = key(1)
const B = key(2)
const C = key(3)
const D = key(4)
let store: WorkStore | undefined
afterEach(() => store?.close())

function validity (s: WorkStore, instanceId: string): string {
  return (s.db.prepare('SELECT validity FROM results WHERE instance_id = ?').get(instanceId) as { validity: string }).validity
}

function one (s: WorkStore, volunteer: Uint8Array, requestId: string): string {
  const a = s.assignWork({ volunteer, requestId, maxUnits: 1 })
  expect(a).toHaveLength(1)
  return a[0].instanceId
}

describe('work lifecycle', () => {
  it('happy path: two agreeing replicas, verifier quorum, credit, assimilation, galaxy complete', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    expect(store.unitStateCounts()).toEqual({ unsent: 1 })
    const a = one(store, A, 'r1')
    expect(store.unitStateCounts()).toEqual({ in_progress: 1 })
    const b = one(store, B, 'r1')
    expect(store.assignWork({ volunteer: C, requestId: 'r1', maxUnits: 4 })).toEqual([])
    expect(store.submitResult(result(a, A)).unitState).toBe('in_progress')
    expect(store.submitResult(result(b, B)).unitState).toBe('returned')
    const [waiting] = store.awaitingVerification()
    expect(waiting).toMatchObject({ unitId: 'g1a0', round: 1 })
    expect(waiting.results.map((r) => r.instanceId)).toEqual([a, b])
    // The envelopes verifiers receive are read apart from the pass's list, in the order asked.
    expect(store.resultEnvelopes([b, a])).toEqual([Buffer.from(result(b, B).signature), Buffer.from(result(a, A).signature)])
    const opened = store
    expect(() => opened.resultEnvelopes(['no-such-instance'])).toThrow(RangeError)
    expect(store.recordVerdict(verdict('g1a0', 1, V1, true, [b, a])).effect).toBe('pending')
    expect(store.recordVerdict(verdict('g1a0', 1, V2, true, [a, b])).effect).toBe('verified')
    expect([validity(store, a), validity(store, b)]).toEqual(['valid', 'valid'])
    // 10 pixels x 5 bands each; C asked but got nothing.
    expect(store.volunteerCredit().map((v) => v.total)).toEqual([50, 50, 0])
    expect(store.awaitingAssimilation().map((u) => u.unitId)).toEqual(['g1a0'])
    const out = store.assimilate('g1a0', [{ x: 0, y: 0, summary: new Uint8Array(8), histograms: new Uint8Array(16) }])
    expect(out).toEqual({ status: 'accepted', galaxyComplete: true, galaxyId: 1 })
    expect(store.unitStateCounts()).toEqual({ assimilated: 1 })
  })

  it('times out instances at the deadline and reissues them ahead of new work; accepts a late result', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2)
    const a = one(store, A, 'r1')
    const b = one(store, B, 'r1')
    expect([a, b]).toEqual(['g1a0/1', 'g1a0/2'])
    clock.advance(9_999)
    expect(store.tick().timedOut).toEqual([])
    clock.advance(1)
    expect(store.tick()).toEqual({ timedOut: [a, b], abandoned: [], decided: [] })
    // g1a1 came first in generation order but has never been sent; the reissue goes first.
    expect(one(store, C, 'r1')).toBe('g1a0/3')
    // One instance per key: A cannot get g1a0 again, so it gets new work.
    expect(one(store, A, 'r2')).toBe('g1a1/1')
    expect(store.submitResult(result(a, A)).status).toBe('accepted')
    expect(store.submitResult(result('g1a0/3', C)).unitState).toBe('returned')
  })

  it('sends a timed-out instance back to its key when no other key can take the unit, so the galaxy completes', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2)
    // A returns both units; B takes both and lets them time out. B is then the only live key besides A.
    const [a0, a1] = store.assignWork({ volunteer: A, requestId: 'r1', maxUnits: 2 }).map((x) => x.instanceId)
    const [b0, b1] = store.assignWork({ volunteer: B, requestId: 'r1', maxUnits: 2 }).map((x) => x.instanceId)
    store.submitResult(result(a0, A))
    store.submitResult(result(a1, A))
    clock.advance(10_000)
    expect(store.tick().timedOut).toEqual([b0, b1])
    // A holds a success of each: nothing for it. B gets its own instances back, with a new deadline.
    expect(store.assignWork({ volunteer: A, requestId: 'r2', maxUnits: 2 })).toEqual([])
    const again = store.assignWork({ volunteer: B, requestId: 'r2', maxUnits: 2 })
    expect(again.map((x) => x.instanceId)).toEqual([b0, b1])
    expect(again[0].deadline).toBe(clock.now() + 10_000)
    // The same request id gives the same answer; a fresh key would have come first.
    expect(store.assignWork({ volunteer: B, requestId: 'r2', maxUnits: 2 }).map((x) => x.instanceId)).toEqual([b0, b1])
    expect(store.submitResult(result(b0, B)).unitState).toBe('returned')
    expect(store.submitResult(result(b1, B)).unitState).toBe('returned')
    expect(store.unitStateCounts()).toEqual({ returned: 2 })
  })

  it('prefers a unit the key never held to one whose instance it let time out', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2)
    const a = one(store, A, 'r1')
    clock.advance(10_000)
    expect(store.tick().timedOut).toEqual([a])
    // g1a0 needs an instance again (boosted), but A never held g1a1: A gets g1a1, then g1a0 back once nothing else is left.
    expect(store.assignWork({ volunteer: A, requestId: 'r2', maxUnits: 1 }).map((x) => x.instanceId)).toEqual(['g1a1/1'])
    expect(store.assignWork({ volunteer: A, requestId: 'r3', maxUnits: 1 }).map((x) => x.instanceId)).toEqual([a])
  })

  it('abandons a unit with more errors than allowed and refuses late results for it', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1, { maxErrorResults: 2 })
    const [a, b] = [one(store, A, 'r'), one(store, B, 'r')]
    store.submitError({ instanceId: a, volunteer: A, reason: 'crash' })
    store.submitError({ instanceId: b, volunteer: B, reason: 'crash' })
    const [c, d] = [one(store, C, 'r'), one(store, D, 'r')]
    expect(store.submitError({ instanceId: c, volunteer: C, reason: 'crash' }).unitState).toBe('abandoned')
    expect(store.abandonedUnits()).toEqual([{ unitId: 'g1a0', reason: 'too_many_errors', settled: clock.t }])
    expect(() => store!.submitResult(result(d, D))).toThrow(UnitAbandonedError)
    expect(store.unsentCount()).toBe(0)
  })

  it('abandons a unit that would need more than max total results', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1, { maxTotalResults: 3 })
    const [a, b] = [one(store, A, 'r'), one(store, B, 'r')]
    store.submitError({ instanceId: a, volunteer: A, reason: 'x' })
    const c = one(store, C, 'r')
    store.submitResult(result(b, B))
    expect(store.submitError({ instanceId: c, volunteer: C, reason: 'x' }).unitState).toBe('abandoned')
    expect(store.abandonedUnits()[0].reason).toBe('too_many_total_results')
  })

  it('on disagreement sends a further instance ahead of new work, then validates the agreeing pair', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2)
    const a = store.assignUnit('g1a1', A, 'r')!.instanceId
    const b = store.assignUnit('g1a1', B, 'r')!.instanceId
    store.submitResult(result(a, A, 7))
    store.submitResult(result(b, B, 8))
    expect(store.recordVerdict(verdict('g1a1', 1, V1, false, [a, b])).effect).toBe('pending')
    expect(store.recordVerdict(verdict('g1a1', 1, V2, false, [a, b])).effect).toBe('disagreement')
    expect(store.unitStateCounts()).toEqual({ unsent: 1, in_progress: 1 })
    // g1a0 was generated first and is unsent; the extra instance of g1a1 goes ahead of it.
    const c = one(store, C, 'r')
    expect(c).toBe('g1a1/3')
    expect(store.submitResult(result(c, C, 7)).unitState).toBe('returned')
    expect(() => store!.recordVerdict(verdict('g1a1', 1, V3, false, [a, b]))).toThrow(StaleVerdictError)
    store.recordVerdict(verdict('g1a1', 2, V1, true, [a, c]))
    expect(store.recordVerdict(verdict('g1a1', 2, V3, true, [c, a])).effect).toBe('verified')
    expect([validity(store, a), validity(store, b), validity(store, c)]).toEqual(['valid', 'invalid', 'valid'])
    const credit = new Map(store.volunteerCredit().map((v) => [v.key[0], v.total]))
    expect([credit.get(1), credit.get(2), credit.get(3)]).toEqual([50, 0, 50])
  })

  it('on disagreement, a replica that arrived during the round starts the next round at once', async () => {
    // Seen in the chaos demo: a dishonest and an honest replica disagree while a third (honest, late) is on its
    // way; every live volunteer already holds an instance, so only the late replica can settle the unit.
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [a, b] = [A, B].map((k) => store!.assignUnit('g1a0', k, 'r')!.instanceId)
    clock.advance(10_001)
    store.tick() // both time out; reissued
    const c = one(store, C, 'r2')
    store.submitResult(result(a, A, 7)) // late results are accepted while the unit is open
    store.submitResult(result(b, B, 8))
    store.submitResult(result(c, C, 7)) // during round 1: judged by nobody yet
    store.recordVerdict(verdict('g1a0', 1, V1, false, [a, b]))
    expect(store.recordVerdict(verdict('g1a0', 1, V2, false, [a, b])).effect).toBe('disagreement')
    expect(store.unitStateCounts()).toEqual({ returned: 1 })
    const [round2] = store.awaitingVerification()
    expect(round2.round).toBe(2)
    expect(round2.results.filter((r) => r.round !== null).map((r) => r.instanceId)).toEqual([a, b, c])
    expect(store.assignWork({ volunteer: D, requestId: 'r', maxUnits: 1 })).toEqual([])
    store.recordVerdict(verdict('g1a0', 2, V1, true, [a, c]))
    expect(store.recordVerdict(verdict('g1a0', 2, V2, true, [a, c])).effect).toBe('verified')
    expect([validity(store, a), validity(store, b), validity(store, c)]).toEqual(['valid', 'invalid', 'valid'])
  })

  it('needs 2 of 3 verifiers: one dissent leaves the round open, a second agreement settles it', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [a, b] = [one(store, A, 'r'), one(store, B, 'r')]
    store.submitResult(result(a, A))
    store.submitResult(result(b, B))
    expect(store.recordVerdict(verdict('g1a0', 1, V1, true, [a, b])).effect).toBe('pending')
    expect(store.recordVerdict(verdict('g1a0', 1, V2, false, [a, b])).effect).toBe('pending')
    expect(store.awaitingAssimilation()).toEqual([])
    expect(store.recordVerdict(verdict('g1a0', 1, V3, true, [a, b])).effect).toBe('verified')
    expect(() => store!.recordVerdict(verdict('g1a0', 1, V2, true, [a, b]))).toThrow(ConflictingVerdictError)
  })

  it('a result arriving during verification earns nothing unjudged, and one after verification is refused', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [a, b] = [one(store, A, 'r'), one(store, B, 'r')]
    clock.advance(10_000)
    store.tick()
    const [c, d] = [one(store, C, 'r'), one(store, D, 'r')]
    store.submitResult(result(c, C, 7))
    store.submitResult(result(d, D, 7))
    store.submitResult(result(a, A, 7))
    store.recordVerdict(verdict('g1a0', 1, V1, true, [c, d]))
    store.recordVerdict(verdict('g1a0', 1, V2, true, [c, d]))
    // Equal to the canonical result, but judged by no verifier: no credit (a copy would look the same).
    expect([validity(store, a), validity(store, c)]).toEqual(['unchecked', 'valid'])
    expect(() => store!.submitResult(result(b, B, 7))).toThrow(ResultPublishedError)
    expect(store.findInstance(b)?.outcome).toBe('timed_out')
  })

  it('rejects bad input with typed errors', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const a = one(store, A, 'r')
    expect(() => store!.submitResult(result('g1a0/9', A))).toThrow(UnknownInstanceError)
    expect(() => store!.submitResult(result(a, B))).toThrow(NotAssignedError)
    expect(() => store!.assignUnit('g1a0', A, 'r2')).toThrow(DuplicateInstanceError)
    expect(() => store!.assignUnit('g9a0', A, 'r2')).toThrow(UnknownUnitError)
    expect(() => store!.assimilate('g1a0', [])).toThrow(InvalidStateError)
    store.submitResult(result(a, A, 7))
    expect(() => store!.submitResult(result(a, A, 8))).toThrow(ConflictingResultError)
    expect(() => store!.submitError({ instanceId: a, volunteer: A, reason: 'x' })).toThrow(ConflictingResultError)
    const b = one(store, B, 'r')
    store.submitResult(result(b, B))
    expect(() => store!.recordVerdict(verdict('g1a0', 1, key(99), true, [a, b]))).toThrow(UnknownVerifierError)
    expect(() => store!.recordVerdict(verdict('g1a0', 1, V1, true, [a]))).toThrow(MalformedVerdictError)
    expect(() => store!.recordVerdict(verdict('g1a0', 2, V1, true, [a, b]))).toThrow(StaleVerdictError)
    expect(() => store!.recordVerdict(verdict('g1a0', 1, V1, true, [a, 'g1a0/7']))).toThrow(StaleVerdictError)
  })
})
