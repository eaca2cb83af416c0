// MAGPHYS' `.fit` text layout as the POGS client (fit_sed_skynet, "theSkyNet2" lines) writes it, so that our
// results compare line by line with old runs.
import type { FitContext } from './context.js'
import type { FilterSpec } from './filters-file.js'
import { bestFitLuminosities, type PixelFitDetail } from './fit-pixel.js'
import { fmtE0, fmtE1P, fmtF, fmtI } from './fortran-format.js'
import { LOW_GRIDS } from './grids.js'
import { modelFluxesFor } from './model-fluxes.js'

interface Block {
  title: string
  /** Low-resolution histogram line: 807 (F10.4, 1PE12.3E3) or 812 (1P2E12.3E3). */
  wide: boolean
  /** Percentile line: 61 (5F8.3) or 62 (1P5E12.3E3). */
  expPercentiles: boolean
}

// In PARAMETER_NAMES order, which is also the order of the `.fit` blocks.
const BLOCKS: Block[] = [
  { title: '# ... f_mu (SFH) ...', wide: false, expPercentiles: false },
  { title: '# ... f_mu (IR) ...', wide: false, expPercentiles: false },
  { title: '# ... mu parameter ...', wide: false, expPercentiles: false },
  { title: '# ... tau_V ...', wide: false, expPercentiles: false },
  { title: '# ... sSFR_0.1Gyr ...', wide: true, expPercentiles: true },
  { title: '# ... M(stars) ...', wide: true, expPercentiles: true },
  { title: '# ... Ldust ...', wide: true, expPercentiles: true },
  { title: '# ... T_C^ISM ...', wide: false, expPercentiles: false },
  { title: '# ... T_W^BC ...', wide: false, expPercentiles: false },
  { title: '# ... xi_C^tot ...', wide: false, expPercentiles: false },
  { title: '# ... xi_PAH^tot ...', wide: false, expPercentiles: false },
  { title: '# ... xi_MIR^tot ...', wide: false, expPercentiles: false },
  { title: '# ... xi_W^tot ...', wide: false, expPercentiles: false },
  { title: '# ... tau_V^ISM...', wide: false, expPercentiles: false },
  { title: '# ... M(dust)...', wide: false, expPercentiles: false },
  { title: '# ... SFR_0.1Gyr ...', wide: true, expPercentiles: false }
]

const BEST_FIT_HEADER = '#.fmu(SFH)...fmu(IR)........mu......tauv........sSFR..........M*.......Ldust......T_W^BC.....T_C^ISM' +
  '....xi_C^tot..xi_PAH^tot..xi_MIR^tot....xi_W^tot.....tvism.......Mdust.....SFR'

function filterHeader (filters: readonly FilterSpec[]): string {
  // write(filter_header,*) of character*12 names, then ' #  '//trimmed header, by a list-directed write.
  const names = ' ' + filters.map((f) => f.name.slice(0, 12).padEnd(12)).join('')
  return ' #  ' + names.trimEnd()
}

function eRow (values: ArrayLike<number>): string {
  let s = ''
  for (let k = 0; k < values.length; k++) s += fmtE1P(values[k], 12, 3)
  return s
}

/** The `.fit` text (MAGPHYS layout, '\n' line ends) of one fitted pixel. */
export function formatFitText (ctx: FitContext, filters: readonly FilterSpec[], detail: PixelFitDetail): string {
  const { fit, photometry: ph, summaries } = detail
  const t = ctx.tables
  const i = fit.bestOptical
  const j = fit.bestInfrared
  const a = fit.scale
  const lines: string[] = []
  lines.push(' ####### ' + fit.name.slice(0, 30).padEnd(30))
  lines.push('# OBSERVED FLUXES (and errors):')
  lines.push(filterHeader(filters))
  lines.push(eRow(ph.flux))
  lines.push(eRow(ph.sigma))
  lines.push('#')
  lines.push('# ... Results of fitting the fluxes to the model.....')
  lines.push('#')
  lines.push('# BEST FIT MODEL: (i_sfh, i_ir, chi2, redshift)')
  lines.push(fmtI(fit.bestOpticalIndex, 10) + fmtI(j + 1, 10) + fmtF(fit.chi2 / fit.usedBands, 10, 3) + fmtF(fit.redshift, 12, 6))
  lines.push(BEST_FIT_HEADER)
  lines.push(
    fmtF(t.fmuSfh[i], 10, 3) + fmtF(t.fmuIr[j], 10, 3) + fmtF(t.mu[i], 10, 3) + fmtF(t.tauv[i], 10, 3) +
    fmtE1P(t.ssfr[i], 12, 3) + fmtE1P(a, 12, 3) + fmtE1P(t.ldust[i] * a, 12, 3) +
    fmtF(t.tW[j], 10, 1) + fmtF(t.tC[j], 10, 1) +
    fmtF(t.xiCTot[j], 10, 3) + fmtF(t.xiPahTot[j], 10, 3) + fmtF(t.xiMirTot[j], 10, 3) + fmtF(t.xiWTot[j], 10, 3) + fmtF(t.tvism[i], 10, 3) +
    fmtE1P(t.mdust[j] * a * t.ldust[i], 12, 3) + fmtE1P(t.ssfr[i] * a, 12, 3)
  )
  lines.push(filterHeader(filters))
  const nIrCols = ph.nfilt - (ph.nSfh - ph.nMix)
  const mf = modelFluxesFor(ctx, fit.redshift, ph.nSfh, Math.max(0, nIrCols))
  lines.push(eRow(bestFitLuminosities(ctx, mf, ph, i, j, a)))
  lines.push('#')
  lines.push('# MARGINAL PDF HISTOGRAMS FOR EACH PARAMETER......')
  for (let p = 0; p < BLOCKS.length; p++) {
    const b = BLOCKS[p]
    const low = LOW_GRIDS[p]
    const s = summaries[p]
    lines.push(b.title)
    for (let k = 0; k < low.nbin; k++) {
      lines.push(b.wide ? fmtE1P(low.centres[k], 12, 3, 3) + fmtE1P(s.low[k], 12, 3, 3) : fmtF(low.centres[k], 10, 4) + fmtE1P(s.low[k], 12, 3, 3))
    }
    lines.push('#....percentiles of the PDF......')
    lines.push(s.percentiles.map((v) => b.expPercentiles ? fmtE1P(v, 12, 3, 3) : fmtF(v, 8, 3)).join(''))
    lines.push('# theSkyNet2')
    lines.push(fmtF(s.hpbv, 10, 4) + fmtF(low.centres[0], 10, 4) + fmtF(low.centres[low.nbin - 1], 10, 4) + fmtF(low.centres[1] - low.centres[0], 10, 4))
  }
  lines.push(' #...theSkyNet parameters of this model')
  lines.push(fmtI(fit.bestOpticalIndex, 15) + fmtI(j + 1, 15) + fmtE0(a, 20, 6) + fmtE0(t.fmuSfh[i], 20, 4) + fmtE0(fit.redshift, 10, 2))
  return lines.join('\n') + '\n'
}
