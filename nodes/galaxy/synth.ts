import { join } from 'node:path'
import type { Command } from '../command.js'
import { libraryFilters } from './libraries-filters.js'
import { chooseLibrary, listLibraries, readLibraryPair } from '../../src/fit/index.js'
import { writeFits } from '../../src/galaxy/fits/index.js'
import { checkRecipe } from '../../src/galaxy/synth/recipe.js'
import { readRecipeFile, type RecipeFile } from '../../src/galaxy/synth/recipe-file.js'
import { synthesizeGalaxy } from '../../src/galaxy/synth/synthesize.js'
import { parseCommandArgs, finiteNumber, required } from '../../src/util/args.js'
import { writeFileAtomically } from '../../src/util/atomic-write.js'
import { resolveDataDir } from '../../src/util/data-dir.js'
import { UsageError } from '../../src/util/errors.js'

const USAGE = 'pogs galaxy synth (--libraries DIR --size N --redshift Z [--seed S] [--name NAME] [--ra DEG] [--dec DEG] | --recipe FILE [--data-dir DIR]) --out g.fits [--truth truth.json] [--filters FILE]'


function integer (value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n)) throw new UsageError(`--${flag} must be an integer, got ${JSON.stringify(value)}`)
  return n
}

const command: Command = {
  summary: 'forward-model a galaxy from a model library: FITS image layers with noise, and its truth per pixel',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      libraries: { type: 'string' },
      'data-dir': { type: 'string' },
      filters: { type: 'string' },
      recipe: { type: 'string' },
      size: { type: 'string' },
      redshift: { type: 'string' },
      seed: { type: 'string' },
      name: { type: 'string' },
      ra: { type: 'string' },
      dec: { type: 'string' },
      out: { type: 'string' },
      truth: { type: 'string' }
    })
    const out = required(values.out, 'out')
    const fromFile: RecipeFile = values.recipe === undefined ? {} : readRecipeFile(values.recipe)
    const librariesDir = values.libraries ?? (fromFile.libraries === undefined ? required(undefined, 'libraries') : join(resolveDataDir(values['data-dir']), fromFile.libraries))
    const recipe = checkRecipe({
      name: values.name ?? fromFile.name ?? 'synthetic galaxy',
      size: integer(values.size, 'size') ?? fromFile.size ?? Number.NaN,
      redshift: finiteNumber(values.redshift, 'redshift') ?? fromFile.redshift ?? Number.NaN,
      seed: integer(values.seed, 'seed') ?? fromFile.seed ?? 1,
      ra: finiteNumber(values.ra, 'ra') ?? fromFile.ra ?? 150,
      dec: finiteNumber(values.dec, 'dec') ?? fromFile.dec ?? 20
    })
    const filters = libraryFilters(librariesDir, values.filters)
    const libs = readLibraryPair(chooseLibrary(listLibraries(librariesDir), recipe.redshift))
    const g = synthesizeGalaxy(recipe, libs, filters)
    writeFits(out, g.images)
    if (values.truth !== undefined) writeFileAtomically(values.truth, JSON.stringify(g.truth) + '\n')
    process.stderr.write(`pogs galaxy synth: ${recipe.name}, ${recipe.size}x${recipe.size} pixels, ${g.modelled} modelled, ` +
      `${filters.length} bands (${g.missingBand} missing from x = ${g.missingFromX}), library z = ${libs.redshift} -> ${out}\n`)
    return 0
  }
}

export default command
