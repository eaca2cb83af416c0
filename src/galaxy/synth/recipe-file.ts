import { readFileSync } from 'node:fs'
import { GalaxyInputError } from '../errors.js'
import { checkRecipe, type SynthRecipe } from './recipe.js'

/**
 * Libraries a recipe builds (with the code of `pogs models build`) at its own redshift, instead of naming a
 * directory: the filters file relative to the data directory, the model counts and the models' seed.
 */
export interface LibraryBuild {
  filters: string
  optical: number
  infrared: number
  seed: number
}

/**
 * A recipe file (seeds/galaxies/*.json): recipe fields, and where the libraries come from: `libraries`, a
 * directory relative to the data directory, or `build`, libraries built into the cache directory on first use.
 */
export type RecipeFile = Partial<SynthRecipe> & { libraries?: string, build?: Partial<LibraryBuild> }

/** Defaults of `pogs galaxy synth` for recipe fields that neither the flags nor the file give. */
export const RECIPE_DEFAULTS = { name: 'synthetic galaxy', seed: 1, ra: 150, dec: 20 }
/** Models of each kind and models' seed when `build` does not say: `pogs models build`'s (the real POGS size). */
export const BUILD_DEFAULTS = { optical: 50_000, infrared: 50_000, seed: 1 }

export function readRecipeFile (path: string): RecipeFile {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new GalaxyInputError('ERR_BAD_RECIPE', `${path}: not a JSON recipe (${(err as Error).message})`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new GalaxyInputError('ERR_BAD_RECIPE', `${path}: a recipe is a JSON object`)
  return parsed as RecipeFile
}

/** The checked recipe of a file alone (no flags), defaults applied. */
export function recipeFromFile (file: RecipeFile): SynthRecipe {
  return checkRecipe({
    name: file.name ?? RECIPE_DEFAULTS.name,
    size: file.size ?? Number.NaN,
    redshift: file.redshift ?? Number.NaN,
    seed: file.seed ?? RECIPE_DEFAULTS.seed,
    ra: file.ra ?? RECIPE_DEFAULTS.ra,
    dec: file.dec ?? RECIPE_DEFAULTS.dec,
    ...(file.snr === undefined ? {} : { snr: file.snr }),
    ...(file.missingBands === undefined ? {} : { missingBands: file.missingBands })
  })
}

/** The file's library build with defaults applied and checked, or undefined when it names a directory instead. */
export function libraryBuildOf (file: RecipeFile): LibraryBuild | undefined {
  const bad = (why: string): never => { throw new GalaxyInputError('ERR_BAD_RECIPE', `synthetic galaxy recipe: ${why}`) }
  if (file.build === undefined) return undefined
  if (file.libraries !== undefined) bad('give either libraries (a directory) or build, not both')
  const b = file.build
  if (typeof b !== 'object' || b === null || Array.isArray(b)) bad('build must be an object')
  if (typeof b.filters !== 'string' || b.filters === '') bad('build.filters must name a filters file relative to the data directory')
  const build: LibraryBuild = {
    filters: b.filters as string,
    optical: b.optical ?? BUILD_DEFAULTS.optical,
    infrared: b.infrared ?? BUILD_DEFAULTS.infrared,
    seed: b.seed ?? BUILD_DEFAULTS.seed
  }
  for (const key of ['optical', 'infrared'] as const) {
    if (!Number.isInteger(build[key]) || build[key] < 1) bad(`build.${key} must be a positive integer, got ${String(build[key])}`)
  }
  if (!Number.isInteger(build.seed) || build.seed < 0 || build.seed > 0xffffffff) bad(`build.seed must be an integer in 0..4294967295, got ${String(build.seed)}`)
  return build
}
