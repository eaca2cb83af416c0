import type { Command } from '../command.js'
import { libraryFilters } from './libraries-filters.js'
import { chooseLibrary, listLibraries, readLibraryPair } from '../../src/fit/index.js'
import { writeFits } from '../../src/galaxy/fits/index.js'
import { fittablePixels, formatObservations } from '../../src/galaxy/synth/pixel-set.js'
import { checkRecipe } from '../../src/galaxy/synth/recipe.js'
import { readRecipeFile, RECIPE_DEFAULTS, type RecipeFile } from '../../src/galaxy/synth/recipe-file.js'
import { recipeLibraries } from '../../src/galaxy/synth/recipe-libraries.js'
import { synthesizeGalaxy } from '../../src/galaxy/synth/synthesize.js'
import { parseCommandArgs, finiteNumber, positiveInt, required } from '../../src/util/args.js'
import { writeFileAtomically } from '../../src/util/atomic-write.js'
import { resolveCacheDir } from '../../src/util/cache-dir.js'
import { resolveDataDir } from '../../src/util/data-dir.js'
import { UsageError } from '../../src/util/errors.js'
import { startProgress, type Progress } from '../../src/util/progress.js'

const USAGE = 'pogs galaxy synth (--libraries DIR --size N --redshift Z [--seed S] [--name NAME] [--ra DEG] [--dec DEG] | --recipe FILE [--data-dir DIR] [--cache-dir DIR] [--threads N]) ' +
  '[--snr LOW:HIGH] [--missing-bands FRACTION] --out g.fits [--truth truth.json] [--observations observations.dat] [--filters FILE]'

function integer (value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n)) throw new UsageError(`--${flag} must be an integer, got ${JSON.stringify(value)}`)
  return n
}

function snrRange (value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined
  const parts = value.split(':').map(Number)
  if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p))) throw new UsageError(`--snr must be LOW:HIGH, got ${JSON.stringify(value)}`)
  return [parts[0], parts[1]]
}

const command: Command = {
  summary: 'forward-model a galaxy from a model library: FITS image layers with noise, and its truth per pixel',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      libraries: { type: 'string' },
      'data-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      threads: { type: 'string' },
      filters: { type: 'string' },
      recipe: { type: 'string' },
      size: { type: 'string' },
      redshift: { type: 'string' },
      seed: { type: 'string' },
      name: { type: 'string' },
      ra: { type: 'string' },
      dec: { type: 'string' },
      snr: { type: 'string' },
      'missing-bands': { type: 'string' },
      out: { type: 'string' },
      truth: { type: 'string' },
      observations: { type: 'string' }
    })
    const out = required(values.out, 'out')
    const fromFile: RecipeFile = values.recipe === undefined ? {} : readRecipeFile(values.recipe)
    const snr = snrRange(values.snr) ?? fromFile.snr
    const missingBands = finiteNumber(values['missing-bands'], 'missing-bands') ?? fromFile.missingBands
    const recipe = checkRecipe({
      name: values.name ?? fromFile.name ?? RECIPE_DEFAULTS.name,
      size: integer(values.size, 'size') ?? fromFile.size ?? Number.NaN,
      redshift: finiteNumber(values.redshift, 'redshift') ?? fromFile.redshift ?? Number.NaN,
      seed: integer(values.seed, 'seed') ?? fromFile.seed ?? RECIPE_DEFAULTS.seed,
      ra: finiteNumber(values.ra, 'ra') ?? fromFile.ra ?? RECIPE_DEFAULTS.ra,
      dec: finiteNumber(values.dec, 'dec') ?? fromFile.dec ?? RECIPE_DEFAULTS.dec,
      ...(snr === undefined ? {} : { snr }),
      ...(missingBands === undefined ? {} : { missingBands })
    })
    let librariesDir = values.libraries
    if (librariesDir === undefined) {
      if (fromFile.libraries === undefined && fromFile.build === undefined) required(undefined, 'libraries')
      let progress: Progress | undefined
      const libs = await recipeLibraries(fromFile, recipe.redshift, {
        dataDir: resolveDataDir(values['data-dir']),
        cacheDir: resolveCacheDir(values['cache-dir']),
        threads: values.threads === undefined ? undefined : positiveInt(values.threads, 'threads', 1),
        onBuild: (dir) => { process.stderr.write(`pogs galaxy synth: building the recipe's libraries into ${dir} (once; reused afterwards)\n`) },
        onProgress: (n, total) => {
          progress ??= startProgress('building models', total)
          if (n > 0) progress.increment(n)
        }
      })
      progress?.stop()
      librariesDir = libs.dir
    }
    const filters = libraryFilters(librariesDir, values.filters)
    const libs = readLibraryPair(chooseLibrary(listLibraries(librariesDir), recipe.redshift))
    const g = synthesizeGalaxy(recipe, libs, filters)
    writeFits(out, g.images)
    if (values.truth !== undefined) writeFileAtomically(values.truth, JSON.stringify(g.truth) + '\n')
    let observed = ''
    if (values.observations !== undefined) {
      const rows = fittablePixels(g, filters)
      writeFileAtomically(values.observations, formatObservations(rows, `${recipe.name}: ${rows.length} fittable pixels of ${out}, libraries ${librariesDir}; Jy`))
      observed = `, ${rows.length} fittable pixels -> ${values.observations}`
    }
    process.stderr.write(`pogs galaxy synth: ${recipe.name}, ${recipe.size}x${recipe.size} pixels, ${g.modelled} modelled, ` +
      `${filters.length} bands (${g.missingBand} missing from x = ${g.missingFromX}${g.bandsDropped > 0 ? `; ${g.bandsDropped} pixels lost 1-3 bands` : ''}), ` +
      `library z = ${libs.redshift} in ${librariesDir} -> ${out}${observed}\n`)
    return 0
  }
}

export default command
