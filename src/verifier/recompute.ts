// Recomputation (docs/verifier.md): the verifier fits pixels itself, with the unit's own libraries (fetched and
// pinned: verifiers hold what they recompute with), and compares: now and then a sampled pixel of an agreeing unit
// (two volunteers who agree by collusion, or by sharing a broken build, are caught here), and the pixels on which
// replicas differ (the recomputation tells which of them lied).
import { join } from 'node:path'
import { createFitPool, type FitPool, type FitPoolInit } from '../fit/index.js'
import type { ContentHelia } from '../net/content.js'
import { fitDifference, RELATIVE_TOLERANCE } from '../work/compare.js'
import { fitUnit } from '../work/fit-unit.js'
import { ensureLibraries } from '../work/library-cache.js'
import type { WorkUnit } from '../work/unit-payload.js'
import type { PixelResult, UnitResult } from '../work/unit-result.js'
import { LIBRARY_WAIT_MS, RECOMPUTE_THREADS } from './constants.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** Whether this unit is sampled: with probability `rate` (0 never, 1 always). */
export function shouldRecompute (rate: number, random: () => number): boolean {
  return rate > 0 && random() < rate
}

/** A uniformly sampled fitted pixel of `result` (its index in the unit), or undefined when none was fitted. */
export function samplePixel (result: UnitResult, random: () => number): number | undefined {
  const fitted = result.pixels.flatMap((p, k) => 'fit' in p ? [k] : [])
  if (fitted.length === 0) return undefined
  return fitted[Math.min(fitted.length - 1, Math.floor(random() * fitted.length))]
}

/** How a recomputed pixel differs from the claimed one, or undefined when they agree within `tolerance`. */
export function recomputedDifference (claimed: PixelResult, recomputed: PixelResult, tolerance = RELATIVE_TOLERANCE): string | undefined {
  if ('fit' in claimed && 'fit' in recomputed) {
    const d = fitDifference(claimed.fit, recomputed.fit, tolerance)
    return d === undefined ? undefined : `pixel (${claimed.x}, ${claimed.y}) ${d}`
  }
  if ('unfitted' in claimed && 'unfitted' in recomputed) {
    return claimed.unfitted.reason === recomputed.unfitted.reason ? undefined : `pixel (${claimed.x}, ${claimed.y}) unfitted for another reason`
  }
  return `pixel (${claimed.x}, ${claimed.y}) fitted in one only`
}

/** What a bounded recomputation gave: the pixel, or why there is none (its libraries are not held yet, or it took
 * longer than its unit's cost allows). */
export type Recomputation = { pixel: PixelResult } | { skipped: 'libraries' | 'timeout' }

/**
 * Runs `recompute` for pixel `k` of `unit`, giving up after `timeoutMs` (recomputeTimeoutMs of the cost the unit
 * states, src/work/recompute-timeout.ts): the verdict then goes without it, and a fit under way runs on in the
 * background (a pixel's fit is not interruptible). Rejects with `signal`'s reason when `signal` aborts (the
 * verifier stops).
 */
export async function recomputeWithin (recompute: (unit: WorkUnit, k: number, signal: AbortSignal) => Promise<PixelResult | undefined>,
  unit: WorkUnit, k: number, signal: AbortSignal, timeoutMs: number): Promise<Recomputation> {
  signal.throwIfAborted()
  const deadline = timeoutSignal(timeoutMs)
  const bounded = AbortSignal.any([signal, deadline])
  return await new Promise<Recomputation>((resolve, reject) => {
    const onAbort = (): void => { if (signal.aborted) reject(signal.reason); else resolve({ skipped: 'timeout' }) }
    bounded.addEventListener('abort', onAbort, { once: true })
    recompute(unit, k, bounded).then((pixel) => {
      bounded.removeEventListener('abort', onAbort)
      resolve(pixel === undefined ? { skipped: 'libraries' } : { pixel })
    }, (err: unknown) => {
      bounded.removeEventListener('abort', onAbort)
      if (deadline.aborted && !signal.aborted) resolve({ skipped: 'timeout' })
      else reject(err)
    })
  })
}

/** What a Recomputer needs. */
export interface RecomputerComponents {
  helia: ContentHelia
  /** The verifier's data directory: libraries go to `<dataDir>/libraries`. */
  dataDir: string
  threads?: number
  /** How long a request waits for its unit's libraries, in ms (default LIBRARY_WAIT_MS). */
  libraryWaitMs?: number
  /** Makes the fit pool (tests may count or wrap it). */
  createPool?: (init: FitPoolInit) => FitPool
  /** Libraries were fetched and pinned (names as in the unit). */
  onLibraries?: (names: string[]) => void
}

/**
 * Fits chosen pixels with one long-lived fit pool over `<dataDir>/libraries`. The unit's libraries are fetched
 * and pinned first; a recomputation waits for them only a while (a verdict should not wait on a library's
 * distribution), and the fetch goes on in the background for later units. Fits run one at a time: they are rare
 * and the pool is small. A pool reads its directory's listing when made, so it is made again once new libraries
 * have arrived.
 */
export class Recomputer {
  private pool: FitPool | undefined
  /** Libraries arrived since the pool was made. */
  private stale = false
  private tail: Promise<unknown> = Promise.resolve()
  /** Library fetches under way, by pair; each resolves true once the pair is held, false if it failed. */
  private readonly fetches = new Map<string, Promise<boolean>>()
  /** Pairs known to be held (fetched, pinned and written). */
  private readonly held = new Set<string>()
  private readonly controller = new AbortController()
  private readonly librariesDir: string

  constructor (private readonly c: RecomputerComponents) {
    this.librariesDir = join(c.dataDir, 'libraries')
  }

  /**
   * Fits pixel `k` of `unit` and returns its result, or undefined when the unit's libraries are not held and do
   * not arrive in time (or cannot be fetched): this unit then goes without recomputation.
   */
  async recompute (unit: WorkUnit, k: number, signal: AbortSignal): Promise<PixelResult | undefined> {
    if (!await this.librariesReady(unit, signal)) return undefined
    const run = this.tail.then(async () => await this.fit(unit, k, signal))
    this.tail = run.catch(() => {})
    return await run
  }

  private async librariesReady (unit: WorkUnit, signal: AbortSignal): Promise<boolean> {
    const refs = [unit.optical, unit.infrared]
    const key = refs.map((r) => `${r.name}=${r.cid}`).join(' ')
    if (this.held.has(key)) return true
    let fetch = this.fetches.get(key)
    if (fetch === undefined) {
      // Tied to the verifier's lifetime, not to this request: a later unit profits from what arrives.
      fetch = ensureLibraries(this.c.helia, this.librariesDir, refs, { signal: this.controller.signal })
        .then((names) => {
          if (names.length > 0) {
            this.stale = true
            this.c.onLibraries?.(names)
          }
          this.held.add(key)
          return true
        }, () => false)
        .finally(() => { this.fetches.delete(key) })
      this.fetches.set(key, fetch)
    }
    const wait = AbortSignal.any([signal, timeoutSignal(this.c.libraryWaitMs ?? LIBRARY_WAIT_MS)])
    return await new Promise<boolean>((resolve, reject) => {
      const onAbort = (): void => { if (signal.aborted) reject(signal.reason); else resolve(false) }
      if (wait.aborted) { onAbort(); return }
      wait.addEventListener('abort', onAbort, { once: true })
      void fetch.then((held) => { wait.removeEventListener('abort', onAbort); resolve(held) })
    })
  }

  private async fit (unit: WorkUnit, k: number, signal: AbortSignal): Promise<PixelResult> {
    signal.throwIfAborted()
    if (this.pool === undefined || this.stale) {
      this.stale = false
      await this.pool?.close()
      this.pool = undefined
      const make = this.c.createPool ?? createFitPool
      this.pool = make({ libraries: this.librariesDir, threads: this.c.threads ?? RECOMPUTE_THREADS })
    }
    const result = await fitUnit(this.pool, unit, { only: [k], signal })
    return result.pixels[0]
  }

  /** Stops library fetches, waits for the fit under way, then stops the pool's workers. */
  async close (): Promise<void> {
    this.controller.abort()
    await Promise.all([...this.fetches.values()])
    await this.tail
    await this.pool?.close()
    this.pool = undefined
  }
}
