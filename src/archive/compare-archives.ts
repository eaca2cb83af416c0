// Compares the science of two archives of one galaxy pixel by pixel: which pixels were fitted, their summary
// values, details, fluxes and every histogram, bit for bit (NaN equals NaN), and the WCS that puts them on the
// sky. Provenance, creation times and library CIDs are not science and may differ: that is how a network archive
// is checked against `pogs galaxy fit` of the same galaxy with the same libraries.
import { PARAMETER_NAMES } from '../fit/index.js'
import { formatCard } from '../galaxy/fits/index.js'
import type { GalaxyArchive } from './read-archive.js'

export interface ArchiveComparison {
  /** Pixels fitted in both and compared. */
  compared: number
  /** The first differences found (at most `limit`), in words. */
  differences: string[]
}

function same (a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))
}

function firstDifference (name: string, a: ArrayLike<number>, b: ArrayLike<number>): string | undefined {
  if (a.length !== b.length) return `${name}: ${a.length} values against ${b.length}`
  for (let k = 0; k < a.length; k++) if (!same(a[k], b[k])) return `${name}[${k}]: ${a[k]} against ${b[k]}`
  return undefined
}

/** Compares every pixel of the two archives' images; `limit` caps the differences reported. */
export function compareArchives (a: GalaxyArchive, b: GalaxyArchive, limit = 20): ArchiveComparison {
  const differences: string[] = []
  const note = (d: string): void => { if (differences.length < limit) differences.push(d) }
  if (a.facts.width !== b.facts.width || a.facts.height !== b.facts.height) {
    note(`image ${a.facts.width}x${a.facts.height} against ${b.facts.width}x${b.facts.height}`)
    return { compared: 0, differences }
  }
  const filters = (x: GalaxyArchive): string => x.facts.filters.map((f) => f.name).join(',')
  if (filters(a) !== filters(b)) note(`filters ${filters(a)} against ${filters(b)}`)
  // Where the pixels lie on the sky is part of the science: both paths carry the same cards.
  const wcs = (x: GalaxyArchive): string => x.facts.wcs === undefined ? '(not recorded)' : x.facts.wcs.map(formatCard).join('')
  if (wcs(a) !== wcs(b)) note(`WCS ${wcs(a)} against ${wcs(b)}`)
  let compared = 0
  for (let y = 0; y < a.facts.height; y++) {
    for (let x = 0; x < a.facts.width; x++) {
      const pa = a.pixel(x, y)
      const pb = b.pixel(x, y)
      if (pa === undefined && pb === undefined) continue
      if (pa === undefined || pb === undefined) { note(`pixel (${x}, ${y}) fitted in only one archive`); continue }
      compared++
      const where = `pixel (${x}, ${y})`
      const d = firstDifference(`${where} summary`, pa.summary, pb.summary) ??
        firstDifference(`${where} details`, Object.values(pa.details), Object.values(pb.details)) ??
        firstDifference(`${where} fluxes`, pa.fluxes.flatMap((f) => Object.values(f)), pb.fluxes.flatMap((f) => Object.values(f))) ??
        PARAMETER_NAMES.map((p) => {
          const ha = pa.histogram(p)
          const hb = pb.histogram(p)
          return firstDifference(`${where} ${p} histogram centres`, ha.centres, hb.centres) ?? firstDifference(`${where} ${p} histogram`, ha.probabilities, hb.probabilities)
        }).find((m) => m !== undefined)
      if (d !== undefined) note(d)
    }
  }
  return { compared, differences }
}
