import { readFileSync } from 'node:fs'
import { GalaxyInputError } from '../errors.js'
import type { SynthRecipe } from './recipe.js'

/** A recipe file (seeds/galaxies/*.json): recipe fields, and the library directory relative to the data directory. */
export type RecipeFile = Partial<SynthRecipe> & { libraries?: string }

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
