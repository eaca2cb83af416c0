// Fits units on worker threads with one fit pool for the whole process: a pool loads each library pair once and
// keeps it, so consecutive units at the same redshift pay nothing to start. A pool knows the library files that
// existed when it started, so a unit naming a library fetched since then gets a fresh pool (once the fits still
// running on the old one have finished: closing a pool ends its workers).
import { readdirSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createFitPool, type FitPool, type FitPoolInit } from '../fit/index.js'
import { fitUnit } from '../work/fit-unit.js'
import type { WorkUnit } from '../work/unit-payload.js'
import { digestOf, encodeUnitResult, type UnitResult } from '../work/unit-result.js'
import { untilAborted } from './waker.js'

/**
 * Sees a unit's result after the fit and before it is encoded, digested and signed; returns the result to submit.
 * An injection point for tests and fault-injection runs: the demo's dishonest volunteer
 * (nodes/demo/chaos/scale-summaries.ts) alters values, which the verifiers must then refuse.
 */
export type ResultHook = (result: UnitResult) => UnitResult

export interface UnitFitterInit {
  /** Directory the libraries are written to under their manifest names. */
  librariesDir: string
  /** Worker threads. */
  threads: number
  /** Applied to each result before it is encoded; default none (the fit as is). */
  resultHook?: ResultHook
  /** Builds the pool (tests may count pools); default createFitPool. */
  createPool?: (init: FitPoolInit) => FitPool
}

/** A fitted unit: the canonical encoding of its result, the encoding's SHA-256, and the cost. */
export interface FittedUnit {
  result: UnitResult
  bytes: Uint8Array
  digest: Uint8Array
  pixels: number
  /** Process CPU time (all threads) while the unit was fitted, in ms: what the submission reports. Self-asserted
   * and informational (credit follows the unit's size); an overestimate while two units overlap. */
  cpuMs: number
  /** Wall-clock time of the fit, in s. */
  seconds: number
}

export class UnitFitter {
  private pool: FitPool | undefined
  private poolFiles = new Set<string>()
  /** A fit on the current pool failed: the next unit gets a new pool. */
  private stale = false
  private readonly running = new Set<Promise<unknown>>()
  private choosing: Promise<unknown> = Promise.resolve()
  /** Pools started so far (one unless new libraries arrived or a fit failed). */
  poolsStarted = 0

  constructor (private readonly init: UnitFitterInit) {}

  /** Fits every pixel of `unit`. Rejects at once when `signal` aborts (the pool's workers are ended by close()). */
  async fit (unit: WorkUnit, signal: AbortSignal): Promise<FittedUnit> {
    const pool = await this.poolFor(unit)
    const started = performance.now()
    const cpu = process.cpuUsage()
    const fitting = fitUnit(pool, unit, { signal })
    this.running.add(fitting)
    let result: UnitResult
    try {
      result = await untilAborted(fitting, signal)
    } catch (err) {
      // A pool whose fit failed may hold a worker in a bad state: the next unit starts a new one.
      if (!signal.aborted) this.stale = true
      throw err
    } finally {
      this.running.delete(fitting)
    }
    const used = process.cpuUsage(cpu)
    const final = this.init.resultHook?.(result) ?? result
    const bytes = encodeUnitResult(final)
    return {
      result: final,
      bytes,
      digest: digestOf(bytes),
      pixels: unit.pixels.length,
      cpuMs: Math.round((used.user + used.system) / 1000),
      seconds: (performance.now() - started) / 1000
    }
  }

  /** Library files were (re)written: a pool that read one of them before must not be used for the next units. */
  librariesChanged (names: readonly string[]): void {
    if (names.some((n) => this.poolFiles.has(n))) this.stale = true
  }

  /** Ends the pool's workers (fits still running are abandoned). */
  async close (): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    await pool?.close()
  }

  /** The pool to fit `unit` with; one caller at a time, so two units never both replace the pool. */
  private async poolFor (unit: WorkUnit): Promise<FitPool> {
    const choice = this.choosing.then(async () => await this.choosePool(unit))
    this.choosing = choice.catch(() => {})
    return await choice
  }

  private async choosePool (unit: WorkUnit): Promise<FitPool> {
    const needed = [unit.optical.name, unit.infrared.name]
    if (this.pool !== undefined && !this.stale && needed.every((n) => this.poolFiles.has(n))) return this.pool
    await Promise.allSettled([...this.running])
    await this.close()
    this.stale = false
    this.poolFiles = new Set(readdirSync(this.init.librariesDir))
    this.pool = (this.init.createPool ?? createFitPool)({ libraries: this.init.librariesDir, threads: this.init.threads })
    this.poolsStarted++
    return this.pool
  }
}
