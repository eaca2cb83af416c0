import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair } from '../../src/fit/index.js'
import { writeFits } from '../../src/galaxy/fits/index.js'
import { checkRecipe, type SynthRecipe } from '../../src/galaxy/synth/recipe.js'
import { readRecipeFile } from '../../src/galaxy/synth/recipe-file.js'
import { scoreRecovery } from '../../src/galaxy/synth/recovery.js'
import { synthesizeGalaxy, type TruthFile } from '../../src/galaxy/synth/synthesize.js'
import { repoRoot } from '../../src/util/repo-root.js'

export interface SampleGalaxy {
  recipe: SynthRecipe
  fits: string
  truth: string
}

/** The sample galaxy's recipe (seeds/galaxies/sample.json), its size optionally overridden. */
export function sampleRecipe (size?: number): { recipe: SynthRecipe, libraries: string } {
  const file = readRecipeFile(join(repoRoot(), 'seeds', 'galaxies', 'sample.json'))
  const recipe = checkRecipe({ name: file.name ?? 'sample', size: size ?? file.size ?? Number.NaN, redshift: file.redshift ?? Number.NaN, seed: file.seed ?? 1, ra: file.ra ?? 150, dec: file.dec ?? 20 })
  return { recipe, libraries: file.libraries ?? 'magphys' }
}

/**
 * Writes the sample galaxy (FITS and truth) into `out` from the recipe and the libraries in `libraries`, unless a
 * galaxy of this size is already there.
 */
export function ensureSampleGalaxy (recipe: SynthRecipe, libraries: string, out: string): SampleGalaxy {
  const fits = join(out, `sample-${recipe.size}.fits`)
  const truth = join(out, `sample-${recipe.size}-truth.json`)
  if (!existsSync(fits) || !existsSync(truth)) {
    const filters = readFilters(join(libraries, 'filters.dat'))
    const syn = synthesizeGalaxy(recipe, readLibraryPair(chooseLibrary(listLibraries(libraries), recipe.redshift)), filters)
    writeFits(fits, syn.images)
    writeFileSync(truth, JSON.stringify(syn.truth) + '\n')
  }
  return { recipe, fits, truth }
}

/** Prints how well the fitted pixels recover the truth the galaxy was made from. */
export function printRecovery (truthPath: string, pixels: ReadonlyArray<{ x: number, y: number, fit: { summary: Float64Array } }>, write: (s: string) => void): void {
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as TruthFile
  write(`${'parameter'.padEnd(10)} ${'truth inside 16-84%'.padStart(20)} ${'median |median - truth|'.padStart(24)}\n`)
  for (const p of ['mstar', 'sfr', 'ssfr', 'tau_v'] as const) {
    const r = scoreRecovery(truth, pixels, p)
    write(`${p.padEnd(10)} ${(100 * r.inside16to84).toFixed(1).padStart(19)}% ${r.medianAbsError.toFixed(3).padStart(24)}\n`)
  }
  write('(68% inside means calibrated)\n')
}
