import { N_PARAMETERS, N_VALUES } from '../fit/index.js'
import type { ArchiveHead, ArchivePixel, GalaxyArchiveInput } from './archive-input.js'
import { archiveHead } from './archive-input.js'
import { ArchiveError } from './errors.js'

function refuse (name: string, why: string): never {
  throw new ArchiveError('ERR_ARCHIVE_INPUT', `archive of ${name}: ${why}`)
}

/** Refuses a head the archive cannot represent faithfully (its size, redshift, provenance of unknown areas). */
export function checkArchiveHead (a: ArchiveHead): void {
  const bad = (why: string): never => refuse(a.name, why)
  if (!Number.isInteger(a.width) || !Number.isInteger(a.height) || a.width < 1 || a.height < 1) bad(`dimensions ${a.width} x ${a.height}`)
  if (!(a.redshift > 0)) bad(`redshift ${a.redshift}`)
  const areas = new Set(a.areas.map((x) => x.index))
  for (const pr of a.provenance) if (!areas.has(pr.area)) bad(`provenance names area ${pr.area}, which is not in the archive`)
}

/**
 * A check of the pixels of one archive, one at a time: each inside the image, once, in a known area, with a
 * well-formed result and one flux per filter. Remembers one bit per image pixel.
 */
export function pixelChecker (a: ArchiveHead): (p: ArchivePixel) => void {
  const bad = (why: string): never => refuse(a.name, why)
  const nf = a.filters.length
  const areas = new Set(a.areas.map((x) => x.index))
  const seen = new Uint8Array(Math.ceil((a.width * a.height) / 8))
  return (p) => {
    if (!Number.isInteger(p.x) || !Number.isInteger(p.y) || p.x < 0 || p.y < 0 || p.x >= a.width || p.y >= a.height) bad(`pixel (${p.x}, ${p.y}) lies outside ${a.width} x ${a.height}`)
    const at = p.x + a.width * p.y
    if ((seen[at >> 3] & (1 << (at & 7))) !== 0) bad(`pixel (${p.x}, ${p.y}) appears twice`)
    seen[at >> 3] |= 1 << (at & 7)
    if (!areas.has(p.area)) bad(`pixel (${p.x}, ${p.y}) names area ${p.area}, which is not in the archive`)
    const f = p.fit
    if (f.summary.length !== N_PARAMETERS * N_VALUES || f.histograms.length !== N_PARAMETERS) bad(`pixel (${p.x}, ${p.y}) has a malformed result`)
    if (f.observedFlux.length !== nf || f.observedSigma.length !== nf || f.bestFitFlux.length !== nf) bad(`pixel (${p.x}, ${p.y}) has ${f.observedFlux.length} fluxes for ${nf} filters`)
  }
}

/** Refuses input the archive cannot represent faithfully, before anything is written. */
export function checkArchiveInput (a: GalaxyArchiveInput): void {
  const head = archiveHead(a)
  checkArchiveHead(head)
  const check = pixelChecker(head)
  for (const p of a.pixels) check(p)
}
