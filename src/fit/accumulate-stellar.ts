// The chi2 loop when every band used sees stars only (rest frame below 2.5 um): a pair's chi2 then depends on its
// optical model alone, so a pair's weight is p_i and one library's marginals follow from prefix sums over
// fmu-sorted models (docs/fitting.md#how-it-is-made-fast).
import type { FitContext } from './context.js'
import { mdustBlocks } from './mdust-blocks.js'
import { mdustCore } from './kernel/mdust-kernel.js'
import { binOf, GRIDS } from './grids.js'
import { CHI2_START, newHistograms, P_LDUST, P_MDUST, P_MSTAR, P_SFR, type Accumulated } from './histograms.js'
import { IR_BINS, OPT_BINS, OPT_BIN_PARAMS, IR_BIN_PARAMS } from './model-tables.js'
import type { ModelFluxes } from './model-fluxes.js'
import type { Photometry } from './photometry.js'
import { chi2Window } from './significance.js'
import { exp, log10, pow } from './libm/index.js'

/** Per-model arrays of one fit, kept per context and reused by its next pixel: allocating ~2 MB of them a pixel
 * cost ~15% of the pixel in garbage collection. */
interface Scratch {
  scale: Float64Array
  chi2s: Float64Array
  prob: Float64Array
  shift: Float64Array
  /** prefix[0] is always 0; the rest is written before it is read. */
  prefix: Float64Array
}

const scratches = new WeakMap<FitContext, Scratch>()

function scratchOf (ctx: FitContext): Scratch {
  let s = scratches.get(ctx)
  if (s === undefined) {
    const no = ctx.libs.optical.n
    s = { scale: new Float64Array(no), chi2s: new Float64Array(no), prob: new Float64Array(no), shift: new Float64Array(no), prefix: new Float64Array(no + 1) }
    scratches.set(ctx, s)
  }
  return s
}

/** Fits with the fast path: valid only when no used band is beyond 2.5 um rest frame. */
export function accumulateStellar (ctx: FitContext, ph: Photometry, mf: ModelFluxes): Accumulated {
  const { tables: t, irLo, irHi, optOrder, optLo, optHi } = ctx
  const no = ctx.libs.optical.n
  const ni = ctx.libs.infrared.n
  const used = ph.used
  const nu = used.length
  const fo = mf.optical
  const nSfh = mf.nSfh
  // First every optical model's scale and chi2 (fit_sed.f's arithmetic, band by band), and the best fit: the
  // first strict minimum in library order.
  const { scale, chi2s, prob, shift, prefix } = scratchOf(ctx)
  scale.fill(0)
  chi2s.fill(Number.POSITIVE_INFINITY)
  prob.fill(0)
  shift.fill(0)
  let pairs = 0
  let best = -1
  let bestChi2 = CHI2_START
  for (let i = 0; i < no; i++) {
    const count = irHi[i] - irLo[i]
    if (count === 0) continue
    const row = i * nSfh
    let num = 0
    let den = 0
    for (let u = 0; u < nu; u++) {
      const k = used[u]
      const m = fo[row + k]
      num += m * ph.flux[k] * ph.weight[k]
      den += (m * m) * ph.weight[k]
    }
    const a = num / den
    let chi2 = 0
    for (let u = 0; u < nu; u++) {
      const k = used[u]
      const d = ph.flux[k] - a * fo[row + k]
      chi2 += (d * d) * ph.weight[k]
    }
    scale[i] = a
    chi2s[i] = chi2
    pairs += count
    if (chi2 < bestChi2) {
      bestChi2 = chi2
      best = i
    }
  }
  const hist = newHistograms()
  const limit = bestChi2 + chi2Window(pairs)
  let ptot = 0
  for (let i = 0; i < no; i++) {
    const chi2 = chi2s[i]
    if (!(chi2 <= limit)) continue
    const p = exp(-0.5 * chi2)
    if (p === 0) continue
    prob[i] = p
    ptot += p * (irHi[i] - irLo[i])
    addOpticalModel(ctx, hist, shift, i, scale[i], p)
  }
  // Mdust in the WebAssembly kernel (kernel/assembly/mdust-core.ts: mdust-blocks.ts' addMdust, to the last bit).
  mdustCore().addMdust(ctx, mdustBlocks(ctx), prob, shift, hist[P_MDUST])
  // Infrared marginals: model j's weight is the summed probability of its compatible optical models.
  for (let s = 0; s < no; s++) prefix[s + 1] = prefix[s] + prob[optOrder[s]]
  for (let j = 0; j < ni; j++) {
    const v = prefix[optHi[j]] - prefix[optLo[j]]
    if (!(v > 0)) continue
    const jb = j * IR_BINS
    for (let s = 0; s < IR_BINS; s++) hist[IR_BIN_PARAMS[s]][t.irBins[jb + s]] += v
  }
  const bestInfrared = best < 0 ? -1 : firstCompatible(ctx, best)
  return { hist, ptot, bestOptical: best, bestInfrared, bestChi2, bestScale: best < 0 ? 0 : scale[best], pairs }
}

/**
 * Adds optical model i with scale a and probability p, times its number of partners, to every histogram but Mdust,
 * and notes its Mdust shift.
 */
function addOpticalModel (ctx: FitContext, hist: Float64Array[], shift: Float64Array, i: number, a: number, p: number): void {
  const t = ctx.tables
  const w = p * (ctx.irHi[i] - ctx.irLo[i])
  const gM = GRIDS[P_MSTAR]
  const gS = GRIDS[P_SFR]
  const gL = GRIDS[P_LDUST]
  const gD = GRIDS[P_MDUST]
  const ob = i * OPT_BINS
  for (let s = 0; s < OPT_BINS; s++) hist[OPT_BIN_PARAMS[s]][t.optBins[ob + s]] += w
  const la = log10(a)
  hist[P_MSTAR][binOf(gM, la)] += w
  hist[P_SFR][binOf(gS, t.lssfrClamped[i] + la)] += w
  hist[P_LDUST][binOf(gL, t.logLdust[i] + la)] += w
  // Mdust mixes both libraries (log10(Mdust_j Ldust_i a_i)): binned for all optical models at once (mdust-blocks.ts).
  shift[i] = (log10(t.ldust[i] * pow(10, la)) - gD.min) * (gD.nbin / (gD.max - gD.min))
}

/** The first infrared model in library order compatible with optical model i (MAGPHYS' tie-break). */
function firstCompatible (ctx: FitContext, i: number): number {
  let first = Number.MAX_SAFE_INTEGER
  for (let q = ctx.irLo[i]; q < ctx.irHi[i]; q++) first = Math.min(first, ctx.irOrder[q])
  return first
}
