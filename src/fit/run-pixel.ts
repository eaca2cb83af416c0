import { createFitContext, type FitContext } from './context.js'
import { fitPixel } from './fit-pixel.js'
import { formatFitText } from './fit-text.js'
import type { FilterSpec } from './filters-file.js'
import type { LibraryPair } from './library.js'
import type { MdustBlocks } from './mdust-blocks.js'
import type { Observation } from './observations-file.js'
import type { PixelOutcome } from './worker-protocol.js'
import { PogsError } from '../util/errors.js'

const contexts = new WeakMap<LibraryPair, FitContext>()

/** The fit context of a library pair, prepared once per thread (with the pool's shared Mdust blocks, if sent). */
export function contextFor (libs: LibraryPair, mdust?: MdustBlocks): FitContext {
  let ctx = contexts.get(libs)
  if (ctx === undefined) {
    ctx = createFitContext(libs, mdust)
    contexts.set(libs, ctx)
  }
  return ctx
}

/** Fits one pixel and turns every outcome, typed errors included, into a PixelOutcome. */
export function runPixel (libs: LibraryPair, filters: FilterSpec[], obs: Observation, withText: boolean, mdust?: MdustBlocks): PixelOutcome {
  try {
    const ctx = contextFor(libs, mdust)
    const out = fitPixel(ctx, filters, obs)
    if (!out.ok) return { ok: false, unfitted: out.unfitted }
    return { ok: true, fit: out.detail.fit, ...(withText ? { text: formatFitText(ctx, filters, out.detail) } : {}) }
  } catch (err) {
    if (err instanceof PogsError) return { ok: false, error: { name: err.name, code: err.code, message: err.message } }
    throw err
  }
}
