// A pixel's histograms read back from an archive as a fit carries them: per parameter, the first bin of its
// non-zero stretch on the parameter's high-resolution grid and the probabilities. The archive keeps the stretch as
// (bin centre, probability) rows in float32 (write-histograms.ts); probabilities are multiples of 2^-15 (the
// result encoding's rounding), which float32 holds exactly, so a fit rebuilt with these histograms archives to the
// same bytes again.
import { PARAMETER_NAMES, type PixelFit } from '../fit/index.js'
import { GRIDS } from '../fit/grids.js'
import { ArchiveError } from './errors.js'
import type { GalaxyArchive } from './read-archive.js'

/** The 16 histograms of pixel (x, y) as a PixelFit holds them, or undefined when the pixel was not fitted.
 * ERR_NOT_ARCHIVE when a stretch's bin centres are not consecutive centres of the parameter's grid. */
export function archivedHistograms (archive: GalaxyArchive, x: number, y: number): PixelFit['histograms'] | undefined {
  const pixel = archive.pixel(x, y)
  if (pixel === undefined) return undefined
  return PARAMETER_NAMES.map((name, q) => {
    const { centres, probabilities } = pixel.histogram(name)
    if (centres.length === 0) return { first: 0, values: new Float64Array(0) }
    const grid = GRIDS[q].centres
    const first = binOfCentre(grid, centres[0])
    for (let k = 0; k < centres.length; k++) {
      if (first < 0 || first + k >= grid.length || Math.fround(grid[first + k]) !== centres[k]) {
        throw new ArchiveError('ERR_NOT_ARCHIVE', `pixel (${x}, ${y}): the ${name} histogram's bin centres are not on its grid`)
      }
    }
    return { first, values: Float64Array.from(probabilities) }
  }) as PixelFit['histograms']
}

/** The bin whose centre, as float32, is `c` (grid centres ascend), or -1. */
function binOfCentre (grid: Float64Array, c: number): number {
  let lo = 0
  let hi = grid.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (Math.fround(grid[mid]) < c) lo = mid + 1
    else hi = mid
  }
  return lo < grid.length && Math.fround(grid[lo]) === c ? lo : -1
}
