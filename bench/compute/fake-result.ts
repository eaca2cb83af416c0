// A well-formed result for a work unit without fitting it: every pixel of the unit answered with a plausible
// PixelFit (one value per band, all 16 parameters summarised, three-bin histograms). The coordinator's checks
// (digest, canonical encoding, answers its unit) pass; the values mean nothing, which is all a throughput
// benchmark of the coordinator needs.
import { N_PARAMETERS, N_VALUES, type PixelFit } from '../../src/fit/index.js'
import { pixelName, type WorkUnit } from '../../src/work/unit-payload.js'
import { digestOf, encodeUnitResult } from '../../src/work/unit-result.js'

/** A plausible fit of pixel (x, y) of `unit`, named as the payload names it; the same for every pixel but `chi2`. */
export function fakeFit (unit: WorkUnit, x: number, y: number, chi2 = 3.5): PixelFit {
  const bands = unit.filters.length
  const summary = new Float64Array(N_PARAMETERS * N_VALUES)
  for (let k = 0; k < summary.length; k++) summary[k] = k / 7
  return {
    name: pixelName(unit.galaxy, x, y),
    redshift: unit.redshift,
    libraryRedshift: unit.redshift,
    bestOptical: 1,
    bestOpticalIndex: 1,
    bestInfrared: 2,
    chi2,
    scale: 1e9,
    observedFlux: new Float64Array(bands).fill(1e-3),
    observedSigma: new Float64Array(bands).fill(1e-4),
    bestFitFlux: new Float64Array(bands).fill(1e-3),
    usedBands: bands,
    summary,
    histograms: Array.from({ length: N_PARAMETERS }, (_, p) => ({ first: p, values: Float64Array.of(0.25, 0.5, 0.25) })) as PixelFit['histograms']
  }
}

/** The canonical bytes of a fake result of `unit` and their digest. */
export function fakeResult (unit: WorkUnit): { bytes: Uint8Array, digest: Uint8Array } {
  const bytes = encodeUnitResult({ unitId: unit.unitId, pixels: unit.pixels.map(({ x, y }) => ({ x, y, fit: fakeFit(unit, x, y) })) })
  return { bytes, digest: digestOf(bytes) }
}
