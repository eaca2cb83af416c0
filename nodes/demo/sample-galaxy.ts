import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeArchive } from '../../src/archive/write-archive.js'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair } from '../../src/fit/index.js'
import { readFits, writeFits } from '../../src/galaxy/fits/index.js'
import { fitGalaxy } from '../../src/galaxy/fit-galaxy.js'
import { galaxyFromFits } from '../../src/galaxy/galaxy-input.js'
import { checkRecipe } from '../../src/galaxy/synth/recipe.js'
import { readRecipeFile } from '../../src/galaxy/synth/recipe-file.js'
import { scoreRecovery } from '../../src/galaxy/synth/recovery.js'
import { synthesizeGalaxy, type TruthFile } from '../../src/galaxy/synth/synthesize.js'
import { repoRoot } from '../../src/util/repo-root.js'
import { startProgress, type Progress } from '../../src/util/progress.js'

/**
 * The demo's sample galaxy: generated from seeds/galaxies/sample.json on first use (kept in `out`), every pixel
 * fitted on all cores, the archive written, and the fit scored against the truth it was made from.
 */
export async function sampleGalaxy (data: string, out: string, threads: number | undefined): Promise<{ archive: string, fitted: number }> {
  const file = readRecipeFile(join(repoRoot(), 'seeds', 'galaxies', 'sample.json'))
  const recipe = checkRecipe({ name: file.name ?? 'sample', size: file.size ?? Number.NaN, redshift: file.redshift ?? Number.NaN, seed: file.seed ?? 1, ra: file.ra ?? 150, dec: file.dec ?? 20 })
  const libraries = join(data, file.libraries ?? 'magphys')
  const filters = readFilters(join(libraries, 'filters.dat'))
  const fitsPath = join(out, 'sample.fits')
  const truthPath = join(out, 'sample-truth.json')
  if (!existsSync(fitsPath) || !existsSync(truthPath)) {
    const syn = synthesizeGalaxy(recipe, readLibraryPair(chooseLibrary(listLibraries(libraries), recipe.redshift)), filters)
    writeFits(fitsPath, syn.images)
    writeFileSync(truthPath, JSON.stringify(syn.truth) + '\n')
    process.stdout.write(`\nsample galaxy ${recipe.name}: ${recipe.size}x${recipe.size} pixels generated from seeds/galaxies/sample.json -> ${fitsPath}\n`)
  }
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as TruthFile
  const galaxy = galaxyFromFits(readFits(fitsPath), filters, {}, fitsPath)
  let progress: Progress | undefined
  const started = Date.now()
  const fit = await fitGalaxy(galaxy, {
    libraries,
    catalogue: filters,
    threads,
    onStart: (n) => {
      process.stdout.write(`fitting ${n} pixels of ${galaxy.name} on ${threads ?? 'all'} cores...\n`)
      progress = startProgress('fitting', n)
    },
    onPixel: () => progress?.increment()
  }).finally(() => progress?.stop())
  const archive = join(out, 'sample.h5')
  await writeArchive(archive, fit.archive)
  const seconds = (Date.now() - started) / 1000
  process.stdout.write(`${fit.archive.pixels.length} pixels fitted in ${fit.archive.areas.length} areas, ${seconds.toFixed(1)} s -> ${archive}\n\n`)
  process.stdout.write(`${'parameter'.padEnd(10)} ${'truth inside 16-84%'.padStart(20)} ${'median |median - truth|'.padStart(24)}\n`)
  for (const p of ['mstar', 'sfr', 'ssfr', 'tau_v'] as const) {
    const r = scoreRecovery(truth, fit.archive.pixels, p)
    process.stdout.write(`${p.padEnd(10)} ${(100 * r.inside16to84).toFixed(1).padStart(19)}% ${r.medianAbsError.toFixed(3).padStart(24)}\n`)
  }
  process.stdout.write(`(68% inside means calibrated; see it with: npx pogs archive show ${archive})\n`)
  return { archive, fitted: fit.archive.pixels.length }
}
