import { describe, expect, it } from 'vitest'
import { digestOf, encodeUnitResult, type UnitResult } from '../../../src/work/unit-result.js'
import { disagreement, groupReplicas, quorumGroup } from '../../../src/verifier/grouping.js'
import type { GoodReplica } from '../../../src/verifier/replica-check.js'
import { alterResult, fakeResult, plainUnit } from '../work/helpers.js'

const unit = plainUnit('g1-u7', 4)
const honest = fakeResult(unit, 1)

function replica (instanceId: string, result: UnitResult, coreVersion = 1): GoodReplica {
  return { ok: true, instanceId, signer: `key-${instanceId}`, digest: digestOf(encodeUnitResult(result)), coreVersion, result }
}

/** The honest result with summary value 40 of pixel 2 scaled by (1 + relative). */
const nudged = (relative: number): UnitResult => alterResult(honest, (fit, k) => { if (k === 2) fit.summary[40] *= 1 + relative })

describe('groupReplicas', () => {
  it('groups equal digests together (DIGESTS_EQUAL)', () => {
    const groups = groupReplicas([replica('a', honest), replica('b', fakeResult(unit, 1))])
    expect(groups.map((g) => [g.reason, g.members.map((m) => m.instanceId)])).toEqual([['DIGESTS_EQUAL', ['a', 'b']]])
  })

  it('groups replicas within tolerance (WITHIN_TOLERANCE) and keeps others apart', () => {
    const groups = groupReplicas([replica('a', honest), replica('x', nudged(1e-2)), replica('b', nudged(1e-6)), replica('y', nudged(1e-2))])
    expect(groups.map((g) => [g.reason, g.members.map((m) => m.instanceId)])).toEqual([
      ['WITHIN_TOLERANCE', ['a', 'b']],
      ['DIGESTS_EQUAL', ['x', 'y']]
    ])
    expect(disagreement(groups[0], groups[1].members[0])).toMatch(/^VALUE_MISMATCH: pixel \(12, 3\) summary\[40\]/)
  })

  it('compares each replica with the group first member (tolerance is not transitive)', () => {
    // b is within 1e-4 of a and of c, but c is not within 1e-4 of a.
    const groups = groupReplicas([replica('a', honest), replica('b', nudged(0.7e-4)), replica('c', nudged(1.4e-4))], 1e-4)
    expect(groups.map((g) => g.members.map((m) => m.instanceId))).toEqual([['a', 'b'], ['c']])
  })

  it('an equal digest joins its group even after a group it is within tolerance of', () => {
    const groups = groupReplicas([replica('a', nudged(1e-6)), replica('b', honest), replica('c', honest)])
    // b joins a (within tolerance); c has b's digest, but groups are keyed by their first member: c joins a too.
    expect(groups.map((g) => g.members.map((m) => m.instanceId))).toEqual([['a', 'b', 'c']])
  })
})

describe('quorumGroup', () => {
  const groups = groupReplicas([replica('x', nudged(1e-2)), replica('a', honest), replica('b', honest), replica('c', honest), replica('y', nudged(1e-2))])

  it('takes the largest group reaching the quorum', () => {
    expect(quorumGroup(groups, 2)?.members.map((m) => m.instanceId)).toEqual(['a', 'b', 'c'])
    expect(quorumGroup(groups, 3)?.members.map((m) => m.instanceId)).toEqual(['a', 'b', 'c'])
    expect(quorumGroup(groups, 4)).toBeUndefined()
  })

  it('takes the earliest of equal groups, and none from nothing', () => {
    const tie = groupReplicas([replica('x', nudged(1e-2)), replica('a', honest), replica('y', nudged(1e-2)), replica('b', honest)])
    expect(quorumGroup(tie, 2)?.members.map((m) => m.instanceId)).toEqual(['x', 'y'])
    expect(quorumGroup([], 1)).toBeUndefined()
  })
})
