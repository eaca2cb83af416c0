// Answers /pogs/verify/1.0.0: judges a unit's replicas and returns the verdict, which the protocol server signs
// (the coordinator keeps the signed response as provenance). Fetching the unit and its replicas has a request's
// time (REQUEST_TIMEOUT_MS); a sampled pixel's recomputation has what the unit's stated cost allows (capped:
// src/work/recompute-timeout.ts), after which the verdict goes without it.
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
import { recomputeTimeoutMs } from '../work/recompute-timeout.js'
import { decodeWorkUnit, type WorkUnit } from '../work/unit-payload.js'
import type { PixelResult } from '../work/unit-result.js'
import { disagreement, groupReplicas, quorumGroup } from './grouping.js'
import { REPLICA_REASONS, VERDICT_REASONS, type ReplicaReason } from './reasons.js'
import { recomputedDifference, recomputeWithin, samplePixel, shouldRecompute } from './recompute.js'
import { checkReplica, dedupeReplicas, type CheckedReplica, type GoodReplica } from './replica-check.js'

/** How one replica was judged (in the order the request listed them). */
export interface ReplicaJudgement {
  /** Absent when the replica names no instance of this unit (it does not open, or answers another unit). */
  instanceId?: string
  /** The volunteer's peer id, when the envelope opened. */
  signer?: string
  valid: boolean
  reason: ReplicaReason
  detail?: string
}

/** A verdict with what led to it: reported to the verifier's owner (the CLI prints it). */
export interface VerdictReport {
  /** The coordinator that asked. */
  peer: string
  verdict: Verdict
  replicas: ReplicaJudgement[]
  /** The pixel sampled for recomputation, if any, whether it was recomputed, and if not why: its libraries were not
   * held yet, or it took longer than the unit's stated cost allows. */
  sampled?: { x: number, y: number, recomputed: boolean, skipped?: 'libraries' | 'timeout' }
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
  /** Fits pixel k of the unit here; undefined when it cannot now (libraries not yet held). */
  recompute: (unit: WorkUnit, k: number, signal: AbortSignal) => Promise<PixelResult | undefined>
  tolerance?: number
  /** The fitting core `recompute` runs (default FIT_CORE_VERSION): only a group of that core is recomputed, since
   * another core's values may differ beyond the tolerance on purpose. */
  coreVersion?: number
  onVerdict?: (report: VerdictReport) => void
}

/** The verify protocol's handler. */
export function createVerifyHandler (c: VerifyHandlerComponents): RequestHandler<'verify'> {
  const tolerance = c.tolerance ?? RELATIVE_TOLERANCE
  return async (request, ctx) => {
    if (ctx.peer.toString() !== c.project) throw new NotAuthorizedError('only the project coordinator may ask for verdicts')
    const signal = ctx.signal
    // The protocol's own bound leaves room for a long recomputation; fetching has a request's time, as before.
    const loading = AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
    const unit = await loadUnit(c.helia, request, loading)
    const maxBytes = maxResultBytes(unit.pixels.length)
    const fetchResult = async (cid: CID, max: number, s: AbortSignal): Promise<Uint8Array> => await fetchBytes(c.helia, cid, max, { signal: s, provide: false })
    const checked = dedupeReplicas(await Promise.all(request.replicas.map(async (bytes) => await checkReplica(bytes, { unit, fetchResult, maxResultBytes: maxBytes, signal: loading }))))
    const { verdict, judged, sampled } = await judge(unit, checked, c, tolerance, signal)
    c.onVerdict?.({ peer: ctx.peer.toString(), verdict, replicas: judged, ...(sampled !== undefined ? { sampled } : {}) })
    return verdict
  }
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

/** Groups, applies the quorum, maybe recomputes a pixel, and says what became of each replica. */
async function judge (unit: WorkUnit, checked: CheckedReplica[], c: VerifyHandlerComponents, tolerance: number,
  signal: AbortSignal): Promise<{ verdict: Verdict, judged: ReplicaJudgement[], sampled?: VerdictReport['sampled'] }> {
  const good = checked.filter((r): r is GoodReplica => r.ok)
  const group = quorumGroup(groupReplicas(good, tolerance), c.quorum())
  // Malformed replicas are invalid whatever the others say; well-formed ones depend on the outcome.
  const malformed = checked.flatMap((r) => !r.ok && r.instanceId !== undefined ? [r.instanceId] : [])
  const fate = new Map<GoodReplica, { valid: boolean, reason: ReplicaReason, detail?: string }>()
  const report = (): ReplicaJudgement[] => checked.map((r) => r.ok
    ? { instanceId: r.instanceId, signer: r.signer, ...(fate.get(r) ?? { valid: false, reason: REPLICA_REASONS.UNDECIDED }) }
    : { ...(r.instanceId !== undefined ? { instanceId: r.instanceId } : {}), valid: false, reason: r.reason, detail: r.detail })
  const disagree = (reason: string, invalid: string[], recomputed: number): Verdict =>
    ({ unitId: unit.unitId, outcome: 'disagree', validInstances: [], invalidInstances: invalid, canonicalDigest: new Uint8Array(0), reason, recomputed })
  if (group === undefined) return { verdict: disagree(VERDICT_REASONS.NO_QUORUM, malformed, 0), judged: report() }

  const canonical = group.members[0]
  let recomputed = 0
  let sampled: VerdictReport['sampled']
  const ourCore = canonical.coreVersion === (c.coreVersion ?? FIT_CORE_VERSION)
  const k = ourCore && shouldRecompute(c.recomputeRate, c.random) ? samplePixel(canonical.result, c.random) : undefined
  if (k !== undefined) {
    const mine = await recomputeWithin(c.recompute, unit, k, signal, recomputeTimeoutMs(unit.estimatedPixelSeconds))
    sampled = { x: unit.pixels[k].x, y: unit.pixels[k].y, recomputed: 'pixel' in mine, ...('skipped' in mine ? { skipped: mine.skipped } : {}) }
    if ('pixel' in mine) {
      recomputed = 1
      const difference = recomputedDifference(canonical.result.pixels[k], mine.pixel, tolerance)
      if (difference !== undefined) {
        // The whole group vouched for what we could not reproduce; replicas outside it stay undecided.
        for (const r of group.members) fate.set(r, { valid: false, reason: REPLICA_REASONS.RECOMPUTE_MISMATCH, detail: difference })
        return { verdict: disagree(VERDICT_REASONS.RECOMPUTE_MISMATCH, [...group.members.map((r) => r.instanceId), ...malformed], recomputed), judged: report(), sampled }
      }
    }
  }
  const members = new Set(group.members)
  const outvoted = good.filter((r) => !members.has(r))
  for (const r of group.members) fate.set(r, { valid: true, reason: REPLICA_REASONS.AGREED })
  for (const r of outvoted) fate.set(r, { valid: false, reason: REPLICA_REASONS.OUTVOTED, detail: disagreement(group, r, tolerance) })
  return {
    verdict: {
      unitId: unit.unitId,
      outcome: 'agree',
      validInstances: group.members.map((r) => r.instanceId),
      invalidInstances: [...outvoted.map((r) => r.instanceId), ...malformed],
      canonicalDigest: canonical.digest,
      reason: group.reason,
      recomputed
    },
    judged: report(),
    ...(sampled !== undefined ? { sampled } : {})
  }
}
