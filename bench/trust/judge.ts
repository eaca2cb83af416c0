// The verifiers' judgement of a round (docs/verifier.md, "What a request goes through"), reduced to what the trust
// simulation needs: replicas are honest (one digest) or altered alike at one payload position (another digest), and
// those of banned keys are invalid (the ban list). Grouping by digest, the quorum group (the largest of at least the
// min quorum, the earliest on a tie), one sampled pixel of the quorum group with probability `recomputeRate`, the
// first pixel on which two groups differ whatever the rate (the altered one), and a verdict that names the replicas
// a recomputation contradicts.

/** A replica as the simulation knows it. */
export interface SimReplica {
  instanceId: string
  altered: boolean
  /** Signed by a key on the project's ban list: judged invalid (BANNED_KEY), in no group. */
  banned: boolean
}

/** One verifier's verdict on a round, and the pixels it fitted to reach it. */
export interface SimJudgement {
  agree: boolean
  results: string[]
  contradicted: string[]
  confirmed: number[]
  /** Pixels recomputed: the sampled one, if any, and the disputed one, if any. */
  sampled: number | undefined
  disputed: number | undefined
  /** The sampled pixel was the altered one of an agreeing group of altered replicas (collusion shows only here). */
  samplingHit: boolean
}

/** What judging needs: the round's replicas in request order, the unit's layout and a seeded draw. */
export interface JudgeInput {
  replicas: readonly SimReplica[]
  /** The payload position the altered replicas changed (undefined when none is altered). */
  alteredAt: number | undefined
  /** Payload positions in an order fixed by the unit alone (ringers first, then the real pixels by y, x), so that
   * a uniform draw over it is reproducible while the blinding's shuffle is not. */
  positions: readonly number[]
  minQuorum: number
  recomputeRate: number
  random: () => number
}

/** One verifier's judgement (judgement.ts planJudgement and decideJudgement, on digests only). */
export function judge (o: JudgeInput): SimJudgement {
  const honest = o.replicas.filter((r) => !r.banned && !r.altered)
  const altered = o.replicas.filter((r) => !r.banned && r.altered)
  const groups = [honest, altered].filter((g) => g.length > 0)
    .sort((a, b) => b.length - a.length || o.replicas.indexOf(a[0]) - o.replicas.indexOf(b[0]))
  const group = groups[0] !== undefined && groups[0].length >= o.minQuorum ? groups[0] : undefined
  // The sampling draw comes first, as in the verifier.
  let sampled: number | undefined
  if (group !== undefined && o.recomputeRate > 0 && o.random() < o.recomputeRate) {
    sampled = o.positions[Math.min(o.positions.length - 1, Math.floor(o.random() * o.positions.length))]
  }
  const disputed = groups.length > 1 ? o.alteredAt : undefined
  const chosen = [sampled, disputed].filter((k) => k !== undefined)
  const caught = o.alteredAt !== undefined && chosen.includes(o.alteredAt)
  const contradicted = caught ? altered.map((r) => r.instanceId) : []
  const samplingHit = caught && sampled === o.alteredAt && group === altered
  const ids = (rs: readonly SimReplica[]): string[] => rs.map((r) => r.instanceId)
  if (group !== undefined && !(group === altered && caught)) {
    return { agree: true, results: ids(group), contradicted, confirmed: [...new Set(chosen)], sampled, disputed, samplingHit }
  }
  return { agree: false, results: ids(o.replicas), contradicted, confirmed: [], sampled, disputed, samplingHit }
}
