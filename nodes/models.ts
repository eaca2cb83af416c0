import '../src/util/polyfill.js'
import { resolve } from 'node:path'
import type { Command } from './command.js'
import { readFilters } from '../src/fit/index.js'
import { buildLibraries, parseRedshifts } from '../src/models/index.js'
import { parseCommandArgs, positiveInt, required } from '../src/util/args.js'
import { resolveDataDir } from '../src/util/data-dir.js'
import { UsageError } from '../src/util/errors.js'
import { startProgress, type Progress } from '../src/util/progress.js'

const USAGE = 'pogs models build --filters FILE [--redshifts LIST|FROM:TO:STEP] [--optical N] [--infrared N] [--seed S] [--out DIR] [--threads N] [--data-dir DIR]'
/** Defaults (docs/design.md#model-preparation): 50,000 models of each kind, z = 0.00-0.10 step 0.01. */
const DEFAULT_MODELS = 50_000
const DEFAULT_REDSHIFTS = '0:0.1:0.01'

/** The flags of a library build (`pogs models build`, `pogs run add --build`). */
export const MODEL_BUILD_FLAGS = {
  filters: { type: 'string' },
  redshifts: { type: 'string' },
  optical: { type: 'string' },
  infrared: { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  'data-dir': { type: 'string' }
} as const

/** The values of MODEL_BUILD_FLAGS as parseCommandArgs gives them. */
export type ModelBuildValues = Partial<Record<keyof typeof MODEL_BUILD_FLAGS, string>>

async function build (argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...MODEL_BUILD_FLAGS, out: { type: 'string' } })
  await buildModels(values, resolve(values.out ?? 'pogs-models'))
  return 0
}

/** Builds the libraries the flags describe into `out` (with its filters.dat), reporting progress on stderr. */
export async function buildModels (values: ModelBuildValues, out: string): Promise<void> {
  const seedText = values.seed ?? '1'
  const seed = Number(seedText)
  if (!/^\d+$/.test(seedText) || seed > 0xffffffff) throw new UsageError(`--seed must be an integer in 0..4294967295, got ${JSON.stringify(seedText)}`)
  let progress: Progress | undefined
  const result = await buildLibraries({
    dataDir: resolveDataDir(values['data-dir']),
    filters: readFilters(required(values.filters, 'filters')),
    redshifts: parseRedshifts(values.redshifts ?? DEFAULT_REDSHIFTS),
    nOptical: positiveInt(values.optical, 'optical', DEFAULT_MODELS),
    nInfrared: positiveInt(values.infrared, 'infrared', DEFAULT_MODELS),
    seed
  }, {
    out,
    threads: values.threads === undefined ? undefined : positiveInt(values.threads, 'threads', 1),
    onProgress: (n, total) => {
      progress ??= startProgress('building models', total)
      if (n > 0) progress.increment(n)
    }
  })
  progress?.stop()
  process.stderr.write(`pogs models: ${result.files.length} libraries in ${out} (${result.opticalCandidates} optical candidates) in ${result.seconds.toFixed(1)} s\n`)
}

const command: Command = {
  summary: 'build MAGPHYS-style optical and infrared model libraries (.lbr) for a filter set and redshift grid',
  usage: USAGE,
  async run (argv) {
    const [verb, ...rest] = argv
    if (verb !== 'build') throw new UsageError(`pogs models: expected the verb build, got ${JSON.stringify(verb ?? '')}`)
    if (rest.includes('--help')) {
      process.stdout.write(`${USAGE}\n  ${command.summary}\n`)
      return 0
    }
    return await build(rest)
  }
}

export default command
