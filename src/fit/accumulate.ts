// Chooses the chi2 loop for a pixel (docs/fitting.md#how-it-is-made-fast): when every band used sees stars only,
// chi2 depends on the optical model alone (accumulate-stellar.ts); otherwise the bounded pair loop
// (accumulate-bounded.ts), which falls back to fit_sed.f's own loop (accumulate-pairs.ts) where it must.
import { accumulateBounded } from './accumulate-bounded.js'
import { accumulateStellar } from './accumulate-stellar.js'
import type { FitContext } from './context.js'
import type { Accumulated } from './histograms.js'
import type { ModelFluxes } from './model-fluxes.js'
import type { Photometry } from './photometry.js'

export type { Accumulated } from './histograms.js'

/** Fits one pixel's photometry against the library pair: histograms, total probability and best fit. */
export function accumulate (ctx: FitContext, ph: Photometry, mf: ModelFluxes): Accumulated {
  const firstIr = ph.nSfh - ph.nMix
  const stellarOnly = ph.used.every((k) => k < firstIr)
  return stellarOnly ? accumulateStellar(ctx, ph, mf) : accumulateBounded(ctx, ph, mf)
}
