// The libraries a recipe is drawn from: a directory of the data directory, or libraries the recipe builds with the
// code of `pogs models build` into the cache directory, once: a build goes to a temporary directory renamed into
// place when complete, so a directory present under its name is whole and is reused.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { parseFilters } from '../../fit/index.js'
import { buildLibraries, redshiftTag } from '../../models/index.js'
import { writeFileAtomically } from '../../util/atomic-write.js'
import { GalaxyInputError } from '../errors.js'
import { libraryBuildOf, type LibraryBuild, type RecipeFile } from './recipe-file.js'

/** Written last into a built library directory: what it was built from. */
export const BUILD_MARKER = 'build.json'
/** Built libraries live in this folder of the cache directory. */
export const LIBRARIES_CACHE = 'libraries'

/** Where and how to find or build a recipe's libraries. */
export interface RecipeLibrariesInit {
  dataDir: string
  cacheDir: string
  /** Threads of a build (default: every core). */
  threads?: number
  /** Called before a build starts, with the directory it will fill (a build of 50,000 + 50,000 models takes minutes). */
  onBuild?: (dir: string) => void
  onProgress?: (done: number, total: number) => void
}

/** A recipe's library directory, and whether it was built just now. */
export interface RecipeLibraries {
  dir: string
  built: boolean
}

/**
 * The cache directory of a build: named by the filters file, redshift, model counts and seed, and a digest of the
 * filters file's text, so that editing the filters gives another directory rather than stale libraries.
 */
export function builtLibrariesDir (cacheDir: string, build: LibraryBuild, redshift: number, filtersText: string): string {
  const digest = createHash('sha256').update(filtersText).digest('hex').slice(0, 12)
  const stem = basename(build.filters, extname(build.filters))
  return join(cacheDir, LIBRARIES_CACHE, `${stem}-z${redshiftTag(redshift)}-o${build.optical}-i${build.infrared}-s${build.seed}-${digest}`)
}

/** Builds the libraries of `build` at `redshift` into the cache unless they are there; returns their directory. */
export async function ensureBuiltLibraries (build: LibraryBuild, redshift: number, init: RecipeLibrariesInit): Promise<RecipeLibraries> {
  const filtersPath = join(init.dataDir, build.filters)
  if (!existsSync(filtersPath)) throw new GalaxyInputError('ERR_BAD_RECIPE', `synthetic galaxy recipe: build.filters ${filtersPath} does not exist`)
  const filtersText = readFileSync(filtersPath, 'utf8')
  const dir = builtLibrariesDir(init.cacheDir, build, redshift, filtersText)
  if (existsSync(join(dir, BUILD_MARKER))) return { dir, built: false }
  init.onBuild?.(dir)
  const temp = `${dir}.tmp-${process.pid}`
  rmSync(temp, { recursive: true, force: true })
  try {
    const result = await buildLibraries({
      dataDir: init.dataDir,
      filters: parseFilters(filtersText, filtersPath),
      redshifts: [redshift],
      nOptical: build.optical,
      nInfrared: build.infrared,
      seed: build.seed
    }, { out: temp, threads: init.threads, onProgress: init.onProgress })
    writeFileAtomically(join(temp, BUILD_MARKER), JSON.stringify({ ...build, redshift, seconds: +result.seconds.toFixed(1) }, null, 2) + '\n')
    renameSync(temp, dir)
  } catch (err) {
    rmSync(temp, { recursive: true, force: true })
    // Another process finished the same build first: theirs is as good as ours.
    if (existsSync(join(dir, BUILD_MARKER))) return { dir, built: false }
    throw err
  }
  return { dir, built: true }
}

/** The recipe file's library directory: `libraries` under the data directory, or its `build` in the cache. */
export async function recipeLibraries (file: RecipeFile, redshift: number, init: RecipeLibrariesInit): Promise<RecipeLibraries> {
  const build = libraryBuildOf(file)
  if (build !== undefined) return await ensureBuiltLibraries(build, redshift, init)
  if (typeof file.libraries !== 'string' || file.libraries === '') throw new GalaxyInputError('ERR_BAD_RECIPE', 'synthetic galaxy recipe: give libraries (a directory under the data directory) or build')
  return { dir: join(init.dataDir, file.libraries), built: false }
}
