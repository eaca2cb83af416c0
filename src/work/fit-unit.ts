// Fits a work unit with a fit pool over a libraries directory that holds the unit's pair. Volunteers run it on
// every unit, verifiers on sampled pixels; the output is exactly what `pogs galaxy fit` computes for those pixels.
import type { FitPool } from '../fit/index.js'
import { resultFromOutcomes, type UnitResult } from './unit-result.js'
import { unitObservations, type WorkUnit } from './unit-payload.js'

export interface FitUnitOptions {
  signal?: AbortSignal
  /** Called after each pixel. */
  onPixel?: () => void
}

/** Fits every pixel of `unit` (or the pixels at `only`, indexes into unit.pixels, for a verifier's sample). */
export async function fitUnit (pool: FitPool, unit: WorkUnit, opts: FitUnitOptions & { only?: number[] } = {}): Promise<UnitResult> {
  const part: WorkUnit = opts.only === undefined ? unit : { ...unit, pixels: opts.only.map((k) => unit.pixels[k]) }
  // The unit's own pair by name: the volunteer's directory may hold another run's pair at the same redshift.
  const pair = { optical: unit.optical.name, infrared: unit.infrared.name }
  const outcomes = await pool.fit(part.filters, unitObservations(part), { signal: opts.signal, onPixel: () => opts.onPixel?.(), pair })
  return resultFromOutcomes(part, outcomes)
}
