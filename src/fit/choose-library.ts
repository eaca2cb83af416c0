import { RedshiftOutOfRangeError } from './errors.js'
import type { LibraryFiles } from './library.js'

/** MAGPHYS refuses a pixel whose nearest library redshift is further than 0.005 (a single-precision literal). */
export const MAX_LIBRARY_DZ = Math.fround(0.005)

/**
 * The library pair for a redshift: the nearest one (the lower on a tie, as MAGPHYS' stable sort of zlibs.dat
 * gives), refused when |dz| > 0.005.
 */
export function chooseLibrary (available: readonly LibraryFiles[], z: number): LibraryFiles {
  let best: LibraryFiles | undefined
  let bestDz = Number.POSITIVE_INFINITY
  for (const lib of available) {
    const dz = Math.abs(lib.redshift - z)
    if (dz < bestDz) {
      best = lib
      bestDz = dz
    }
  }
  if (best === undefined || bestDz > MAX_LIBRARY_DZ) throw new RedshiftOutOfRangeError(z, available.map((l) => l.redshift))
  return best
}
