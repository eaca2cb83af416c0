// How an assimilated pixel is kept in the store's pixel_results (docs/coordinator.md):
// - summary: the fitting core's canonical encoding of the pixel's fit with empty histograms: every scalar, the
//   observed and best-fit fluxes and the 16 x 7 summary values (~1.2 kB with 6 bands). It stays for good, so the
//   database can still answer maps and pixel details after the histograms left.
// - histograms: the full canonical encoding (the bytes inside the volunteer's result, ~8 kB), NULL once R mirrors
//   hold the galaxy's archive.
// Rows written before encoding version 2 (float64 histograms) still decode: decodePixelFit reads version 1 back.
import { decodePixelFit, encodePixelFit, type PixelFit } from '../../fit/index.js'
import type { PixelRecord, StoredPixel } from '../lifecycle/index.js'

/** The store record of one fitted pixel. */
export function pixelRecord (x: number, y: number, fit: PixelFit): PixelRecord {
  return { x, y, summary: summaryBytes(fit), histograms: encodePixelFit(fit) }
}

/** The fit without its histograms, canonically encoded. */
export function summaryBytes (fit: PixelFit): Uint8Array {
  const empty = fit.histograms.map(() => ({ first: 0, values: new Float64Array(0) })) as PixelFit['histograms']
  return encodePixelFit({ ...fit, histograms: empty })
}

/** A stored pixel's fit: with its histograms while they are kept, else without. */
export function storedFit (p: Pick<StoredPixel, 'summary' | 'histograms'>): PixelFit {
  return decodePixelFit(p.histograms ?? p.summary)
}
