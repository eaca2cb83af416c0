// Worker threads that open result batches (result-check.ts): signature checks, decoding and the canonical-encoding
// check of inline results are most of a result's cost, and the coordinator's main thread also serves libp2p and
// owns SQLite; on two cores one worker beside it nearly halves the main thread's work per result. Workers start on
// first use; a batch goes to the worker with the fewest batches waiting; a worker that dies fails its batches
// (the requests are answered ERR_INTERNAL and retried by their volunteers) and is replaced on next use. (Opening
// batches here as well when the workers are backed up was tried: no clear gain on the request path, and over
// libp2p the main thread, busy with the transport, then did most checks while the worker idled.)
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { startWorker } from '../../util/worker-script.js'
import { openElement, type OpenedElement } from './result-check.js'

/** To a worker: the elements of one batch. */
export interface CheckRequest { id: number, elements: Uint8Array[] }
/** From a worker: each element opened, in order; or why the whole batch failed. */
export type CheckReply = { id: number, opened: OpenedElement[] } | { id: number, error: string }

/** Default workers: every core but the main thread's, at least one. */
export function defaultCheckThreads (): number {
  return Math.max(1, availableParallelism() - 1)
}

async function openHere (elements: Uint8Array[]): Promise<OpenedElement[]> {
  const opened = []
  for (const e of elements) opened.push(await openElement(e))
  return opened
}

interface Slot {
  worker: Worker
  waiting: Map<number, { resolve: (opened: OpenedElement[]) => void, reject: (err: Error) => void }>
}

export class ResultCheckPool {
  private readonly slots: Array<Slot | undefined>
  private nextId = 0
  private closed = false

  /** `threads` 0 opens batches on the calling thread (tests, and machines with one core to spare). */
  constructor (readonly threads: number = defaultCheckThreads()) {
    if (!Number.isInteger(threads) || threads < 0) throw new RangeError('result check threads: a whole number >= 0')
    this.slots = new Array(threads).fill(undefined)
  }

  /** Opens each element of a batch (in order). */
  async open (elements: Uint8Array[]): Promise<OpenedElement[]> {
    if (this.threads === 0 || this.closed) return await openHere(elements)
    const slot = this.leastBusy()
    const id = this.nextId++
    return await new Promise<OpenedElement[]>((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject })
      const request: CheckRequest = { id, elements }
      slot.worker.postMessage(request)
    })
  }

  async close (): Promise<void> {
    this.closed = true
    const running = this.slots.filter((s): s is Slot => s !== undefined)
    this.slots.fill(undefined)
    await Promise.all(running.map(async (s) => {
      this.fail(s, new Error('the result check pool closed'))
      await s.worker.terminate()
    }))
  }

  private leastBusy (): Slot {
    let best = 0
    for (let k = 0; k < this.slots.length; k++) {
      const slot = this.slots[k]
      if (slot === undefined) { best = k; break }
      if (slot.waiting.size < (this.slots[best]?.waiting.size ?? 0)) best = k
    }
    return this.slots[best] ?? this.start(best)
  }

  private start (index: number): Slot {
    const worker = startWorker(import.meta.url, 'result-check-worker')
    // A worker must not keep a stopping coordinator alive; requests in flight keep the process busy anyway.
    worker.unref()
    const slot: Slot = { worker, waiting: new Map() }
    worker.on('message', (reply: CheckReply) => {
      const w = slot.waiting.get(reply.id)
      if (w === undefined) return
      slot.waiting.delete(reply.id)
      if ('error' in reply) w.reject(new Error(`result check worker: ${reply.error}`))
      else w.resolve(reply.opened)
    })
    const gone = (err: Error): void => {
      if (this.slots[index] === slot) this.slots[index] = undefined
      this.fail(slot, err)
    }
    worker.on('error', gone)
    worker.on('exit', (code) => { gone(new Error(`result check worker exited (${code})`)) })
    this.slots[index] = slot
    return slot
  }

  private fail (slot: Slot, err: Error): void {
    for (const w of slot.waiting.values()) w.reject(err)
    slot.waiting.clear()
  }
}
