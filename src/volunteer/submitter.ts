// The outbox: fitted results and error reports, submitted oldest first over /pogs/result/1.0.0 and kept (on disk,
// with their content pinned) until the coordinator answers. An acknowledgement ends an item; a refusal that
// retrying cannot change drops it; an unreachable or busy coordinator is retried with backoff, without limit.
import { CID } from 'multiformats/cid'
import type { ResultAck, ResultSubmission } from '../net/messages/index.js'
import { RemoteError } from '../net/errors.js'
import { MAX_UNKNOWN_REFUSALS, PERMANENT_REFUSALS, RETRY_MAX_MS, RETRY_MIN_MS, TRANSIENT_REFUSALS } from './constants.js'
import { codeOf, type CoordinatorLink } from './coordinator-link.js'
import type { VolunteerEventListener } from './events.js'
import type { Janitor } from './janitor.js'
import { itemRef, type QueueItem } from './queue-item.js'
import type { QueueStore } from './queue-store.js'
import { backoffMs, Waker } from './waker.js'

export interface SubmitterComponents {
  link: Pick<CoordinatorLink, 'submit'>
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

  constructor (private readonly components: SubmitterComponents, private readonly init: SubmitterInit) {}

  /** The coordinator is reachable again: submit now rather than at the end of the backoff. */
  reconnected (): void {
    this.nextMs = 0
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
      for (const item of due) {
        let outcome: Outcome
        try {
          outcome = await this.submitOne(item, signal)
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
        this.components.emit({ type: 'retrying', stage: 'result', code: outcome.retry, inS: wait / 1000, ...itemRef(item) })
        break
      }
    }
  }

  private async submitOne (item: QueueItem, signal: AbortSignal): Promise<Outcome> {
    let ack: ResultAck
    try {
      ack = await this.components.link.submit(this.submission(item), signal)
    } catch (err) {
      signal.throwIfAborted()
      if (err instanceof RemoteError) return await this.refused(item, err.remoteCode)
      return { retry: codeOf(err) }
    }
    if (ack.instanceId !== item.instanceId || ack.unitId !== item.unitId) return { retry: 'ERR_ACK_MISMATCH' }
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

  private submission (item: QueueItem): ResultSubmission {
    const base = {
      unitId: item.unitId,
      instanceId: item.instanceId,
      nonce: Buffer.from(item.nonce, 'hex'),
      volunteerName: this.init.volunteerName,
      team: this.init.team
    }
    if (item.state === 'failed') return { ...base, digest: new Uint8Array(0), cpuMs: 0, errorCode: item.error?.code ?? 1 }
    const r = item.result as NonNullable<QueueItem['result']>
    return { ...base, resultCid: CID.parse(r.cid), digest: Buffer.from(r.digest, 'hex'), cpuMs: r.cpuMs, errorCode: 0 }
  }
}
