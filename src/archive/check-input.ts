import { N_PARAMETERS, N_VALUES } from '../fit/index.js'
import type { GalaxyArchiveInput } from './archive-input.js'
import { ArchiveError } from './errors.js'

/** Refuses input the archive cannot represent faithfully, before anything is written. */
export function checkArchiveInput (a: GalaxyArchiveInput): void {
  const bad = (why: string): never => { throw new ArchiveError('ERR_ARCHIVE_INPUT', `archive of ${a.name}: ${why}`) }
  if (!Number.isInteger(a.width) || !Number.isInteger(a.height) || a.width < 1 || a.height < 1) bad(`dimensions ${a.width} x ${a.height}`)
  if (!(a.redshift > 0)) bad(`redshift ${a.redshift}`)
  const nf = a.filters.length
  const areas = new Set(a.areas.map((x) => x.index))
  const seen = new Set<number>()
  for (const p of a.pixels) {
    if (!Number.isInteger(p.x) || !Number.isInteger(p.y) || p.x < 0 || p.y < 0 || p.x >= a.width || p.y >= a.height) bad(`pixel (${p.x}, ${p.y}) lies outside ${a.width} x ${a.height}`)
    const at = p.x + a.width * p.y
    if (seen.has(at)) bad(`pixel (${p.x}, ${p.y}) appears twice`)
    seen.add(at)
    if (!areas.has(p.area)) bad(`pixel (${p.x}, ${p.y}) names area ${p.area}, which is not in the archive`)
    const f = p.fit
    if (f.summary.length !== N_PARAMETERS * N_VALUES || f.histograms.length !== N_PARAMETERS) bad(`pixel (${p.x}, ${p.y}) has a malformed result`)
    if (f.observedFlux.length !== nf || f.observedSigma.length !== nf || f.bestFitFlux.length !== nf) bad(`pixel (${p.x}, ${p.y}) has ${f.observedFlux.length} fluxes for ${nf} filters`)
  }
  for (const pr of a.provenance) if (!areas.has(pr.area)) bad(`provenance names area ${pr.area}, which is not in the archive`)
}
