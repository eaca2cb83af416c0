// How a verifier decides two replicas agree (POGS' validator; docs/design.md#work-defaults): equal digests, else
// every value within a relative tolerance. The fitting core is deterministic, so honest replicas have equal digests; the
// tolerance serves volunteers whose floating point differs in the last bits (another CPU or Node version).
import { N_PARAMETERS } from '../fit/parameters.js'
import type { PixelFit } from '../fit/index.js'
import type { UnitResult } from './unit-result.js'
import { bytesEqual } from '../util/bytes-equal.js'

/** POGS' validator tolerance: relative 1e-4. */
export const RELATIVE_TOLERANCE = 1e-4

export type Comparison =
  | { agree: true, reason: 'DIGESTS_EQUAL' | 'WITHIN_TOLERANCE' }
  | { agree: false, reason: 'PIXELS_DIFFER' | 'VALUE_MISMATCH', detail: string }

/** Two numbers agree: both NaN, equal, or within `tol` of the larger magnitude. */
export function close (a: number, b: number, tol = RELATIVE_TOLERANCE): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b)
  if (a === b) return true
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b))
}

function arraysClose (name: string, a: ArrayLike<number>, b: ArrayLike<number>, tol: number): string | undefined {
  if (a.length !== b.length) return `${name}: ${a.length} values against ${b.length}`
  for (let k = 0; k < a.length; k++) if (!close(a[k], b[k], tol)) return `${name}[${k}]: ${a[k]} against ${b[k]}`
  return undefined
}

/** The first difference between two pixel fits beyond `tol`, or undefined when they agree. */
export function fitDifference (a: PixelFit, b: PixelFit, tol = RELATIVE_TOLERANCE): string | undefined {
  if (a.usedBands !== b.usedBands) return `usedBands: ${a.usedBands} against ${b.usedBands}`
  const scalars: Array<keyof PixelFit> = ['redshift', 'libraryRedshift', 'chi2', 'scale']
  for (const s of scalars) if (!close(a[s] as number, b[s] as number, tol)) return `${s}: ${String(a[s])} against ${String(b[s])}`
  const arrays = arraysClose('summary', a.summary, b.summary, tol) ??
    arraysClose('bestFitFlux', a.bestFitFlux, b.bestFitFlux, tol) ??
    arraysClose('observedFlux', a.observedFlux, b.observedFlux, tol) ??
    arraysClose('observedSigma', a.observedSigma, b.observedSigma, tol)
  if (arrays !== undefined) return arrays
  for (let p = 0; p < N_PARAMETERS; p++) {
    const ha = a.histograms[p]
    const hb = b.histograms[p]
    // Bins under the tolerance may appear or vanish at a histogram's edges: compare on the union of the stretches.
    const first = Math.min(ha.first, hb.first)
    const last = Math.max(ha.first + ha.values.length, hb.first + hb.values.length)
    for (let bin = first; bin < last; bin++) {
      const va = ha.values[bin - ha.first] ?? 0
      const vb = hb.values[bin - hb.first] ?? 0
      if (!close(va, vb, tol) && Math.abs(va - vb) > tol) return `histogram ${p} bin ${bin}: ${va} against ${vb}`
    }
  }
  return undefined
}

/** Compares two replicas of one unit. `digests` are their claimed, checked SHA-256 digests. */
export function compareResults (a: UnitResult, b: UnitResult, digests: [Uint8Array, Uint8Array], tol = RELATIVE_TOLERANCE): Comparison {
  if (bytesEqual(digests[0], digests[1])) return { agree: true, reason: 'DIGESTS_EQUAL' }
  if (a.unitId !== b.unitId || a.pixels.length !== b.pixels.length) return { agree: false, reason: 'PIXELS_DIFFER', detail: 'different units or pixel counts' }
  for (let k = 0; k < a.pixels.length; k++) {
    const pa = a.pixels[k]
    const pb = b.pixels[k]
    if (pa.x !== pb.x || pa.y !== pb.y) return { agree: false, reason: 'PIXELS_DIFFER', detail: `pixel ${k}: (${pa.x}, ${pa.y}) against (${pb.x}, ${pb.y})` }
    if ('fit' in pa !== 'fit' in pb) return { agree: false, reason: 'VALUE_MISMATCH', detail: `pixel (${pa.x}, ${pa.y}) fitted in one replica only` }
    if ('fit' in pa && 'fit' in pb) {
      const d = fitDifference(pa.fit, pb.fit, tol)
      if (d !== undefined) return { agree: false, reason: 'VALUE_MISMATCH', detail: `pixel (${pa.x}, ${pa.y}) ${d}` }
    } else if ('unfitted' in pa && 'unfitted' in pb && pa.unfitted.reason !== pb.unfitted.reason) {
      // The core is deterministic about why a pixel cannot be fitted too; messages may differ (paths, wording).
      return { agree: false, reason: 'VALUE_MISMATCH', detail: `pixel (${pa.x}, ${pa.y}) unfitted for different reasons` }
    }
  }
  return { agree: true, reason: 'WITHIN_TOLERANCE' }
}
