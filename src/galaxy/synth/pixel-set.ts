// A pixel set: the fittable pixels of a recipe's synthetic galaxy, as the fit sees them, with the filters and
// library directory to fit them with. The pixels go through the FITS layers (float32) and pixelObservation, the
// path `pogs galaxy fit` and the network take, so a benchmark or a fit of the set fits what they would.
import { join } from 'node:path'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair, MIN_BANDS, type FilterSpec, type Observation } from '../../fit/index.js'
import { isViable } from '../areas.js'
import { formatFits, parseFits } from '../fits/index.js'
import { galaxyFromFits } from '../galaxy-input.js'
import { pixelObservation } from '../pixel-observation.js'
import { readRecipeFile, recipeFromFile } from './recipe-file.js'
import { recipeLibraries, type RecipeLibrariesInit } from './recipe-libraries.js'
import { synthesizeGalaxy, type SyntheticGalaxy, type TruthFile } from './synthesize.js'

/** The pixels of a galaxy to fit, and what to fit them with. */
export interface PixelSet {
  name: string
  filters: FilterSpec[]
  observations: Observation[]
  /** The library directory (its filters.dat is `filters`). */
  libraries: string
  truth: TruthFile
  /** Whether the libraries were built just now. */
  built: boolean
}

/**
 * The pixels of a synthetic galaxy the fit takes: viable (as the galaxy is cut into areas) and with at least the
 * fit's minimum of bands with flux > 0. Names are `pix_X_Y`: one token, as an observations file needs.
 */
export function fittablePixels (syn: Pick<SyntheticGalaxy, 'images' | 'truth'>, filters: readonly FilterSpec[]): Observation[] {
  const g = galaxyFromFits(parseFits(formatFits(syn.images)), filters)
  const out: Observation[] = []
  for (const { x, y } of syn.truth.pixels) {
    if (!isViable(g, x, y)) continue
    const obs = pixelObservation(g, filters, x, y)
    if (obs.flux.filter((f) => f > 0).length < MIN_BANDS) continue
    out.push({ ...obs, name: `pix_${x}_${y}` })
  }
  return out
}

/** Synthesizes the galaxy of a recipe file (building its libraries into the cache if it names a build) and returns its fittable pixels. */
export async function recipePixelSet (recipePath: string, init: RecipeLibrariesInit & { libraries?: string }): Promise<PixelSet> {
  const file = readRecipeFile(recipePath)
  const recipe = recipeFromFile(file)
  const libs = init.libraries !== undefined ? { dir: init.libraries, built: false } : await recipeLibraries(file, recipe.redshift, init)
  const filters = readFilters(join(libs.dir, 'filters.dat'))
  const syn = synthesizeGalaxy(recipe, readLibraryPair(chooseLibrary(listLibraries(libs.dir), recipe.redshift)), filters)
  return { name: recipe.name, filters, observations: fittablePixels(syn, filters), libraries: libs.dir, truth: syn.truth, built: libs.built }
}

/** Observations as a MAGPHYS observations.dat: name, redshift, then flux and sigma (Jy) per filter; no data is `0 0`. */
export function formatObservations (rows: readonly Observation[], comment: string): string {
  const value = (v: number): string => (Number.isFinite(v) ? v.toExponential(7) : '0')
  const lines = rows.map((o) => {
    const cols = [o.name, o.redshift.toFixed(4)]
    for (let k = 0; k < o.flux.length; k++) {
      const has = Number.isFinite(o.flux[k]) && Number.isFinite(o.sigma[k])
      cols.push(has ? value(o.flux[k]) : '0', has ? value(o.sigma[k]) : '0')
    }
    return cols.join(' ')
  })
  return `# ${comment.replace(/\n/g, ' ')}\n${lines.join('\n')}\n`
}
