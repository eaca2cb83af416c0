// Synthetic archive input: plausible PixelFits with deterministic, varied values, so that every stored number can
// be compared after a round trip without running a fit.
import type { AreaProvenance, GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { N_PARAMETERS, N_VALUES, type PixelFit, type SparseHistogram } from '../../../src/fit/index.js'
import { GRIDS } from '../../../src/fit/grids.js'
import type { Area } from '../../../src/galaxy/areas.js'

export const FILTERS = [
  { name: 'GALEXFUV', lambdaEff: 0.1528 }, { name: 'SDSSu', lambdaEff: 0.3551 }, { name: 'SDSSg', lambdaEff: 0.4686 },
  { name: 'SDSSr', lambdaEff: 0.6166 }, { name: 'SDSSi', lambdaEff: 0.7480 }, { name: 'WISEW1', lambdaEff: 3.4 }
]

export interface SyntheticInit {
  width: number
  height: number
  /** Whether (x, y) was fitted (default: all but a diagonal pattern of holes). */
  fitted?: (x: number, y: number) => boolean
  /** Histogram length of parameter q at (x, y) (default 1 to 40 bins). */
  histogramLength?: (x: number, y: number, q: number) => number
}

/** A deterministic number in [0, 1) from integers (a small integer hash). */
export function frac (...k: number[]): number {
  let h = 2166136261
  for (const v of k) h = Math.imul(h ^ (v + 0x9e37), 16777619) >>> 0
  h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0
  return (h >>> 8) / (1 << 24)
}

/** A plausible PixelFit for pixel (x, y): percentiles ordered, histograms normalised inside their grid. */
export function syntheticFit (x: number, y: number, nf: number, histogramLength: (x: number, y: number, q: number) => number): PixelFit {
  const summary = new Float64Array(N_PARAMETERS * N_VALUES)
  const histograms: SparseHistogram[] = []
  for (let q = 0; q < N_PARAMETERS; q++) {
    const g = GRIDS[q]
    const span = g.max - g.min
    const m = g.min + span * (0.3 + 0.4 * frac(x, y, q))
    const s = span * (0.005 + 0.02 * frac(q, x, y))
    // best_fit, median, highest_prob_bin, p2_5, p16, p84, p97_5
    summary.set([m - 0.3 * s, m, m + 0.1 * s, m - 2 * s, m - s, m + s, m + 2 * s], q * N_VALUES)
    const length = Math.min(g.nbin, Math.max(1, histogramLength(x, y, q)))
    const first = Math.min(g.nbin - length, Math.floor(((m - g.min) / span) * g.nbin))
    const values = Float64Array.from({ length }, (_, k) => 0.1 + frac(x, y, q, k))
    const total = values.reduce((a, v) => a + v, 0)
    for (let k = 0; k < length; k++) values[k] /= total
    histograms.push({ first, values })
  }
  const observedFlux = Float64Array.from({ length: nf }, (_, b) => (b === 0 && (x + y) % 4 === 0) ? Number.NaN : 1e-5 * (1 + b) * (1 + 0.1 * x + 0.05 * y))
  const usedBands = observedFlux.filter((v) => !Number.isNaN(v)).length
  return {
    name: `pixel_${x}_${y}`,
    redshift: 0.0123,
    libraryRedshift: 0.01,
    bestOptical: (x * 131 + y * 17) % 5000,
    bestOpticalIndex: 1 + (x * 131 + y * 17) % 5000,
    bestInfrared: (x * 37 + y * 101) % 5000,
    chi2: 0.5 + 10 * frac(x, y, 99),
    scale: 10 ** (6 + 3 * frac(x, y, 98)),
    observedFlux,
    observedSigma: observedFlux.map((v) => 0.1 * v),
    bestFitFlux: Float64Array.from({ length: nf }, (_, b) => 1e-5 * (1 + b) * (1 + 0.1 * x + 0.05 * y) * (1 + 0.02 * (b - 2))),
    usedBands,
    summary,
    histograms: histograms as PixelFit['histograms']
  }
}

/** A galaxy of width x height in 7-row strips, one area per strip, with provenance from two volunteers. */
export function syntheticInput (init: SyntheticInit): GalaxyArchiveInput {
  const { width, height } = init
  const fitted = init.fitted ?? ((x: number, y: number) => (x + 2 * y) % 7 !== 3)
  const histogramLength = init.histogramLength ?? ((x: number, y: number, q: number) => 1 + Math.floor(40 * frac(q, y, x)))
  const areas: Area[] = []
  const pixels: GalaxyArchiveInput['pixels'] = []
  for (let y0 = 0; y0 < height; y0 += 7) {
    const area: Area = { index: areas.length, x0: 0, x1: width, y0, y1: Math.min(height, y0 + 7), pixels: [] }
    for (let y = y0; y < area.y1; y++) {
      for (let x = 0; x < width; x++) {
        if (!fitted(x, y)) continue
        area.pixels.push([x, y])
        pixels.push({ x, y, area: area.index, fit: syntheticFit(x, y, FILTERS.length, histogramLength) })
      }
    }
    areas.push(area)
  }
  const provenance: AreaProvenance[] = areas.map((a) => ({
    area: a.index,
    volunteers: a.index === 0 ? ['local'] : ['12D3KooWvolA', `12D3KooWvol${a.index}`],
    resultCids: a.index === 0 ? [] : [`bafyresult${a.index}a`, `bafyresult${a.index}b`],
    verifierKeys: a.index === 0 ? [] : ['12D3KooWver1', '12D3KooWver2'],
    assimilatedAt: 1_780_000_000 + 60 * a.index
  }))
  return {
    galaxyId: 'g-synthetic-1',
    name: 'NGC 0001 (synthetic)',
    ra: 12.5,
    dec: -30.25,
    redshift: 0.0123,
    width,
    height,
    header: [
      { keyword: 'SIMPLE', value: true, comment: 'conforms to FITS' },
      { keyword: 'OBJECT', value: 'NGC 0001 (synthetic)', comment: 'galaxy' },
      { keyword: 'REDSHIFT', value: 0.0123, comment: '' },
      { keyword: 'NAXIS1', value: width, comment: 'x' }
    ],
    filters: FILTERS.map((f) => ({ ...f })),
    areas,
    provenance,
    pixels,
    run: {
      software: 'pogs',
      version: '0.0.0-test',
      created: '2026-11-25T00:00:00.000Z',
      libraries: [
        { name: 'optical_z0.0100.lbr', redshift: 0.01, sha256: 'a'.repeat(64) },
        { name: 'infrared_z0.0100.lbr', redshift: 0.01, sha256: 'b'.repeat(64), cid: 'bafylib' }
      ],
      signalToNoise: 10
    }
  }
}
