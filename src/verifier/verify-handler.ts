// Answers /pogs/verify/1.0.0: judges a unit's replicas and returns the verdict, which the protocol server signs
// (the coordinator keeps the signed response as provenance). Fetching the unit and its replicas has a request's
// time (REQUEST_TIMEOUT_MS). A judgement that needs pixels recomputed never waits for them inside the request: it is
// queued and answered PENDING with an estimate, and the same replicas asked about again get the finished verdict
// (recompute-queue.ts).
import type { CID } from 'multiformats/cid'
import { FIT_CORE_VERSION } from '../fit/core-version.js'
import type { ContentHelia } from '../net/content.js'
import { ContentTooLargeError, NotAuthorizedError } from '../net/errors.js'
import { REQUEST_TIMEOUT_MS } from '../net/constants.js'
import { fetchBytes } from '../net/fetch-content.js'
import type { Verdict, VerifyRequest } from '../net/messages/index.js'
import type { RequestHandler } from '../net/request-response.js'
import { RELATIVE_TOLERANCE } from '../work/compare.js'
import { BadUnitError } from '../work/errors.js'
import { MAX_UNIT_PAYLOAD_BYTES, maxResultBytes } from '../work/limits.js'
import { decodeWorkUnit, type WorkUnit } from '../work/unit-payload.js'
import { decideJudgement, planJudgement, type JudgementPlan, type PixelRecomputation, type ReplicaJudgement } from './judgement.js'
import { VERDICT_REASONS } from './reasons.js'
import { verdictKey, type RecomputeQueue } from './recompute-queue.js'
import type { Recomputation } from './recompute.js'
import { checkReplica, dedupeReplicas } from './replica-check.js'
import { timeoutSignal } from '../util/timeout-signal.js'

export type { ReplicaJudgement } from './judgement.js'

/** A verdict with what led to it: reported to the verifier's owner (the CLI prints it) once it is final. */
export interface VerdictReport {
  /** The coordinator that asked. */
  peer: string
  verdict: Verdict
  replicas: ReplicaJudgement[]
  /** The pixel sampled for recomputation, if any, whether it was recomputed, and if not why: its libraries were not
   * held yet, or it took longer than the unit's stated cost allows. */
  sampled?: PixelRecomputation
  /** Pixels recomputed because groups of replicas differ on them (the first difference per group beyond the first). */
  disputed?: PixelRecomputation[]
}

/** What the verify handler needs. */
export interface VerifyHandlerComponents {
  helia: ContentHelia
  /** The project key: only its coordinator may ask, since each request makes us fetch content and maybe fit. */
  project: string
  /** Agreeing replicas a verdict needs (the manifest's min quorum), read per request. */
  quorum: () => number
  recomputeRate: number
  random: () => number
  /** Where judgements that need pixels recomputed wait, and their verdicts once finished. */
  queue: Pick<RecomputeQueue, 'finished' | 'estimate' | 'enqueue'>
  tolerance?: number
  /** The fitting core the queue's recomputations run (default FIT_CORE_VERSION): only replicas of that core are
   * recomputed and compared, since another core's values may differ beyond the tolerance on purpose. */
  coreVersion?: number
  onVerdict?: (report: VerdictReport) => void
  /** Whether the project's ban list names a replica's signing key (read per replica). */
  banned?: (publicKey: Uint8Array) => boolean
}

/** The verify protocol's handler. */
export function createVerifyHandler (c: VerifyHandlerComponents): RequestHandler<'verify'> {
  const tolerance = c.tolerance ?? RELATIVE_TOLERANCE
  return async (request, ctx) => {
    if (ctx.peer.toString() !== c.project) throw new NotAuthorizedError('only the project coordinator may ask for verdicts')
    const peer = ctx.peer.toString()
    const loading = AbortSignal.any([ctx.signal, timeoutSignal(REQUEST_TIMEOUT_MS)])
    const unit = await loadUnit(c.helia, request, loading)
    const maxBytes = maxResultBytes(unit.pixels.length)
    const fetchResult = async (cid: CID, max: number, s: AbortSignal): Promise<Uint8Array> => await fetchBytes(c.helia, cid, max, { signal: s, provide: false })
    const checked = dedupeReplicas(await Promise.all(request.replicas.map(async (bytes) => await checkReplica(bytes, { unit, fetchResult, maxResultBytes: maxBytes, signal: loading, banned: c.banned }))))
    // From here on nothing awaits: two requests for the same replicas cannot both queue them.
    const key = verdictKey(unit.unitId, checked)
    const finished = c.queue.finished(key)
    if (finished !== undefined) return finished
    const waiting = c.queue.estimate(key)
    if (waiting !== undefined) return pending(unit.unitId, waiting)
    const plan = planJudgement(unit, checked, { quorum: c.quorum(), coreVersion: c.coreVersion ?? FIT_CORE_VERSION, recomputeRate: c.recomputeRate, random: c.random, tolerance })
    const finish = finisher(plan, peer, tolerance, c.onVerdict)
    if (plan.pixels.length === 0) return finish([])
    // Only the chosen pixels of the unit wait in the queue, not the whole payload.
    const retryAfterS = c.queue.enqueue({ key, unit: { ...unit, pixels: plan.pixels.map((p) => unit.pixels[p.k]) }, finish })
    return pending(unit.unitId, retryAfterS)
  }
}

/** Makes the verdict from the plan and its recomputations, and reports it. A function of its own so that a queued
 * job holds the plan alone, not the request's payload and replicas. */
function finisher (plan: JudgementPlan, peer: string, tolerance: number, onVerdict: VerifyHandlerComponents['onVerdict']): (outcomes: Recomputation[]) => Verdict {
  return (outcomes) => {
    const { verdict, judged, recomputations } = decideJudgement(plan, outcomes, tolerance)
    onVerdict?.({ peer, verdict, replicas: judged, ...pixelReports(plan, recomputations) })
    return verdict
  }
}

/** The answer while a request's pixels are recomputed: ask again after `retryAfterS`. */
function pending (unitId: string, retryAfterS: number): Verdict {
  return { unitId, outcome: 'pending', validInstances: [], invalidInstances: [], canonicalDigest: new Uint8Array(0), reason: VERDICT_REASONS.RECOMPUTING, recomputed: 0, retryAfterS }
}

/** The sampled and disputed pixels' fates, for the report. */
function pixelReports (plan: JudgementPlan, recomputations: PixelRecomputation[]): Pick<VerdictReport, 'sampled' | 'disputed'> {
  const sampled = recomputations.find((_, j) => plan.pixels[j].why === 'sampled')
  const disputed = recomputations.filter((_, j) => plan.pixels[j].why === 'disputed')
  return { ...(sampled !== undefined ? { sampled } : {}), ...(disputed.length > 0 ? { disputed } : {}) }
}

/** The unit payload, inline or by CID, checked to be the unit the request names; BadUnitError when it cannot be. */
async function loadUnit (helia: ContentHelia, request: VerifyRequest, signal: AbortSignal): Promise<WorkUnit> {
  // The request decoder guarantees one of unit and unitCid; an inline unit is bounded by the request's frame.
  const bytes = request.unit ?? await fetchUnit(helia, request.unitCid as CID, signal)
  const unit = decodeWorkUnit(bytes)
  if (unit.unitId !== request.unitId) throw new BadUnitError(`the payload is unit ${JSON.stringify(unit.unitId.slice(0, 64))}, not the one asked about`)
  return unit
}

async function fetchUnit (helia: ContentHelia, cid: CID, signal: AbortSignal): Promise<Uint8Array> {
  try {
    return await fetchBytes(helia, cid, MAX_UNIT_PAYLOAD_BYTES, { signal, provide: false })
  } catch (err) {
    // A unit larger than any a coordinator cuts is a bad unit (the coordinator is told ERR_BAD_UNIT).
    if (err instanceof ContentTooLargeError) throw new BadUnitError(`unit ${cid.toString()} is larger than ${MAX_UNIT_PAYLOAD_BYTES} bytes`, { cause: err })
    throw err
  }
}
