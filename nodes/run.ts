import '../src/util/polyfill.js'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Command } from './command.js'
import { buildModels, MODEL_BUILD_FLAGS } from './models.js'
import { ProjectLibraries } from '../src/coordinator/service/libraries.js'
import { registerRunFile } from '../src/coordinator/service/run-registry.js'
import { RUN_NAME } from '../src/coordinator/service/runs.js'
import { parseCommandArgs, required } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'

// `pogs run add`: registers a run (a filter set with its libraries, docs/coordinator.md#runs) with a coordinator by
// its data directory; a running coordinator serves it at once, a stopped one from its next start.
const USAGE = 'pogs run add --data COORDINATOR_DIR --name NAME --libraries LIBDIR [--filters FILE] ' +
  '[--build [--redshifts LIST|FROM:TO:STEP] [--optical N] [--infrared N] [--seed S] [--threads N] [--data-dir DIR]] [--json]'

async function add (argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...MODEL_BUILD_FLAGS,
    data: { type: 'string' },
    name: { type: 'string' },
    libraries: { type: 'string' },
    build: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false }
  })
  const dataDir = resolve(required(values.data, 'data'))
  const name = required(values.name, 'name')
  if (!RUN_NAME.test(name)) throw new UsageError(`--name must be a run name (letters, digits, '.', '-', '_', at most 64), got ${JSON.stringify(name)}`)
  const dir = resolve(required(values.libraries, 'libraries'))
  if (values.build) {
    // The build writes filters.dat beside the libraries: the run's filters are the directory's own.
    await buildModels({ ...values, filters: required(values.filters, 'filters') }, dir)
  } else if (!existsSync(dir)) {
    throw new UsageError(`--libraries ${dir} does not exist (give --build to make the libraries there)`)
  }
  const filters = values.build || values.filters === undefined ? undefined : resolve(values.filters)
  // Checked here as the coordinator will check it, so a bad run is refused before it is registered.
  const run = new ProjectLibraries(dir, [], { name, prefix: '', filters })
  if (run.catalogue === undefined) throw new UsageError(run.catalogueProblem ?? `no filters.dat for run ${name}`)
  if (run.pairCount === 0) throw new UsageError(`${dir} holds no library pair (optical_zZ.lbr with infrared_zZ.lbr at one redshift)`)
  const path = registerRunFile(dataDir, { name, dir, ...(filters !== undefined ? { filters } : {}) })
  const event = { event: 'run-registered', run: name, libraries: dir, pairs: run.pairCount, bands: run.catalogue.length, file: path }
  process.stdout.write(values.json ? JSON.stringify(event) + '\n' : `run ${name}: ${run.pairCount} library pair(s), ${run.catalogue.length} filters, registered in ${join(dataDir, 'runs')}\n`)
  return 0
}

const command: Command = {
  summary: 'register a run (a filter set and its model libraries, built here with --build) with a coordinator, served without a restart',
  usage: USAGE,
  async run (argv) {
    const [verb, ...rest] = argv
    if (verb !== 'add') throw new UsageError(`pogs run: expected the verb add, got ${JSON.stringify(verb ?? '')}`)
    if (rest.includes('--help')) {
      process.stdout.write(`${USAGE}\n  ${command.summary}\n`)
      return 0
    }
    return await add(rest)
  }
}

export default command
