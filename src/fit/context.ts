// Everything about a library pair that the fit reuses from pixel to pixel: per-model tables, the fmu-sorted
// orders and each model's window of energy-balance partners, and model fluxes for the last redshift seen.
import { buildModelTables, type ModelTables } from './model-tables.js'
import type { LibraryPair } from './library.js'
import { adoptMdustBlocks, mdustBlocks, type MdustBlocks } from './mdust-blocks.js'
import { mdustCore } from './kernel/mdust-kernel.js'
import { log10 } from './libm/index.js'

/** MAGPHYS' energy-balance tolerance: |fmu(SFH) - fmu(IR)| <= df with df = 0.15 (a single-precision literal). */
export const FMU_TOLERANCE = Math.fround(0.15)

/** A library pair prepared for fitting. */
export interface FitContext {
  libs: LibraryPair
  tables: ModelTables
  /** Optical models sorted by fmu (stable), and their fmu values in that order. */
  optOrder: Int32Array
  optFmuSorted: Float64Array
  /** Infrared models sorted by fmu (stable), and their fmu values in that order. */
  irOrder: Int32Array
  irFmuSorted: Float64Array
  /** Per optical model: the range [irLo, irHi) of compatible infrared models in irOrder. */
  irLo: Int32Array
  irHi: Int32Array
  /** Per infrared model: the range [optLo, optHi) of compatible optical models in optOrder. */
  optLo: Int32Array
  optHi: Int32Array
  /** log10(Mdust per unit Ldust) of the infrared models in irOrder. */
  logMdustSorted: Float64Array
}

function sortedOrder (values: Float64Array): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i)
  order.sort((a, b) => (values[a] - values[b]) || (a - b))
  return Int32Array.from(order)
}

/** First position t in sorted `ys` with x - ys[t] <= tol (all later ones satisfy it too). */
function lowerBound (ys: Float64Array, x: number, tol: number): number {
  let lo = 0
  let hi = ys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (x - ys[mid] <= tol) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** First position t in sorted `ys` with ys[t] - x > tol. */
function upperBound (ys: Float64Array, x: number, tol: number): number {
  let lo = 0
  let hi = ys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ys[mid] - x > tol) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** For each probe value, the range [lo, hi) of sorted values within the energy-balance tolerance of it. */
function windows (probes: Float64Array, sorted: Float64Array): { lo: Int32Array, hi: Int32Array } {
  const lo = new Int32Array(probes.length)
  const hi = new Int32Array(probes.length)
  for (let n = 0; n < probes.length; n++) {
    lo[n] = lowerBound(sorted, probes[n], FMU_TOLERANCE)
    hi[n] = Math.max(lo[n], upperBound(sorted, probes[n], FMU_TOLERANCE))
  }
  return { lo, hi }
}

/** Prepares a library pair for fitting (once per thread; the libraries, and the Mdust blocks when given, stay
 * shared). */
export function createFitContext (libs: LibraryPair, mdust?: MdustBlocks): FitContext {
  const tables = buildModelTables(libs)
  const optOrder = sortedOrder(tables.fmuSfh)
  const irOrder = sortedOrder(tables.fmuIr)
  const optFmuSorted = Float64Array.from(optOrder, (i) => tables.fmuSfh[i])
  const irFmuSorted = Float64Array.from(irOrder, (j) => tables.fmuIr[j])
  const { lo: irLo, hi: irHi } = windows(tables.fmuSfh, irFmuSorted)
  const { lo: optLo, hi: optHi } = windows(tables.fmuIr, optFmuSorted)
  const logMdustSorted = Float64Array.from(irOrder, (j) => log10(tables.mdust[j]))
  const ctx = { libs, tables, optOrder, optFmuSorted, irOrder, irFmuSorted, irLo, irHi, optLo, optHi, logMdustSorted }
  if (mdust !== undefined) adoptMdustBlocks(ctx, mdust)
  // The Mdust kernel takes its copy of the blocks now, so that it counts as loading the libraries, not as a pixel.
  mdustCore().useBlocks(ctx, mdustBlocks(ctx))
  return ctx
}
