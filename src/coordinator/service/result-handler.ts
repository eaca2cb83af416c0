// /pogs/result/1.0.0: a volunteer returns an instance. Cheap checks first (the instance exists, belongs to the named
// unit and to the signer, the nonce is the instance's), then the content: inline or fetched by CID from the
// volunteer (bounded by what the unit's pixels can need), hashed against the signed digest, decoded, required to
// be canonical and to answer the unit. Only then is it recorded, with the volunteer's whole signed envelope, which
// verifiers receive byte for byte. Refusals are acks with accepted = false and the code as reason; nothing is
// recorded for them. A repeat of a recorded result is accepted again (the store says `duplicate`).
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'
import { addBytes, type ContentHelia } from '../../net/content.js'
import { ContentError } from '../../net/errors.js'
import type { ResultSubmission } from '../../net/messages/index.js'
import type { RequestContext, RequestHandler } from '../../net/request-response.js'
import { PogsError } from '../../util/errors.js'
import { fetchBytes } from '../../work/library-cache.js'
import { checkAnswersUnit, decodeUnitResult, digestOf, encodeUnitResult } from '../../work/unit-result.js'
import { BadResultError } from '../../work/errors.js'
import { NotAssignedError, UnknownInstanceError, type SubmitOutcome, type WorkStore } from '../lifecycle/index.js'
import { MAX_INLINE_RESULT_BYTES, MAX_RESULT_BYTES, MAX_RESULT_BYTES_PER_PIXEL, RESULT_BYTES_SLACK } from './constants.js'
import { DigestMismatchError, NonceMismatchError, ResultTooLargeError } from './errors.js'
import type { CoordinatorEmitter } from './events.js'
import type { Nonces } from './nonces.js'
import type { UnitCache } from './unit-cache.js'

/** What the result handler needs. */
export interface ResultHandlerComponents {
  store: Pick<WorkStore, 'findInstance' | 'unitInfo' | 'submitResult' | 'submitError'>
  helia: ContentHelia
  nonces: Nonces
  units: UnitCache
  events: CoordinatorEmitter
  /** Called after a result or error report is recorded, with the unit's state now (a round may be due, or the unit was abandoned). */
  onRecorded: (unitId: string, unitState: string) => void
}

export function createResultHandler (c: ResultHandlerComponents): RequestHandler<'result'> {
  const fetches = new SingleFlight<Uint8Array>()
  return async (req, ctx) => {
    const peer = ctx.peer.toString()
    const ack = { unitId: req.unitId, instanceId: req.instanceId }
    let outcome: SubmitOutcome
    try {
      outcome = await record(c, req, ctx, fetches)
    } catch (err) {
      if (!(err instanceof PogsError)) throw err
      c.events.emit('rejected', { source: 'network', peer, protocol: 'result', code: err.code })
      return { ...ack, accepted: false, reason: err.code }
    }
    c.events.emit('result', { peer, ...ack, status: outcome.status, error: req.errorCode !== 0, unitState: outcome.unitState })
    c.onRecorded(req.unitId, outcome.unitState)
    return { ...ack, accepted: true, reason: '' }
  }
}

async function record (c: ResultHandlerComponents, req: ResultSubmission, ctx: RequestContext, fetches: SingleFlight<Uint8Array>): Promise<SubmitOutcome> {
  const volunteer = ctx.envelope.publicKey
  const inst = c.store.findInstance(req.instanceId)
  if (inst === undefined || inst.unit_id !== req.unitId) throw new UnknownInstanceError(req.instanceId)
  if (!Buffer.from(inst.volunteer).equals(Buffer.from(volunteer))) throw new NotAssignedError(req.instanceId)
  if (!c.nonces.matches(req.instanceId, req.nonce)) throw new NonceMismatchError(req.instanceId)
  if (req.errorCode !== 0) {
    return c.store.submitError({ instanceId: req.instanceId, volunteer, reason: `volunteer error code ${req.errorCode}` })
  }
  const info = c.store.unitInfo(req.unitId)
  if (info === undefined) throw new UnknownInstanceError(req.instanceId)
  const maxBytes = Math.min(MAX_RESULT_BYTES, RESULT_BYTES_SLACK + info.pixels * MAX_RESULT_BYTES_PER_PIXEL)
  const check = async (bytes: Uint8Array): Promise<void> => {
    if (!Buffer.from(digestOf(bytes)).equals(Buffer.from(req.digest))) throw new DigestMismatchError()
    const result = decodeUnitResult(bytes)
    // Canonical bytes only, so that equal results have equal digests (verifiers compare digests first).
    if (!Buffer.from(encodeUnitResult(result)).equals(Buffer.from(bytes))) throw new BadResultError('the result is not in canonical encoding')
    checkAnswersUnit(await c.units.get(req.unitId, info.payloadCid, { signal: ctx.signal }), result)
  }
  let resultCid: string
  let size: number
  if (req.result !== undefined) {
    if (req.result.length > MAX_INLINE_RESULT_BYTES) throw new ResultTooLargeError(`inline results are limited to ${MAX_INLINE_RESULT_BYTES} bytes: send it as result_cid`)
    await check(req.result)
    resultCid = (await addBytes(c.helia, req.result, { signal: ctx.signal, provide: false })).toString()
    size = req.result.length
  } else {
    const cid = req.resultCid as CID
    const held = await c.helia.pins.isPinned(cid, { signal: ctx.signal })
    try {
      // Equal replicas name the same CID and often arrive together: one fetch serves both. Two bitswap fetches of
      // one CID at once left the second waiting for a block the first had already stored (seen in the demo: a
      // 30 s timeout).
      const bytes = await fetches.run(`${cid.toString()}/${maxBytes}`, async () => await fetchResult(c.helia, cid, maxBytes, ctx.signal))
      await check(bytes)
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
  return c.store.submitResult({ instanceId: req.instanceId, volunteer, digest: req.digest, resultCid, size, signature: ctx.envelope.bytes, claim })
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
    return await fetchBytes(helia, cid.toString(), maxBytes, { signal, provide: false })
  } catch (err) {
    if (err instanceof PogsError && err.code === 'ERR_BAD_UNIT') throw new ResultTooLargeError(`the result is larger than the unit allows (${maxBytes} bytes)`)
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
