// Groups well-formed replicas by agreement and finds the group that reaches the quorum (POGS' validator;
// docs/design.md#work-defaults): replicas agree when their digests are equal, else when every value agrees within
// the tolerance. Only replicas of one fitting-core version are compared at all: a digest says "same bytes" only
// between results of one core, and a new core may change values beyond the tolerance on purpose (a fix), so
// replicas of different core versions are judged as disagreeing. The coordinator never sends such a mix (it keeps a
// unit's replicas on one core version); one means a volunteer claimed another core than it was assigned.
import { compareResults, RELATIVE_TOLERANCE } from '../work/compare.js'
import type { GoodReplica } from './replica-check.js'
import { VERDICT_REASONS } from './reasons.js'

/** Replicas that agree with the group's first member (its canonical result). */
export interface ReplicaGroup {
  members: GoodReplica[]
  /** DIGESTS_EQUAL while every member shares the first one's digest. */
  reason: typeof VERDICT_REASONS.DIGESTS_EQUAL | typeof VERDICT_REASONS.WITHIN_TOLERANCE
}

function sameCore (a: GoodReplica, b: GoodReplica): boolean {
  return a.coreVersion === b.coreVersion
}

function sameDigest (a: GoodReplica, b: GoodReplica): boolean {
  return Buffer.from(a.digest).equals(Buffer.from(b.digest))
}

/**
 * Puts each replica, in order, into the first group of its core version whose first member it agrees with: equal
 * digests first (the deterministic core makes that the usual case and it costs nothing), then value by value within
 * `tolerance`.
 * Agreement within a tolerance is not transitive, so each replica is compared with the group's first member,
 * whose digest becomes the verdict's canonical digest.
 */
export function groupReplicas (replicas: readonly GoodReplica[], tolerance = RELATIVE_TOLERANCE): ReplicaGroup[] {
  const groups: ReplicaGroup[] = []
  for (const r of replicas) {
    const ofCore = groups.filter((g) => sameCore(g.members[0], r))
    const group = ofCore.find((g) => sameDigest(g.members[0], r)) ??
      ofCore.find((g) => compareResults(g.members[0].result, r.result, [g.members[0].digest, r.digest], tolerance).agree)
    if (group === undefined) {
      groups.push({ members: [r], reason: VERDICT_REASONS.DIGESTS_EQUAL })
      continue
    }
    group.members.push(r)
    if (!sameDigest(group.members[0], r)) group.reason = VERDICT_REASONS.WITHIN_TOLERANCE
  }
  return groups
}

/** The largest group with at least `quorum` members (the earliest on a tie), or undefined. */
export function quorumGroup (groups: readonly ReplicaGroup[], quorum: number): ReplicaGroup | undefined {
  let best: ReplicaGroup | undefined
  for (const g of groups) {
    if (g.members.length >= quorum && g.members.length > (best?.members.length ?? 0)) best = g
  }
  return best
}

/** Why `r` is outside `group`, for the report: the first difference from the group's canonical result. */
export function disagreement (group: ReplicaGroup, r: GoodReplica, tolerance = RELATIVE_TOLERANCE): string {
  if (!sameCore(group.members[0], r)) return `computed by fitting core ${r.coreVersion}, the group by core ${group.members[0].coreVersion}`
  const c = compareResults(group.members[0].result, r.result, [group.members[0].digest, r.digest], tolerance)
  return c.agree ? 'agrees with the group but was not grouped' : `${c.reason}: ${c.detail}`
}
