// Picks each pixel's model pair from the library. The optical model is drawn with probability exp(-d^2/2), d the
// scaled distance of its (sSFR, tauV, mu) from the pixel's targets: a broad kernel, so the maps show while the
// truths stay spread like the library (the fit's prior). Drawing only among the few nearest made the truths
// atypical and the fitted intervals over-cover (measured: SFR truth inside 16-84% for 86-89% of pixels with
// widths of 0.2-0.8 dex, 78% with these). The infrared model is one the fit would pair with it (fmu within half
// the energy-balance tolerance), among the few nearest to the dust temperatures.
import { FMU_TOLERANCE } from '../../fit/context.js'
import type { FitContext } from '../../fit/index.js'
import type { PixelTargets } from './disc-maps.js'
import type { Random } from './random.js'

/** How many nearest infrared models the choice is made from. */
const CANDIDATES = 8
/** Kernel widths: a difference of one width counts as much in each parameter. */
const SCALE_LOG_SSFR = 1.2
const SCALE_TAUV = 1.0
const SCALE_MU = 0.15
const SCALE_TC = 1.5
const SCALE_TW = 4
/** Stay well inside the fit's energy-balance window, so the pair is one the fit itself considers. */
const FMU_MARGIN = 0.5 * FMU_TOLERANCE

/** Keeps the k smallest (distance, index) pairs seen. */
class Nearest {
  readonly dist: Float64Array
  readonly index: Int32Array
  count = 0
  constructor (readonly k: number) {
    this.dist = new Float64Array(k).fill(Infinity)
    this.index = new Int32Array(k).fill(-1)
  }

  offer (d: number, i: number): void {
    if (d >= this.dist[this.k - 1]) return
    let at = this.k - 1
    while (at > 0 && this.dist[at - 1] > d) {
      this.dist[at] = this.dist[at - 1]
      this.index[at] = this.index[at - 1]
      at--
    }
    this.dist[at] = d
    this.index[at] = i
    this.count = Math.min(this.k, this.count + 1)
  }

  pick (random: Random): number {
    return this.index[Math.floor(random.uniform() * this.count)]
  }
}

export interface ModelChooser {
  choose: (targets: PixelTargets, random: Random) => { optical: number, infrared: number }
}

export function modelChooser (ctx: FitContext): ModelChooser {
  const t = ctx.tables
  const nOpt = t.fmuSfh.length
  const nIr = t.fmuIr.length
  const logSsfr = Float64Array.from(t.ssfr, (v) => v > 0 ? Math.log10(v) : -14)
  return {
    choose (targets, random) {
      // Draw the optical model with probability exp(-d^2 / 2): a broad kernel around the targets, so truths are
      // spread like the library (the fit's prior) near the maps, not pinned to the few nearest models.
      const weights = new Float64Array(nOpt)
      let total = 0
      for (let i = 0; i < nOpt; i++) {
        const a = (logSsfr[i] - targets.logSsfr) / SCALE_LOG_SSFR
        const b = (t.tauv[i] - targets.tauV) / SCALE_TAUV
        const c = (t.mu[i] - targets.mu) / SCALE_MU
        const w = Math.exp(-0.5 * (a * a + b * b + c * c))
        weights[i] = w
        total += w
      }
      let u = random.uniform() * total
      let optical = 0
      while (optical < nOpt - 1 && u >= weights[optical]) u -= weights[optical++]
      const fmu = t.fmuSfh[optical]
      const ir = new Nearest(CANDIDATES)
      for (let j = 0; j < nIr; j++) {
        if (Math.abs(t.fmuIr[j] - fmu) > FMU_MARGIN) continue
        const a = (t.tC[j] - targets.tC) / SCALE_TC
        const b = (t.tW[j] - targets.tW) / SCALE_TW
        ir.offer(a * a + b * b, j)
      }
      if (ir.count === 0) {
        // No infrared model close enough in fmu (a sparse library): take the closest in fmu.
        for (let j = 0; j < nIr; j++) ir.offer(Math.abs(t.fmuIr[j] - fmu), j)
      }
      return { optical, infrared: ir.pick(random) }
    }
  }
}
