// Synthetic but well-formed pixel fits for the archive-scale benchmark: the real PixelFit shape (every scalar, one
// observed, sigma and best-fit flux per catalogue filter, the 16 x 7 summary values with ordered percentiles) and
// 16 normalised high-resolution histograms on MAGPHYS' grids (src/fit/grids.ts) that the real histogram codec
// encodes (a noisy bell over a stretch of bins, so the codec and gzip see what real posteriors look like rather
// than white noise). Cheap and deterministic: the values mean nothing, the bytes are what a result would carry.
import { N_PARAMETERS, N_VALUES, type PixelFit, type SparseHistogram } from '../../src/fit/index.js'
import { GRIDS } from '../../src/fit/grids.js'

/** A small fast PRNG (mulberry32): numbers in [0, 1), the same sequence for the same seed on every machine. */
export function random (seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** How the synthetic histograms spread: about `binsPerPixel` non-zero bins over the 16 parameters (each between
 * half and one and a half times its share), with bin-to-bin scatter of `scatter` of the bell's height. */
export interface HistogramShape {
  binsPerPixel: number
  scatter: number
}

// The summary's 7 values of a parameter whose posterior is a bell at bin `centre` of width `sigma` bins, on the grid:
// best_fit, median, highest_prob_bin, p2_5, p16, p84, p97_5 (ordered as the fit orders them).
function summaryOf (q: number, centre: number, sigma: number, rnd: () => number): number[] {
  const g = GRIDS[q]
  const step = (g.max - g.min) / g.nbin
  const at = (bins: number): number => g.min + step * Math.min(g.nbin - 0.5, Math.max(0.5, centre + bins))
  return [at((rnd() - 0.5) * sigma), at(0), at((rnd() - 0.5) * 0.5), at(-1.96 * sigma), at(-sigma), at(sigma), at(1.96 * sigma)]
}

function histogram (q: number, length: number, rnd: () => number, scatter: number): { h: SparseHistogram, centre: number } {
  const g = GRIDS[q]
  const n = Math.max(1, Math.min(g.nbin, length))
  const first = Math.floor(rnd() * (g.nbin - n + 1))
  const values = new Float64Array(n)
  const mid = (n - 1) / 2
  const sigma = Math.max(0.5, n / 6)
  let total = 0
  for (let k = 0; k < n; k++) {
    const bell = Math.exp(-0.5 * ((k - mid) / sigma) ** 2)
    values[k] = Math.max(0, bell * (1 + scatter * (2 * rnd() - 1)))
    total += values[k]
  }
  for (let k = 0; k < n; k++) values[k] /= total
  return { h: { first, values }, centre: first + mid }
}

/** A fit of pixel (x, y) named `name`, with `filters` fluxes (the catalogue's length), from seed `seed`. */
export function syntheticFit (name: string, x: number, y: number, filters: number, shape: HistogramShape, seed: number): PixelFit {
  const rnd = random((seed ^ Math.imul(x + 1, 0x9e3779b1) ^ Math.imul(y + 1, 0x85ebca6b)) >>> 0)
  const summary = new Float64Array(N_PARAMETERS * N_VALUES)
  const histograms: SparseHistogram[] = []
  const share = shape.binsPerPixel / N_PARAMETERS
  for (let q = 0; q < N_PARAMETERS; q++) {
    const { h, centre } = histogram(q, Math.round(share * (0.5 + rnd())), rnd, shape.scatter)
    histograms.push(h)
    summary.set(summaryOf(q, centre, Math.max(0.5, h.values.length / 6), rnd), q * N_VALUES)
  }
  const level = 1e-5 * (1 + 0.01 * x + 0.005 * y)
  const observedFlux = Float64Array.from({ length: filters }, (_, b) => level * (1 + 0.3 * b) * (0.9 + 0.2 * rnd()))
  const model = rnd()
  return {
    name,
    redshift: 0.01,
    libraryRedshift: 0.01,
    bestOptical: Math.floor(model * 50_000),
    bestOpticalIndex: 1 + Math.floor(model * 50_000),
    bestInfrared: Math.floor(rnd() * 50_000),
    chi2: 0.5 + 10 * rnd(),
    scale: 10 ** (6 + 3 * rnd()),
    observedFlux,
    observedSigma: observedFlux.map((v) => 0.1 * v),
    bestFitFlux: observedFlux.map((v) => v * (0.95 + 0.1 * rnd())),
    usedBands: filters,
    summary,
    histograms: histograms as PixelFit['histograms']
  }
}
