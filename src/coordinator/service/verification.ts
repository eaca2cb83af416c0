// The verification pass: every unit in a verification round goes to each manifest verifier that has not voted on
// the round yet, with the round's replicas as the volunteers' own signed envelopes, the unit's payload CID and its
// library CIDs, waiting an ordinary request's time. Each signed verdict is recorded with the verifier's response
// envelope as its signature; a verifier still recomputing pixels answers PENDING and is asked again after the time
// it states (docs/verifier.md#pending-verdicts); a verifier that is down or answers unusably is asked again later
// (backoff), the others are not held up. While a verifier is asked, and while it recomputes, it holds the round
// open (docs/work-lifecycle.md#holds): the others' agreement does not verify the unit before it has answered.
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import { RemoteError } from '../../net/errors.js'
import { request } from '../../net/request-response.js'
import { isErrorCode, type ErrorCode } from '../../util/error-codes.js'
import { PogsError } from '../../util/errors.js'
import type { BanOutcome, BanReason, ResultView, UnitResults, VerdictOutcome, WorkStore } from '../lifecycle/index.js'
import { runLimited, type Backoff } from './backoff.js'
import { HOLD_GRACE_MS, MAX_PENDING_WAIT_MS, PASS_BATCH } from './constants.js'
import { REQUEST_TIMEOUT_MS } from '../../net/constants.js'
import type { CoordinatorEmitter } from './events.js'
import type { ProjectRuns } from './runs.js'
import { peerIdOfKey, type KeyedPeer } from './peers.js'

/** What verification needs. */
export interface VerificationComponents {
  store: Pick<WorkStore, 'awaitingVerification' | 'resultEnvelopes' | 'votedVerifiers' | 'recordVerdict' | 'unitInfo' | 'holdRound' | 'releaseHold'>
  libp2p: Pick<Libp2p, 'dial'>
  privateKey: PrivateKey
  runs: ProjectRuns
  verifiers: KeyedPeer[]
  events: CoordinatorEmitter
  backoff: Backoff
  concurrency: number
  signal: AbortSignal
  /** A unit was verified (assimilation is due). */
  onVerified: () => void
  /** A verdict changed a unit's fate otherwise (disagreement: it may have been abandoned at its limits). */
  onSettled: (unitId: string) => void
  /** The verdict completed a verifier quorum of contradictions against a key: it is banned (docs/work-lifecycle.md#revocation). */
  onBanned: (peer: string, reason: BanReason, ban: BanOutcome) => void
}

/** A verdict that does not answer the request it was sent for. */
class WrongVerdictError extends PogsError {
  constructor (message: string) {
    super('ERR_WRONG_VERDICT', message)
  }
}

/** Asks every missing verifier about every unit in a round (one pass). */
export async function verificationPass (c: VerificationComponents): Promise<void> {
  // Nobody to ask (a coordinator started without --verifier): results wait; do not scan the rounds for nothing.
  if (c.verifiers.length === 0) return
  const tasks: Array<() => Promise<void>> = []
  for (const unit of c.store.awaitingVerification(PASS_BATCH)) {
    // The round's replicas: every result a round has included, but for those a ban revoked (before the unit is
    // verified, only a revocation makes a result invalid): a liar's replica judged again could tie with the honest
    // ones and spoil the round (seen in the demo's Sybil run). Results that arrived during the round wait for the next.
    const replicas = unit.results.filter((r) => r.round !== null && r.validity !== 'invalid')
    if (replicas.length === 0) continue
    const voted = new Set(c.store.votedVerifiers(unit.unitId, unit.round).map((k) => k.toString('hex')))
    for (const v of c.verifiers) {
      if (voted.has(Buffer.from(v.key).toString('hex'))) continue
      const key = `${unit.unitId}#${unit.round}#${v.id.toString()}`
      if (!c.backoff.due(key)) continue
      tasks.push(async () => { await askVerifier(c, unit, replicas, v, key) })
    }
  }
  await runLimited(tasks, c.concurrency)
}

async function askVerifier (c: VerificationComponents, unit: UnitResults, replicas: ResultView[], v: KeyedPeer, key: string): Promise<void> {
  const verifier = v.id.toString()
  const hold = { unitId: unit.unitId, round: unit.round, verifier: v.key }
  try {
    const info = c.store.unitInfo(unit.unitId)
    if (info === undefined) return
    // Held for the request's time: its answer may be a contradiction the others' agreement must not outrun.
    if (!c.store.holdRound(hold, REQUEST_TIMEOUT_MS + HOLD_GRACE_MS)) return
    const pair = c.runs.of(info.galaxy).pairFor(info.galaxy.redshift)
    // An ordinary request's time: a verifier never recomputes inside the request (it answers PENDING).
    const { body, envelope } = await request(c.libp2p, v.id, 'verify', {
      unitId: unit.unitId,
      unitCid: CID.parse(unit.payloadCid),
      replicas: c.store.resultEnvelopes(replicas.map((r) => r.instanceId)),
      libraryCids: [CID.parse(pair.optical.cid), CID.parse(pair.infrared.cid)]
    }, { privateKey: c.privateKey, signal: c.signal })
    if (body.unitId !== unit.unitId) throw new WrongVerdictError('the verdict names another unit')
    if (body.outcome === 'pending') {
      // Not a failure and not a verdict: ask again with the same replicas once the verifier expects to be done
      // (at least a second, at most what a verifier that is down waits: a stated wait cannot park the unit).
      const retryAfterS = body.retryAfterS ?? 0
      const waitMs = Math.min(MAX_PENDING_WAIT_MS, Math.max(1_000, retryAfterS * 1000))
      c.backoff.after(key, waitMs)
      // Held until it can have answered the next time it is asked.
      c.store.holdRound(hold, waitMs + REQUEST_TIMEOUT_MS + HOLD_GRACE_MS)
      c.events.emit('verify-pending', { verifier, unitId: unit.unitId, retryAfterS })
      return
    }
    const agree = body.outcome === 'agree'
    const outcome = c.store.recordVerdict({
      unitId: unit.unitId,
      round: unit.round,
      verifier: v.key,
      agree,
      // Agreement names the results that agree; disagreement covers every replica the verifier was sent.
      results: agree ? body.validInstances : replicas.map((r) => r.instanceId),
      // Replicas the verifier's own recomputation contradicted (what the store makes of them: work-lifecycle.md).
      contradicted: body.contradictedInstances,
      // Payload positions its recomputation confirmed: known answers once the unit is assimilated (ringers).
      ...(agree && body.confirmedPixels !== undefined ? { confirmed: body.confirmedPixels } : {}),
      signature: envelope.bytes
    })
    c.backoff.succeeded(key)
    c.events.emit('verdict', { verifier, unitId: unit.unitId, round: unit.round, agree, reason: body.reason, effect: outcome.effect })
    for (const b of outcome.banned) c.onBanned(peerIdOfKey(b.key), 'recompute_mismatch', b.ban)
    settle(c, unit.unitId, outcome.effect)
  } catch (err) {
    if (c.signal.aborted) return
    // No answer this time: the round no longer waits for this verifier (it is asked again later, and may hold again).
    settle(c, unit.unitId, c.store.releaseHold(hold))
    // Anything not ours is the transport's (the verifier is down or unreachable): it is asked again later.
    const code = err instanceof RemoteError ? err.remoteCode : err instanceof PogsError ? err.code : 'ERR_UNREACHABLE' satisfies ErrorCode
    // The round was decided by the others while this verifier thought: nothing to retry.
    const now = c.store.unitInfo(unit.unitId)
    if (isErrorCode(code) && code === 'ERR_STALE_VERDICT' && (now?.state !== 'returned' || now.round !== unit.round)) return
    c.backoff.failed(key)
    c.events.emit('verify-failed', { verifier, unitId: unit.unitId, code })
  }
}

/** Passes a decided round on: assimilation for a verified unit, the unit's fate for a disagreement. */
function settle (c: VerificationComponents, unitId: string, effect: VerdictOutcome['effect'] | undefined): void {
  if (effect === 'verified') c.onVerified()
  if (effect === 'disagreement') c.onSettled(unitId)
}
