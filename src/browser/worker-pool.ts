// A fit pool of Web Workers: the FitPool a Node volunteer gets from createFitPool (src/fit/pool.ts), for a page.
// The page loads each library pair once (library-loader.ts) on SharedArrayBuffers and posts it to every worker,
// so N workers share one copy (which is why the page needs cross-origin isolation). Closing the pool terminates
// the workers at once: that is how pause stops a fit mid-pixel.
import type { FitOptions, FitPool } from '../fit/pool.js'
import type { FilterSpec } from '../fit/filters-file.js'
import type { Observation } from '../fit/observations-file.js'
import { checkFilterOrder } from '../fit/photometry.js'
import type { FromWorker, PixelOutcome, ToWorker } from '../fit/worker-protocol.js'
import type { LoadedPair } from './library-loader.js'

interface Slot {
  worker: Worker
  sent: Set<string>
  /** The fit this worker is on, to fail when the worker dies. */
  pending: ((reply: FromWorker | { id: number, failed: string }) => void) | undefined
}

/** Starts `threads` workers from the (integrity-checked) worker script at `workerUrl`. */
export function createWorkerPool (workerUrl: string, threads: number, pairs: ReadonlyMap<string, LoadedPair>): FitPool {
  const slots: Slot[] = Array.from({ length: threads }, () => {
    const slot: Slot = { worker: new Worker(workerUrl, { type: 'module' }), sent: new Set(), pending: undefined }
    slot.worker.onmessage = (event: MessageEvent<FromWorker | { id: number, failed: string }>) => { slot.pending?.(event.data) }
    slot.worker.onerror = (event) => { slot.pending?.({ id: -1, failed: event.message }) }
    return slot
  })
  let nextId = 0
  let closed = false

  async function runOn (slot: Slot, key: string, pair: LoadedPair, filters: FilterSpec[], obs: Observation, withText: boolean): Promise<PixelOutcome> {
    if (!slot.sent.has(key)) {
      const msg: ToWorker = { type: 'library', key, libs: pair.libs, mdust: pair.mdust }
      slot.worker.postMessage(msg)
      slot.sent.add(key)
    }
    const id = nextId++
    return await new Promise<PixelOutcome>((resolve, reject) => {
      slot.pending = (reply) => {
        if (reply.id !== id && reply.id !== -1) return
        slot.pending = undefined
        if ('failed' in reply) reject(new Error(`fit worker failed: ${reply.failed}`))
        else resolve(reply.outcome)
      }
      const msg: ToWorker = { type: 'fit', id, key, filters, obs, withText }
      slot.worker.postMessage(msg)
    })
  }

  return {
    threads,
    async fit (filters: FilterSpec[], observations: Observation[], opts: FitOptions = {}) {
      checkFilterOrder(filters)
      if (opts.pair === undefined) throw new Error('the browser pool fits a unit\'s own library pair only')
      const key = opts.pair.optical
      const pair = pairs.get(key)
      if (pair === undefined) throw new Error(`library pair ${key} is not loaded`)
      const results: PixelOutcome[] = new Array(observations.length)
      let next = 0
      const aborted = new Promise<never>((_resolve, reject) => {
        opts.signal?.addEventListener('abort', () => { reject(opts.signal?.reason) }, { once: true })
      })
      aborted.catch(() => {})
      const runSlot = async (slot: Slot): Promise<void> => {
        while (next < observations.length) {
          opts.signal?.throwIfAborted()
          if (closed) throw new Error('fit pool closed')
          const index = next++
          results[index] = await Promise.race([runOn(slot, key, pair, filters, observations[index], opts.withText === true), aborted])
          opts.onPixel?.(index, results[index])
        }
      }
      await Promise.all(slots.map(runSlot))
      return results
    },
    async close () {
      closed = true
      for (const s of slots) {
        s.worker.terminate()
        s.pending?.({ id: -1, failed: 'pool closed' })
      }
    }
  }
}
