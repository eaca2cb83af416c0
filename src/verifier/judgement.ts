// Judging a unit's checked replicas (docs/verifier.md): grouping and the quorum, which pixels to recompute (one
// sampled from an agreeing group; one wherever two groups of our fitting core differ), and, once those are
// recomputed, the verdict, naming every replica whose value a recomputation contradicts. Planning keeps only what
// the verdict needs (each replica's values at the chosen pixels), so a queued plan is small.
import type { Verdict } from '../net/messages/index.js'
import type { WorkUnit } from '../work/unit-payload.js'
import type { PixelResult, UnitResult } from '../work/unit-result.js'
import { MAX_RECOMPUTED_PIXELS } from './constants.js'
import { disagreement, groupReplicas, quorumGroup, type ReplicaGroup } from './grouping.js'
import { REPLICA_REASONS, VERDICT_REASONS, type ReplicaReason } from './reasons.js'
import { recomputedDifference, samplePixel, shouldRecompute, type Recomputation } from './recompute.js'
import type { BadReplica, CheckedReplica, GoodReplica } from './replica-check.js'

/** How one replica was judged (in the order the request listed them). */
export interface ReplicaJudgement {
  /** Absent when the replica names no instance of this unit (it does not open, or answers another unit). */
  instanceId?: string
  /** The volunteer's peer id, when the envelope opened. */
  signer?: string
  valid: boolean
  reason: ReplicaReason
  detail?: string
  /** A pixel recomputed here contradicts its value (it is listed in the verdict's contradicted instances). */
  contradicted?: true
}

/** A pixel chosen for recomputation: `sampled` from the agreeing group, or `disputed` (two groups differ on it). */
export interface PlannedPixel {
  /** Its index in the unit. */
  k: number
  x: number
  y: number
  why: 'sampled' | 'disputed'
}

/** What became of a chosen pixel: recomputed, or skipped and why (libraries not held yet, or over its time). */
export interface PixelRecomputation {
  x: number
  y: number
  recomputed: boolean
  skipped?: 'libraries' | 'timeout'
}

/** A well-formed replica as the verdict needs it. */
interface PlannedReplica {
  ok: true
  instanceId: string
  signer: string
  /** In the group that reached the quorum. */
  inQuorum: boolean
  /** Computed by the verifier's own fitting core: only then is it compared with a recomputation. */
  ourCore: boolean
  /** Why it is outside the quorum group, when there is one and it is outside. */
  outvoted?: string
  /** Its values at the planned pixels, in their order. */
  claims: PixelResult[]
}

/** A judgement waiting for its pixels' recomputation (or needing none: `pixels` empty). */
export interface JudgementPlan {
  unitId: string
  /** Request order. */
  replicas: Array<PlannedReplica | BadReplica>
  /** The group that reached the quorum, if one did. */
  quorum?: { reason: ReplicaGroup['reason'], canonicalDigest: Uint8Array }
  pixels: PlannedPixel[]
}

/** What planning needs. */
export interface PlanOptions {
  quorum: number
  /** The fitting core recomputations run. */
  coreVersion: number
  recomputeRate: number
  random: () => number
  tolerance: number
}

/** The first pixel on which two replicas of one unit differ beyond `tolerance` (both answer the unit, so their
 * pixels are the unit's in its order), or undefined when none does. */
export function firstDifferingPixel (a: UnitResult, b: UnitResult, tolerance: number): number | undefined {
  for (let k = 0; k < a.pixels.length; k++) {
    if (recomputedDifference(a.pixels[k], b.pixels[k], tolerance) !== undefined) return k
  }
  return undefined
}

/**
 * Groups the replicas, applies the quorum and chooses the pixels to recompute: with probability `recomputeRate`
 * one fitted pixel of an agreeing group of our core (a collusion that agrees shows only there), and, whenever our
 * core's replicas fall into more than one group, for each group beyond the reference (the quorum group, else the
 * first) the first pixel on which it and the reference differ, so the recomputation tells which side lied. At most
 * MAX_RECOMPUTED_PIXELS.
 */
export function planJudgement (unit: WorkUnit, checked: readonly CheckedReplica[], o: PlanOptions): JudgementPlan {
  const good = checked.filter((r): r is GoodReplica => r.ok)
  const groups = groupReplicas(good, o.tolerance)
  const group = quorumGroup(groups, o.quorum)
  const ours = groups.filter((g) => g.members[0].coreVersion === o.coreVersion)
  const chosen: number[] = []
  const why = new Map<number, PlannedPixel['why']>()
  const choose = (k: number | undefined, reason: PlannedPixel['why']): void => {
    if (k === undefined || why.has(k) || chosen.length >= MAX_RECOMPUTED_PIXELS) return
    chosen.push(k)
    why.set(k, reason)
  }
  // The sampling draws come first, as they always have: a seeded `random` samples the same pixel as before.
  if (group !== undefined && ours.includes(group) && shouldRecompute(o.recomputeRate, o.random)) choose(samplePixel(group.members[0].result, o.random), 'sampled')
  const reference = group !== undefined && ours.includes(group) ? group : ours[0]
  for (const g of ours) {
    if (g !== reference) choose(firstDifferingPixel(reference.members[0].result, g.members[0].result, o.tolerance), 'disputed')
  }
  const members = new Set(group?.members ?? [])
  return {
    unitId: unit.unitId,
    replicas: checked.map((r) => r.ok
      ? {
          ok: true,
          instanceId: r.instanceId,
          signer: r.signer,
          inQuorum: members.has(r),
          ourCore: r.coreVersion === o.coreVersion,
          ...(group !== undefined && !members.has(r) ? { outvoted: disagreement(group, r, o.tolerance) } : {}),
          claims: chosen.map((k) => r.result.pixels[k])
        }
      : r),
    ...(group !== undefined ? { quorum: { reason: group.reason, canonicalDigest: group.members[0].digest } } : {}),
    pixels: chosen.map((k) => ({ k, x: unit.pixels[k].x, y: unit.pixels[k].y, why: why.get(k) ?? 'disputed' }))
  }
}

/** The verdict, once the plan's pixels are recomputed (`outcomes` in the plan's pixel order; none when it has none). */
export function decideJudgement (plan: JudgementPlan, outcomes: readonly Recomputation[], tolerance: number): { verdict: Verdict, judged: ReplicaJudgement[], recomputations: PixelRecomputation[] } {
  const good = plan.replicas.filter((r): r is PlannedReplica => r.ok)
  // Each replica of our core against every recomputed pixel: the first contradiction is its detail. A skipped
  // recomputation contradicts nobody.
  const contradiction = new Map<PlannedReplica, string>()
  let recomputed = 0
  outcomes.forEach((o, j) => {
    if (!('pixel' in o)) return
    recomputed++
    for (const r of good) {
      if (!r.ourCore || contradiction.has(r)) continue
      const d = recomputedDifference(r.claims[j], o.pixel, tolerance)
      if (d !== undefined) contradiction.set(r, `recomputed ${d}`)
    }
  })
  const malformed = plan.replicas.flatMap((r) => !r.ok && r.instanceId !== undefined ? [r.instanceId] : [])
  const contradicted = good.filter((r) => contradiction.has(r))
  const quorumContradicted = plan.quorum !== undefined && good.some((r) => r.inQuorum && contradiction.has(r))
  const fate = (r: PlannedReplica): { valid: boolean, reason: ReplicaReason, detail?: string } => {
    const d = contradiction.get(r)
    if (plan.quorum !== undefined && !quorumContradicted) {
      if (r.inQuorum) return { valid: true, reason: REPLICA_REASONS.AGREED }
      return { valid: false, reason: REPLICA_REASONS.OUTVOTED, detail: [r.outvoted, d].filter((s) => s !== undefined).join('; ') }
    }
    // The whole quorum group vouched for what we could not reproduce; replicas outside it that no recomputation
    // contradicts stay undecided, as do all of them when there is no quorum.
    if (r.inQuorum) return { valid: false, reason: REPLICA_REASONS.RECOMPUTE_MISMATCH, detail: d ?? 'in the group a recomputed pixel contradicts' }
    if (d !== undefined) return { valid: false, reason: REPLICA_REASONS.RECOMPUTE_MISMATCH, detail: d }
    return { valid: false, reason: REPLICA_REASONS.UNDECIDED }
  }
  const judged = plan.replicas.map((r): ReplicaJudgement => r.ok
    ? { instanceId: r.instanceId, signer: r.signer, ...fate(r), ...(contradiction.has(r) ? { contradicted: true as const } : {}) }
    : { ...(r.instanceId !== undefined ? { instanceId: r.instanceId } : {}), valid: false, reason: r.reason, detail: r.detail })
  const recomputations = plan.pixels.map((p, j): PixelRecomputation => {
    const o = outcomes[j]
    return { x: p.x, y: p.y, recomputed: o !== undefined && 'pixel' in o, ...(o !== undefined && 'skipped' in o ? { skipped: o.skipped } : {}) }
  })
  const named = contradicted.length > 0 ? { contradictedInstances: contradicted.map((r) => r.instanceId) } : {}
  const base = { unitId: plan.unitId, recomputed, ...named }
  if (plan.quorum !== undefined && !quorumContradicted) {
    const valid = good.filter((r) => r.inQuorum)
    // Positions whose recomputation agreed with the agreeing group (of our core: no other is compared): the
    // coordinator makes them known answers, ringers of later units (docs/work-lifecycle.md#ringers).
    const ourQuorum = valid.filter((r) => r.ourCore)
    const confirmed = ourQuorum.length === 0
      ? []
      : plan.pixels.flatMap((p, j) => {
        const o = outcomes[j]
        if (o === undefined || !('pixel' in o)) return []
        return ourQuorum.every((r) => recomputedDifference(r.claims[j], o.pixel, tolerance) === undefined) ? [p.k] : []
      })
    return {
      verdict: {
        ...base,
        outcome: 'agree',
        validInstances: valid.map((r) => r.instanceId),
        invalidInstances: [...good.filter((r) => !r.inQuorum).map((r) => r.instanceId), ...malformed],
        canonicalDigest: plan.quorum.canonicalDigest,
        reason: plan.quorum.reason,
        ...(confirmed.length > 0 ? { confirmedPixels: confirmed } : {})
      },
      judged,
      recomputations
    }
  }
  const invalid = good.filter((r) => r.inQuorum || contradiction.has(r)).map((r) => r.instanceId)
  return {
    verdict: {
      ...base,
      outcome: 'disagree',
      validInstances: [],
      invalidInstances: [...invalid, ...malformed],
      canonicalDigest: new Uint8Array(0),
      reason: quorumContradicted ? VERDICT_REASONS.RECOMPUTE_MISMATCH : VERDICT_REASONS.NO_QUORUM
    },
    judged,
    recomputations
  }
}
