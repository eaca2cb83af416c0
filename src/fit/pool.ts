import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { chooseLibrary } from './choose-library.js'
import { RedshiftOutOfRangeError } from './errors.js'
import type { FilterSpec } from './filters-file.js'
import { listLibraries, namedPair, readLibraryPair, type LibraryFiles, type LibraryPair } from './library.js'
import type { Observation } from './observations-file.js'
import { createFitContext } from './context.js'
import { mdustBlocks, type MdustBlocks } from './mdust-blocks.js'
import { checkFilterOrder } from './photometry.js'
import type { FromWorker, PixelOutcome, ToWorker } from './worker-protocol.js'
import { startWorker } from '../util/worker-script.js'

/** Options of a fit pool. */
export interface FitPoolInit {
  /** Directory holding the library pairs (both naming conventions, plain or .gz). */
  libraries: string
  /** Worker threads; default: every core. */
  threads?: number
}

/** Per-call options. */
export interface FitOptions {
  /** Also produce MAGPHYS' `.fit` text of each fitted pixel. */
  withText?: boolean
  /** Called after each pixel. */
  onPixel?: (index: number, outcome: PixelOutcome) => void
  signal?: AbortSignal
  /** The pair to fit with, by file names in the pool's directory (a work unit's own pair: a volunteer serving two
   * runs holds two pairs at one redshift); absent: the pair nearest each pixel's redshift, as MAGPHYS chooses. */
  pair?: { optical: string, infrared: string }
}

/** A pool of fit workers sharing libraries loaded once in this process. */
export interface FitPool {
  readonly threads: number
  fit: (filters: FilterSpec[], observations: Observation[], opts?: FitOptions) => Promise<PixelOutcome[]>
  close: () => Promise<void>
}

interface Slot {
  worker: Worker
  busy: boolean
  sent: Set<string>
}

/** Starts a pool of fit workers (default: one per core). Libraries are read on first use and shared. */
export function createFitPool (init: FitPoolInit): FitPool {
  const threads = init.threads ?? availableParallelism()
  const available: LibraryFiles[] = listLibraries(init.libraries)
  const loaded = new Map<string, { libs: LibraryPair, mdust: MdustBlocks }>()
  const slots: Slot[] = Array.from({ length: threads }, () => ({
    worker: startWorker(import.meta.url, 'fit-worker'),
    busy: false,
    sent: new Set<string>()
  }))
  let nextId = 0

  // The Mdust blocks (mdust-blocks.ts) depend on the libraries alone: built once here on shared memory, every
  // thread uses the same copy rather than building and caching its own.
  function library (z: number, named: LibraryFiles | undefined): { key: string, libs: LibraryPair, mdust: MdustBlocks } {
    // A named pair still has to lie within MAGPHYS' tolerance of the pixel's redshift.
    const files = chooseLibrary(named === undefined ? available : [named], z)
    const key = files.optical
    let lib = loaded.get(key)
    if (lib === undefined) {
      const libs = readLibraryPair(files)
      lib = { libs, mdust: mdustBlocks(createFitContext(libs)) }
      loaded.set(key, lib)
    }
    return { key, ...lib }
  }

  async function runOn (slot: Slot, key: string, lib: { libs: LibraryPair, mdust: MdustBlocks }, filters: FilterSpec[], obs: Observation, withText: boolean): Promise<PixelOutcome> {
    if (!slot.sent.has(key)) {
      const msg: ToWorker = { type: 'library', key, libs: lib.libs, mdust: lib.mdust }
      slot.worker.postMessage(msg)
      slot.sent.add(key)
    }
    const id = nextId++
    return await new Promise<PixelOutcome>((resolve, reject) => {
      const onMessage = (m: FromWorker): void => {
        if (m.id !== id) return
        cleanup()
        resolve(m.outcome)
      }
      const onError = (err: Error): void => { cleanup(); reject(err) }
      const cleanup = (): void => { slot.worker.off('message', onMessage); slot.worker.off('error', onError) }
      slot.worker.on('message', onMessage)
      slot.worker.on('error', onError)
      const msg: ToWorker = { type: 'fit', id, key, filters, obs, withText }
      slot.worker.postMessage(msg)
    })
  }

  return {
    threads,
    async fit (filters, observations, opts = {}) {
      checkFilterOrder(filters)
      const named = opts.pair === undefined ? undefined : namedPair(init.libraries, opts.pair.optical, opts.pair.infrared)
      const results: PixelOutcome[] = new Array(observations.length)
      let next = 0
      const runSlot = async (slot: Slot): Promise<void> => {
        while (next < observations.length) {
          opts.signal?.throwIfAborted()
          const index = next++
          const obs = observations[index]
          let outcome: PixelOutcome
          try {
            const { key, ...lib } = library(obs.redshift, named)
            outcome = await runOn(slot, key, lib, filters, obs, opts.withText === true)
          } catch (err) {
            if (!(err instanceof RedshiftOutOfRangeError)) throw err
            outcome = { ok: false, error: { name: err.name, code: err.code, message: err.message } }
          }
          results[index] = outcome
          opts.onPixel?.(index, outcome)
        }
      }
      await Promise.all(slots.map(runSlot))
      return results
    },
    async close () {
      await Promise.all(slots.map(async (s) => await s.worker.terminate()))
    }
  }
}
