// The pixel sets `npm run bench -- fit` times, one per filter set POGS used (docs/fitting.md#speed): the real
// optical reference pixels, the WISE reference pixels, and the pixels of the run 3 and run 5 recipes of
// seeds/galaxies/ (their libraries built into the cache directory on first use, then reused).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readFilters, readObservations, type FilterSpec, type Observation } from '../src/fit/index.js'
import { recipePixelSet } from '../src/galaxy/synth/pixel-set.js'
import { repoRoot } from '../src/util/repo-root.js'

/** The sets, in the order they are reported. */
export const PIXEL_SET_NAMES = ['z01', 'z01-wise', 'run3', 'run5'] as const
export type PixelSetName = typeof PIXEL_SET_NAMES[number]

/** One pixel set, ready to fit. */
export interface BenchPixelSet {
  name: PixelSetName
  /** What the pixels are, for the report. */
  about: string
  filters: FilterSpec[]
  observations: Observation[]
  libraries: string
  /**
   * How many times the timed run fits the set: a short set is repeated so that a run holds some 30 pixels or more and
   * lasts ~10 s or more on one thread, as a work unit (hundreds of pixels, sized to minutes:
   * docs/galaxy.md#work-units-work-unitsts) does. A run of a second or two, or of a few pixels of unequal cost,
   * measures mostly its end, when one thread has finished and the other has not, and the machine's momentary speed;
   * neither is what a volunteer's threads see over a unit.
   */
  repeat: number
}

/** The timed run's repetitions per set (BenchPixelSet.repeat): z01's 17 pixels take ~1.3 s on one thread, run 5's
 * 36 ~3 s, z01-wise's 8 (0.3 to 4 s each) ~14 s; run 3's 33 take ~25 s once. */
const REPEAT: Record<PixelSetName, number> = { z01: 8, 'z01-wise': 4, run3: 1, run5: 4 }

/** Where the sets' inputs are: the data directory, the cache directory, threads for a library build. */
export interface PixelSetDirs {
  dataDir: string
  cacheDir: string
  buildThreads?: number
}

function referenceSet (name: PixelSetName, about: string, ref: string, libraries: string): BenchPixelSet {
  const filters = readFilters(join(ref, 'filters.dat'))
  return { name, about, filters, observations: readObservations(join(ref, 'observations.dat'), filters.length).rows, libraries, repeat: REPEAT[name] }
}

async function recipeSet (name: PixelSetName, recipe: string, dirs: PixelSetDirs): Promise<BenchPixelSet> {
  const set = await recipePixelSet(join(repoRoot(), 'seeds', 'galaxies', recipe), {
    dataDir: dirs.dataDir,
    cacheDir: dirs.cacheDir,
    threads: dirs.buildThreads,
    onBuild: (dir) => { process.stderr.write(`bench fit: building the libraries of ${recipe} into ${dir} (once)\n`) }
  })
  return { name, about: `${set.name} (seeds/galaxies/${recipe})`, filters: set.filters, observations: set.observations, libraries: set.libraries, repeat: REPEAT[name] }
}

/** Loads one set (for a recipe: synthesizes its galaxy, building its libraries if the cache lacks them). */
export async function loadPixelSet (name: PixelSetName, dirs: PixelSetDirs): Promise<BenchPixelSet> {
  const ref = join(dirs.dataDir, 'reference')
  switch (name) {
    case 'z01': return referenceSet(name, 'UGC05479 real pixels, SDSS u + PS1 grizy', join(ref, 'z01'), join(dirs.dataDir, 'magphys'))
    case 'z01-wise': return referenceSet(name, 'pixels from model pairs, SDSS u + PS1 griz + WISE', join(ref, 'z01-wise'), join(ref, 'z01-wise'))
    case 'run3': return await recipeSet(name, 'run3-pixels.json', dirs)
    case 'run5': return await recipeSet(name, 'run5-pixels.json', dirs)
  }
}

/** The set names of a comma-separated list (empty: every set); throws on an unknown name. */
export function parseSetNames (text: string | undefined): PixelSetName[] {
  const wanted = (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
  const unknown = wanted.filter((w) => !(PIXEL_SET_NAMES as readonly string[]).includes(w))
  if (unknown.length > 0) throw new Error(`unknown pixel set(s) ${unknown.join(', ')}; known: ${PIXEL_SET_NAMES.join(', ')}`)
  return wanted.length === 0 ? [...PIXEL_SET_NAMES] : wanted as PixelSetName[]
}

// A set is handed to the process that times it as JSON (NaN, "no data", as null), so that process holds only the
// fit's copy of the libraries, not the one a recipe's synthesis read.
interface SetFile { name: PixelSetName, about: string, filters: FilterSpec[], libraries: string, repeat: number, observations: Array<{ name: string, redshift: number, flux: Array<number | null>, sigma: Array<number | null> }> }

export function writeSetFile (path: string, set: BenchPixelSet): void {
  const toJson = (a: Float64Array): Array<number | null> => Array.from(a, (v) => (Number.isNaN(v) ? null : v))
  const file: SetFile = { ...set, observations: set.observations.map((o) => ({ name: o.name, redshift: o.redshift, flux: toJson(o.flux), sigma: toJson(o.sigma) })) }
  writeFileSync(path, JSON.stringify(file))
}

export function readSetFile (path: string): BenchPixelSet {
  const file = JSON.parse(readFileSync(path, 'utf8')) as SetFile
  const fromJson = (a: Array<number | null>): Float64Array => Float64Array.from(a, (v) => v ?? Number.NaN)
  return { ...file, observations: file.observations.map((o) => ({ name: o.name, redshift: o.redshift, flux: fromJson(o.flux), sigma: fromJson(o.sigma) })) }
}
