import type { FitContext } from './context.js'
import { fluxToLsunPerHz, magphysDistanceCm } from './cosmology.js'
import type { FilterSpec } from './filters-file.js'
import { bestFitLuminosities } from './fit-pixel.js'
import { modelFluxesFor } from './model-fluxes.js'
import { preparePhotometry } from './photometry.js'

/**
 * The flux (Jy) that model pair (i, j) scaled by stellar mass `a` gives in each filter at redshift z, exactly
 * as the fit models it: what a pixel made from that pair should observe. Used to forward-model galaxies.
 */
export function modelFluxJy (ctx: FitContext, filters: readonly FilterSpec[], z: number, i: number, j: number, a: number): Float64Array {
  const n = filters.length
  const ph = preparePhotometry({ name: 'model', redshift: z, flux: new Float64Array(n), sigma: new Float64Array(n) }, filters)
  const nIrCols = ph.nfilt - (ph.nSfh - ph.nMix)
  const mf = modelFluxesFor(ctx, z, ph.nSfh, Math.max(0, nIrCols))
  const perJy = fluxToLsunPerHz(1, magphysDistanceCm(z))
  return bestFitLuminosities(ctx, mf, ph, i, j, a).map((l) => l / perJy)
}
