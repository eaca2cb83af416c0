// /pogs/result/1.0.0 and /pogs/result-batch/1.0.0: a volunteer returns instances, one per request or several at
// once (each still its own signed envelope). Cheap checks first (the instance exists, belongs to the named unit and
// to the signer, the nonce is the instance's), then the content: inline or fetched by CID from the volunteer
// (bounded by what the unit's pixels can need), hashed against the signed digest, decoded, required to be
// canonical and to answer the unit. Only then is it recorded, with the volunteer's whole signed envelope (in the
// store's envelope log), which verifiers receive byte for byte; everything that arrived in one request is recorded
// in one transaction. Refusals are acks with accepted = false and the code as reason; nothing is recorded for
// them: among them a pogs older than the project accepts (ERR_VERSION_TOO_OLD) and a result of another fitting-core
// version than its instance was assigned to (ERR_CORE_VERSION_MISMATCH). A repeat of a recorded result is accepted
// again (the store says `duplicate`). Content that its signer provably got wrong (it does not hash to the signed
// digest, does not decode canonically, or does not answer the unit: the signature covers the digest, and the CID or
// the inline bytes fix the content) bans the key (docs/work-lifecycle.md#revocation); a fetch that fails or times
// out proves nothing and bans nobody. A unit's ringers (known-answer pixels) are compared with the result's answers
// here too, before anything is recorded (ringer-check.ts): a wrong one refuses the result (ERR_WRONG_RINGER) and bans
// the key (reason wrong_ringer).
//
// An inline result is not added to Helia here: its signed envelope (kept in the envelope log) holds its bytes,
// and its CID is the raw-leaf CID of its digest, the CID a volunteer's UnixFS add gives content of that size.
// Assimilation adds the unit's valid result to Helia (one add per unit, off the request path).
import { setMaxListeners } from 'node:events'
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import { CID } from 'multiformats/cid'
import { Envelope } from '../../../protocols/envelope.js'
import type { ContentHelia } from '../../net/content.js'
import { ContentError, ContentTooLargeError, SignerMismatchError } from '../../net/errors.js'
import { fetchBytes } from '../../net/fetch-content.js'
import { MAX_BATCH_RESULTS, MESSAGE_CODECS, type ResultAck } from '../../net/messages/index.js'
import type { ReplayGuard } from '../../net/replay-guard.js'
import type { RequestContext, RequestHandler } from '../../net/request-response.js'
import { requireVersion } from '../../util/app-version.js'
import { PogsError } from '../../util/errors.js'
import { checkShapeAnswersUnit, decodeCanonicalShape, digestOf, inlineResultCid, outlineOf, type UnitOutline } from '../../work/unit-result.js'
import { BadResultError } from '../../work/errors.js'
import { maxResultBytes } from '../../work/limits.js'
import {
  CoreVersionMismatchError, NotAssignedError, UnknownInstanceError, type BanOutcome, type BanReason, type RingerAnswer, type Submission, type SubmitOutcome,
  type WorkStore
} from '../lifecycle/index.js'
import { DigestMismatchError, NonceMismatchError, ResultTooLargeError } from './errors.js'
import { checkInline, fieldsOf, type InlineCheck, type SubmissionFields } from './result-check.js'
import type { ResultCheckPool } from './result-check-pool.js'
import { checkRingers } from './ringer-check.js'
import type { CoordinatorEmitter } from './events.js'
import type { Nonces } from './nonces.js'
import type { UnitCache } from './unit-cache.js'

/** What the result handlers need. */
export interface ResultHandlerComponents {
  store: Pick<WorkStore, 'findInstance' | 'unitInfo' | 'unitOutline' | 'logEnvelopes' | 'submitMany' | 'banKey'>
  helia: ContentHelia
  nonces: Nonces
  /** Payloads of units cut before their outline was recorded (schema 3). */
  units: UnitCache
  events: CoordinatorEmitter
  /** Called after a result or error report is recorded, with the unit's state now (a round may be due, or the unit was abandoned). */
  onRecorded: (unitId: string, unitState: string) => void
  /** The lowest pogs version the project accepts (the manifest's). */
  minAppVersion: string
  /** A key was banned for content it provably got wrong. */
  onBanned: (peer: string, reason: BanReason, outcome: BanOutcome) => void
}

/** Refusals that prove the signer wrong once the content is in hand, with the reason its key is banned for. */
const PROVEN_CODES: ReadonlyMap<string, BanReason> = new Map([
  ['ERR_DIGEST_MISMATCH', 'bad_result'], ['ERR_RESULT_DECODE', 'bad_result'], ['ERR_BAD_RESULT', 'bad_result'], ['ERR_RESULT_MISMATCH', 'bad_result'],
  ['ERR_WRONG_RINGER', 'wrong_ringer']
])

/** A refusal for content the signer provably got wrong (its code and message are the refusal's own). */
class ProvenBadResultError extends PogsError {
  constructor (readonly instanceId: string, readonly reason: BanReason, err: PogsError) {
    super(err.code, err.message, { cause: err })
  }
}

/** Runs content checks; a refusal with a PROVEN_CODES code becomes a ProvenBadResultError. */
function proving<T> (instanceId: string, check: () => T): T {
  try {
    return check()
  } catch (err) {
    const reason = err instanceof PogsError ? PROVEN_CODES.get(err.code) : undefined
    if (reason !== undefined) throw new ProvenBadResultError(instanceId, reason, err as PogsError)
    throw err
  }
}

/** Abort listeners one result's checks may add to its request's signal (unit cache, content fetch, pin check). */
const SIGNAL_LISTENERS_PER_RESULT = 4

/** A submission opened (its inline content checked already); `inlineBytes` reads the inline result again (for a
 * unit with ringers: ringer-check.ts). */
interface Opened { fields: SubmissionFields, publicKey: Uint8Array, envelope: Uint8Array, inline?: InlineCheck, inlineBytes?: () => Uint8Array | undefined }
/** A submission as received: opened, or refused already. */
type Received = Opened | { refused: PogsError }

/** The handler of /pogs/result/1.0.0 (one result per request, checked on this thread). */
export function createResultHandler (c: ResultHandlerComponents): RequestHandler<'result'> {
  const fetches = new SingleFlight<Uint8Array>()
  return async (req, ctx) => {
    const received: Received = {
      fields: fieldsOf(req),
      publicKey: ctx.envelope.publicKey,
      envelope: ctx.envelope.bytes,
      ...(req.result !== undefined ? { inline: checkInline(req.result, req.digest), inlineBytes: () => req.result } : {})
    }
    return (await answer(c, [received], ctx, fetches))[0]
  }
}

/**
 * The handler of /pogs/result-batch/1.0.0. Each element is opened (on the pool's threads) as a request of its own
 * would be: its signature and content there; its signer (the connected peer's key), freshness and id (the replay
 * guard the servers share) here.
 */
export function createResultBatchHandler (c: ResultHandlerComponents & { replayGuard: ReplayGuard, checker: ResultCheckPool }): RequestHandler<'result-batch'> {
  const fetches = new SingleFlight<Uint8Array>()
  return async (batch, ctx) => {
    // Every element's checks run at once and each may listen on the request's signal.
    setMaxListeners(SIGNAL_LISTENERS_PER_RESULT * MAX_BATCH_RESULTS, ctx.signal)
    const peer = ctx.peer.toString()
    const received = (await c.checker.open(batch.results)).map((o, k): Received => {
      try {
        if (!o.ok) throw new PogsError(o.refused.code, o.refused.message)
        if (o.signer !== peer) throw new SignerMismatchError('a batched result is signed by another key than the connected peer\'s')
        c.replayGuard.check(o.publicKey, o.id, o.timestampMs)
        const envelope = batch.results[k]
        // The worker verified the envelope; reading its inline result again needs no second signature check.
        const inlineBytes = (): Uint8Array | undefined => MESSAGE_CODECS.result.decode(Envelope.decode(envelope).payload).result
        return { fields: o.fields, publicKey: o.publicKey, envelope, ...(o.inline !== undefined ? { inline: o.inline, inlineBytes } : {}) }
      } catch (err) {
        if (!(err instanceof PogsError)) throw err
        return { refused: err }
      }
    })
    return { acks: await answer(c, received, ctx, fetches) }
  }
}

/** Checks each submission, records those that pass in one transaction, and answers each in order. */
async function answer (c: ResultHandlerComponents, received: readonly Received[], ctx: RequestContext, fetches: SingleFlight<Uint8Array>): Promise<ResultAck[]> {
  const peer = ctx.peer.toString()
  const checked = await Promise.all(received.map(async (r): Promise<Submission | PogsError> => {
    if ('refused' in r) return r.refused
    try {
      return await prepare(c, r, ctx.signal, fetches)
    } catch (err) {
      if (!(err instanceof PogsError)) throw err
      return err
    }
  }))
  for (const [k, s] of checked.entries()) {
    if (!(s instanceof ProvenBadResultError)) continue
    const key = (received[k] as Opened).publicKey
    const outcome = c.store.banKey({ key, reason: s.reason, detail: `instance ${s.instanceId}: ${s.code}: ${s.message}` })
    if (outcome.status === 'banned') c.onBanned(peer, s.reason, outcome)
  }
  const toRecord = checked.filter((s): s is Submission => !(s instanceof PogsError))
  // The envelopes are durable in their log before the rows that name them are written.
  const recorded = toRecord.length > 0 ? c.store.submitMany(await c.store.logEnvelopes(toRecord)) : []
  let next = 0
  return received.map((r, k): ResultAck => {
    const ids = 'fields' in r ? { unitId: r.fields.unitId, instanceId: r.fields.instanceId } : { unitId: '', instanceId: '' }
    const check = checked[k]
    const outcome: SubmitOutcome | PogsError = check instanceof PogsError ? check : recorded[next++]
    if (outcome instanceof PogsError) {
      c.events.emit('rejected', { source: 'network', peer, protocol: 'result', code: outcome.code })
      return { ...ids, accepted: false, reason: outcome.code }
    }
    const fields = (r as { fields: SubmissionFields }).fields
    c.events.emit('result', { peer, ...ids, status: outcome.status, error: fields.errorCode !== 0, unitState: outcome.unitState })
    c.onRecorded(fields.unitId, outcome.unitState)
    return { ...ids, accepted: true, reason: '' }
  })
}

/** Everything short of recording: the checks of the file comment, in that order. Returns what the store records. */
async function prepare (c: ResultHandlerComponents, r: Opened, signal: AbortSignal, fetches: SingleFlight<Uint8Array>): Promise<Submission> {
  const req = r.fields
  const volunteer = r.publicKey
  requireVersion(c.minAppVersion, req.appVersion, 'the volunteer\'s pogs')
  const inst = c.store.findInstance(req.instanceId)
  if (inst === undefined || inst.unit_id !== req.unitId) throw new UnknownInstanceError(req.instanceId)
  if (!Buffer.from(inst.volunteer).equals(Buffer.from(volunteer))) throw new NotAssignedError(req.instanceId)
  if (!c.nonces.matches(req.instanceId, req.nonce)) throw new NonceMismatchError(req.instanceId)
  // An error report carries no result to compare: whatever core the volunteer runs now, it only frees the instance.
  if (req.errorCode !== 0) {
    return { error: { instanceId: req.instanceId, volunteer, reason: `volunteer error code ${req.errorCode}` } }
  }
  // Before any content is fetched (the store checks again, in the recording transaction).
  if (inst.core_version !== null && inst.core_version !== req.coreVersion) throw new CoreVersionMismatchError(req.instanceId, inst.core_version, req.coreVersion)
  // What the result must answer: from the database (no payload read per result), or the payload of an older unit.
  let unit: UnitOutline & { ringers?: RingerAnswer[] } | undefined = c.store.unitOutline(req.unitId)
  if (unit === undefined) {
    const info = c.store.unitInfo(req.unitId)
    if (info === undefined) throw new UnknownInstanceError(req.instanceId)
    unit = outlineOf(await c.units.get(req.unitId, info.payloadCid, { signal }))
  }
  let resultCid: string
  let size: number
  if (r.inline !== undefined) {
    const inline = r.inline
    const ringers = unit.ringers
    proving(req.instanceId, () => {
      if ('refused' in inline) throw new PogsError(inline.refused.code, inline.refused.message)
      checkShapeAnswersUnit(unit, inline.shape)
      if (ringers !== undefined) checkRingers(ringers, inline.shape, req.coreVersion, () => r.inlineBytes?.())
    })
    resultCid = inlineResultCid(req.digest).toString()
    size = r.inline.size
  } else {
    const maxBytes = maxResultBytes(unit.pixels.length)
    const cid = CID.parse(req.resultCid as string)
    const held = await c.helia.pins.isPinned(cid, { signal })
    try {
      // Equal replicas name the same CID and often arrive together: one fetch serves both. Two bitswap fetches of
      // one CID at once left the second waiting for a block the first had already stored (seen in the demo: a
      // 30 s timeout).
      const bytes = await fetches.run(`${cid.toString()}/${maxBytes}`, async () => await fetchResult(c.helia, cid, maxBytes, signal))
      proving(req.instanceId, () => {
        if (!Buffer.from(digestOf(bytes)).equals(Buffer.from(req.digest))) throw new DigestMismatchError()
        // Canonical bytes only, so that equal results have equal digests (verifiers compare digests first).
        const { shape } = decodeCanonicalShape(bytes)
        checkShapeAnswersUnit(unit, shape)
        if (unit.ringers !== undefined) checkRingers(unit.ringers, shape, req.coreVersion, () => bytes)
      })
      size = bytes.length
    } catch (err) {
      // Do not keep what we refused (unless it was ours already, e.g. an equal replica's content).
      if (!held) await unpin(c.helia, cid)
      throw err
    }
    resultCid = cid.toString()
  }
  // One transaction (one WAL commit) for the result and the identity it claims.
  const claim = { name: req.volunteerName === '' ? null : req.volunteerName, team: req.team === '' ? null : req.team }
  return { result: { instanceId: req.instanceId, volunteer, digest: req.digest, resultCid, size, signature: r.envelope, claim, coreVersion: req.coreVersion } }
}

/** Runs at most one task per key at a time; callers with the same key while it runs share its outcome. */
class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>()

  async run (key: string, task: () => Promise<T>): Promise<T> {
    const current = this.running.get(key)
    if (current !== undefined) return await current
    const started = task().finally(() => { this.running.delete(key) })
    this.running.set(key, started)
    return await started
  }
}

/** Fetches result content, refusing it before the download when its root says it is larger than `maxBytes`. */
async function fetchResult (helia: ContentHelia, cid: CID, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  let stat
  try {
    stat = await unixfs(helia as Helia).stat(cid, { signal })
  } catch (err) {
    if (signal.aborted) throw new ContentError(`cannot fetch result ${cid.toString()} in time`, { cause: err })
    throw new BadResultError(`result ${cid.toString()} is not readable UnixFS content`, { cause: err })
  }
  if (Number(stat.size) > maxBytes) throw new ResultTooLargeError(`the result has ${stat.size} bytes; the unit allows ${maxBytes}`)
  try {
    return await fetchBytes(helia, cid, maxBytes, { signal, provide: false })
  } catch (err) {
    // The root may understate the size: the download stops at the bound, and the volunteer hears the same refusal.
    if (err instanceof ContentTooLargeError) throw new ResultTooLargeError(`the result is larger than the unit allows (${maxBytes} bytes)`)
    throw err
  }
}

async function unpin (helia: ContentHelia, cid: CID): Promise<void> {
  try {
    for await (const _ of helia.pins.rm(cid)) { /* each yielded CID is one block unpinned */ }
  } catch {
    // not pinned after all
  }
}
