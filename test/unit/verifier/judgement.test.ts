// Planning which pixels to recompute and deciding the verdict from their recomputation, with hand-made results
// (the network tests with real replicas and libraries: verifier.test.ts, disputes.test.ts).
import { describe, expect, it } from 'vitest'
import { RELATIVE_TOLERANCE } from '../../../src/work/compare.js'
import { digestOf, encodeUnitResult, type UnitResult } from '../../../src/work/unit-result.js'
import { decideJudgement, firstDifferingPixel, planJudgement, type PlanOptions } from '../../../src/verifier/judgement.js'
import type { Recomputation } from '../../../src/verifier/recompute.js'
import type { BadReplica, GoodReplica } from '../../../src/verifier/replica-check.js'
import { alterResult, fakeResult, plainUnit } from '../work/helpers.js'

const unit = plainUnit('g1-u7', 4)
// Pixel 1 is unfitted; 0, 2 and 3 are fitted.
const honest = fakeResult(unit, 1)
/** The honest result with summary value 40 of the pixels at `at` raised by a tenth (well beyond the tolerance). */
const altered = (...at: number[]): UnitResult => alterResult(honest, (fit, k) => { if (at.includes(k)) fit.summary[40] *= 1.1 })

function replica (instanceId: string, result: UnitResult, coreVersion = 1): GoodReplica {
  return { ok: true, instanceId, signer: `key-${instanceId}`, digest: digestOf(encodeUnitResult(result)), coreVersion, result }
}

const never: PlanOptions = { quorum: 2, coreVersion: 1, recomputeRate: 0, random: () => 0, tolerance: RELATIVE_TOLERANCE }
const always: PlanOptions = { ...never, recomputeRate: 1 }
/** The honest value of pixel k, as a recomputation would give it. */
const truth = (k: number): Recomputation => ({ pixel: honest.pixels[k] })

describe('choosing pixels to recompute', () => {
  it('finds the first pixel two results differ on', () => {
    expect(firstDifferingPixel(honest, honest, RELATIVE_TOLERANCE)).toBeUndefined()
    expect(firstDifferingPixel(honest, altered(2, 3), RELATIVE_TOLERANCE)).toBe(2)
    expect(firstDifferingPixel(honest, alterResult(honest, (fit, k) => { if (k === 3) fit.summary[40] *= 1 + 1e-6 }), RELATIVE_TOLERANCE)).toBeUndefined()
  })

  it('recomputes nothing for agreeing replicas that are not sampled, and one pixel of a sampled group', () => {
    expect(planJudgement(unit, [replica('a', honest), replica('b', honest)], never).pixels).toEqual([])
    const sampled = planJudgement(unit, [replica('a', honest), replica('b', honest)], always).pixels
    expect(sampled).toEqual([{ k: 0, x: unit.pixels[0].x, y: unit.pixels[0].y, why: 'sampled' }])
  })

  it('recomputes where groups differ whatever the rate, one pixel per group beyond the first, at most four', () => {
    const two = planJudgement(unit, [replica('a', honest), replica('x', altered(3))], never)
    expect(two.pixels.map((p) => [p.k, p.why])).toEqual([[3, 'disputed']])
    // With a quorum, the quorum group is the reference; the sampled pixel comes first.
    const three = planJudgement(unit, [replica('x', altered(2)), replica('a', honest), replica('b', honest)], always)
    expect(three.pixels.map((p) => [p.k, p.why])).toEqual([[0, 'sampled'], [2, 'disputed']])
    // Six replicas of an eight-pixel unit, the n-th altered at pixel n: six groups, five pixels in dispute.
    const wide = plainUnit('g1-u8', 8)
    const base = fakeResult(wide)
    const factions = [0, 1, 2, 3, 4, 5].map((n) => replica(`r${n}`, alterResult(base, (fit, k) => { if (k === n && n > 0) fit.summary[40] *= 1.1 })))
    expect(planJudgement(wide, factions, never).pixels.map((p) => p.k)).toEqual([1, 2, 3, 4])
  })

  it('does not recompute for groups of another fitting core', () => {
    expect(planJudgement(unit, [replica('a', honest), replica('x', altered(2), 2)], always).pixels).toEqual([])
  })
})

describe('deciding from the recomputation', () => {
  it('names the replica the recomputation contradicts, not the one it supports', () => {
    const plan = planJudgement(unit, [replica('a', honest), replica('x', altered(2))], never)
    const { verdict, judged, recomputations } = decideJudgement(plan, [truth(2)], RELATIVE_TOLERANCE)
    expect(verdict).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM', invalidInstances: ['x'], contradictedInstances: ['x'], recomputed: 1 })
    expect(judged).toMatchObject([{ instanceId: 'a', reason: 'UNDECIDED' }, { instanceId: 'x', reason: 'RECOMPUTE_MISMATCH', contradicted: true }])
    expect(judged[0].contradicted).toBeUndefined()
    expect(recomputations).toEqual([{ x: unit.pixels[2].x, y: unit.pixels[2].y, recomputed: true }])
  })

  it('contradicts nobody when the recomputation was skipped', () => {
    const plan = planJudgement(unit, [replica('a', honest), replica('x', altered(2))], never)
    for (const skipped of ['libraries', 'timeout'] as const) {
      const { verdict, recomputations } = decideJudgement(plan, [{ skipped }], RELATIVE_TOLERANCE)
      expect(verdict).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM', invalidInstances: [], recomputed: 0 })
      expect(verdict.contradictedInstances).toBeUndefined()
      expect(recomputations[0]).toMatchObject({ recomputed: false, skipped })
    }
  })

  it('agrees when the recomputation supports the quorum; the outvoted liar is contradicted', () => {
    const plan = planJudgement(unit, [replica('a', honest), replica('x', altered(2)), replica('b', honest)], never)
    const { verdict, judged } = decideJudgement(plan, [truth(2)], RELATIVE_TOLERANCE)
    expect(verdict).toMatchObject({ outcome: 'agree', validInstances: ['a', 'b'], invalidInstances: ['x'], contradictedInstances: ['x'] })
    expect(judged[1]).toMatchObject({ reason: 'OUTVOTED', contradicted: true, detail: expect.stringContaining('recomputed pixel') })
  })

  it('rejects a colluding quorum the recomputation contradicts; the honest minority stays undecided', () => {
    const bad: BadReplica = { ok: false, instanceId: 'z', reason: 'DIGEST_MISMATCH', detail: 'test' }
    const plan = planJudgement(unit, [replica('x', altered(0, 2)), replica('a', honest), replica('y', altered(0, 2)), bad], always)
    expect(plan.pixels.map((p) => [p.k, p.why])).toEqual([[0, 'sampled']])
    const { verdict, judged } = decideJudgement(plan, [truth(0)], RELATIVE_TOLERANCE)
    expect(verdict).toMatchObject({ outcome: 'disagree', reason: 'RECOMPUTE_MISMATCH', validInstances: [], invalidInstances: ['x', 'y', 'z'], contradictedInstances: ['x', 'y'] })
    expect(judged.map((j) => j.reason)).toEqual(['RECOMPUTE_MISMATCH', 'UNDECIDED', 'RECOMPUTE_MISMATCH', 'DIGEST_MISMATCH'])
  })

  it('sends the positions its recomputation confirmed with an agreement, and none with a disagreement', () => {
    // A sampled pixel and a disputed one, both supporting the quorum: both confirmed (the coordinator makes them
    // known answers, docs/work-lifecycle.md#ringers).
    const plan = planJudgement(unit, [replica('x', altered(2)), replica('a', honest), replica('b', honest)], always)
    expect(decideJudgement(plan, [truth(0), truth(2)], RELATIVE_TOLERANCE).verdict).toMatchObject({ outcome: 'agree', confirmedPixels: [0, 2] })
    // A skipped recomputation confirms nothing.
    expect(decideJudgement(plan, [{ skipped: 'timeout' }, truth(2)], RELATIVE_TOLERANCE).verdict).toMatchObject({ outcome: 'agree', confirmedPixels: [2] })
    expect(decideJudgement(plan, [{ skipped: 'libraries' }, { skipped: 'libraries' }], RELATIVE_TOLERANCE).verdict.confirmedPixels).toBeUndefined()
    // A quorum the recomputation contradicts is no agreement: nothing confirmed.
    const colluding = planJudgement(unit, [replica('x', altered(0)), replica('y', altered(0)), replica('a', honest)], always)
    const contradicted = decideJudgement(colluding, [truth(0)], RELATIVE_TOLERANCE).verdict
    expect(contradicted).toMatchObject({ outcome: 'disagree' })
    expect(contradicted.confirmedPixels).toBeUndefined()
    // Nothing recomputed: nothing confirmed.
    expect(decideJudgement(planJudgement(unit, [replica('a', honest), replica('b', honest)], never), [], RELATIVE_TOLERANCE).verdict.confirmedPixels).toBeUndefined()
  })

  it('decides as before when nothing was recomputed', () => {
    const plan = planJudgement(unit, [replica('a', honest), replica('b', honest)], never)
    const { verdict } = decideJudgement(plan, [], RELATIVE_TOLERANCE)
    expect(verdict).toMatchObject({ outcome: 'agree', reason: 'DIGESTS_EQUAL', validInstances: ['a', 'b'], invalidInstances: [], recomputed: 0 })
    expect(Buffer.from(verdict.canonicalDigest).equals(Buffer.from(digestOf(encodeUnitResult(honest))))).toBe(true)
  })
})
