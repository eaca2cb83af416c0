// The outbox: fitted results and error reports, submitted oldest first and kept (on disk, with their content
// pinned) until the coordinator answers. Everything due goes in batches over /pogs/result-batch/1.0.0 (as a BOINC
// client reports all its finished tasks in one scheduler request), results up to MAX_INLINE_RESULT_BYTES inline
// (the coordinator need not fetch them), larger ones by CID; a coordinator without the batch protocol gets them
// one by one over /pogs/result/1.0.0. An acknowledgement ends an item; a refusal that retrying cannot change drops
// it; an unreachable or busy coordinator is retried with backoff, without limit.
import { CID } from 'multiformats/cid'
import { MAX_BATCH_RESULTS, MAX_INLINE_RESULT_BYTES, type ResultAck, type ResultSubmission } from '../net/messages/index.js'
import { RemoteError, UnsupportedVersionError } from '../net/errors.js'
import { FIT_CORE_VERSION } from '../fit/core-version.js'
import { appVersion } from '../util/app-version.js'
import type { ErrorCode } from '../util/error-codes.js'
import { MAX_UNKNOWN_REFUSALS, PERMANENT_REFUSALS, RETRY_MAX_MS, RETRY_MIN_MS, TRANSIENT_REFUSALS } from './constants.js'
import { codeOf, type CoordinatorLink } from './coordinator-link.js'
import type { VolunteerEventListener } from './events.js'
import type { Janitor } from './janitor.js'
import { itemRef, UNRECORDED_CORE_VERSION, type QueueItem } from './queue-item.js'
import type { QueueStore } from './queue-store.js'
import { backoffMs, Waker } from './waker.js'

export interface SubmitterComponents {
  link: Pick<CoordinatorLink, 'submit' | 'submitBatch'>
  /** A result's bytes from the local blockstore when it has at most `maxBytes`, else undefined (sent by CID). */
  readResult: (cid: string, maxBytes: number) => Promise<Uint8Array | undefined>
  queue: QueueStore
  janitor: Janitor
  emit: VolunteerEventListener
  now: () => number
}

export interface SubmitterInit {
  volunteerName: string
  team: string
  retry?: { minMs: number, maxMs: number }
}

/** What one submission came to. */
type Outcome = 'done' | { retry: string }

export class Submitter {
  readonly waker = new Waker()
  private failures = 0
  private nextMs = 0
  /** Set once the coordinator turned out not to speak /pogs/result-batch/1.0.0. */
  private batchless = false

  constructor (private readonly components: SubmitterComponents, private readonly init: SubmitterInit) {}

  /** The coordinator is reachable again: submit now rather than at the end of the backoff. */
  reconnected (): void {
    this.nextMs = 0
    // It may be another coordinator build now: try batches again.
    this.batchless = false
    this.waker.wake()
  }

  async run (signal: AbortSignal): Promise<void> {
    const { queue, now } = this.components
    while (!signal.aborted) {
      const due = queue.list('fitted', 'failed').sort((a, b) => a.receivedMs - b.receivedMs)
      if (due.length === 0 || now() < this.nextMs) {
        await this.waker.wait(due.length === 0 ? undefined : this.nextMs - now(), signal)
        continue
      }
      for await (const batch of this.batches(due, signal)) {
        let outcome: Outcome
        try {
          outcome = await this.submitBatch(batch.map((b) => b.item), batch.map((b) => b.body), signal)
        } catch (err) {
          if (signal.aborted) return
          throw err
        }
        if (outcome === 'done') {
          this.failures = 0
          continue
        }
        // Unreachable or busy: the rest of the outbox would fare no better now.
        const retry = this.init.retry ?? { minMs: RETRY_MIN_MS, maxMs: RETRY_MAX_MS }
        const wait = backoffMs(++this.failures, retry.minMs, retry.maxMs)
        this.nextMs = now() + wait
        this.components.emit({ type: 'retrying', stage: 'result', code: outcome.retry, inS: wait / 1000, ...itemRef(batch[0].item) })
        break
      }
    }
  }

  /** Submits a batch; 'done' when every item was answered (acknowledged, or refused for good). */
  private async submitBatch (items: readonly QueueItem[], bodies: readonly ResultSubmission[], signal: AbortSignal): Promise<Outcome> {
    if (!this.batchless) {
      let acks: ResultAck[] | undefined
      try {
        acks = await this.components.link.submitBatch(bodies, signal)
      } catch (err) {
        signal.throwIfAborted()
        if (err instanceof RemoteError) {
          if (TRANSIENT_REFUSALS.has(err.remoteCode)) return { retry: err.remoteCode }
          // Refused as a whole for a lasting reason: one by one below, so each item gets its own answer.
        } else if (err instanceof UnsupportedVersionError) {
          // A coordinator without the batch protocol: one by one from now on.
          this.batchless = true
        } else {
          return { retry: codeOf(err) }
        }
      }
      if (acks !== undefined) {
        if (acks.length !== items.length) return { retry: 'ERR_ACK_MISMATCH' satisfies ErrorCode }
        // Every ack is acted on; the batch's outcome is its first item's that must be retried.
        let outcome: Outcome = 'done'
        for (const [k, item] of items.entries()) {
          const o = await this.settle(item, acks[k])
          if (outcome === 'done') outcome = o
        }
        return outcome
      }
    }
    return await this.settleAll(items, async (item, k) => await this.submitOne(item, bodies[k], signal))
  }

  /** Settles items in order; stops at the first that must be retried (its outcome is the batch's). */
  private async settleAll (items: readonly QueueItem[], settleOne: (item: QueueItem, k: number) => Promise<Outcome>): Promise<Outcome> {
    for (const [k, item] of items.entries()) {
      const outcome = await settleOne(item, k)
      if (outcome !== 'done') return outcome
    }
    return 'done'
  }

  private async submitOne (item: QueueItem, body: ResultSubmission, signal: AbortSignal): Promise<Outcome> {
    let ack: ResultAck
    try {
      ack = await this.components.link.submit(body, signal)
    } catch (err) {
      signal.throwIfAborted()
      if (err instanceof RemoteError) return await this.refused(item, err.remoteCode)
      return { retry: codeOf(err) }
    }
    return await this.settle(item, ack)
  }

  /** Acts on the coordinator's answer for one item. */
  private async settle (item: QueueItem, ack: ResultAck): Promise<Outcome> {
    if (!ack.accepted && ack.unitId === '' && ack.instanceId === '') return await this.refused(item, ack.reason)
    if (ack.instanceId !== item.instanceId || ack.unitId !== item.unitId) return { retry: 'ERR_ACK_MISMATCH' satisfies ErrorCode }
    if (!ack.accepted) return await this.refused(item, ack.reason)
    const current = this.components.queue.get(item.instanceId)
    if (current !== undefined) this.components.queue.put({ ...current, state: 'done', ackedMs: this.components.now() })
    this.components.emit({ type: 'submitted', accepted: true, reason: '', errorCode: item.error?.code ?? 0, ...itemRef(item) })
    return 'done'
  }

  /** A definite "no": dropped when final, else kept for another try. */
  private async refused (item: QueueItem, code: string): Promise<Outcome> {
    this.components.emit({ type: 'submitted', accepted: false, reason: code, errorCode: item.error?.code ?? 0, ...itemRef(item) })
    if (TRANSIENT_REFUSALS.has(code)) return { retry: code }
    const refusals = item.refusals + 1
    if (PERMANENT_REFUSALS.has(code) || refusals >= MAX_UNKNOWN_REFUSALS) {
      await this.components.janitor.drop(item, code)
      return 'done'
    }
    const current = this.components.queue.get(item.instanceId)
    if (current !== undefined) this.components.queue.put({ ...current, refusals })
    return { retry: code }
  }

  /**
   * The due items with their submissions, in batches of at most MAX_BATCH_RESULTS and BATCH_INLINE_BYTES of inline
   * results; read lazily, so a long outbox is never in memory at once.
   */
  private async * batches (due: readonly QueueItem[], signal: AbortSignal): AsyncGenerator<Array<{ item: QueueItem, body: ResultSubmission }>> {
    let current: Array<{ item: QueueItem, body: ResultSubmission }> = []
    let bytes = 0
    for (const item of due) {
      const body = await this.submission(item, signal)
      const size = body.result?.length ?? 0
      if (current.length === MAX_BATCH_RESULTS || (current.length > 0 && bytes + size > BATCH_INLINE_BYTES)) {
        yield current
        current = []
        bytes = 0
      }
      current.push({ item, body })
      bytes += size
    }
    if (current.length > 0) yield current
  }

  private async submission (item: QueueItem, signal: AbortSignal): Promise<ResultSubmission> {
    const base = {
      unitId: item.unitId,
      instanceId: item.instanceId,
      nonce: Buffer.from(item.nonce, 'hex'),
      volunteerName: this.init.volunteerName,
      team: this.init.team,
      appVersion: appVersion()
    }
    if (item.state === 'failed') return { ...base, coreVersion: FIT_CORE_VERSION, digest: new Uint8Array(0), cpuMs: 0, errorCode: item.error?.code ?? 1 }
    const r = item.result as NonNullable<QueueItem['result']>
    signal.throwIfAborted()
    const inline = await this.components.readResult(r.cid, MAX_INLINE_RESULT_BYTES)
    const content = inline !== undefined ? { result: inline } : { resultCid: CID.parse(r.cid) }
    // The core that computed it, which may be older than ours if this pogs was upgraded since.
    return { ...base, ...content, coreVersion: r.coreVersion ?? UNRECORDED_CORE_VERSION, digest: Buffer.from(r.digest, 'hex'), cpuMs: r.cpuMs, errorCode: 0 }
  }
}

/** Inline bytes per batch: well inside the 4 MiB request frame with the envelopes around them. */
const BATCH_INLINE_BYTES = 3 * 1024 * 1024
