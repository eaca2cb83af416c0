import { resolve } from 'node:path'
import type { Command } from '../command.js'
import { addToInbox } from '../../src/coordinator/service/inbox/add-to-inbox.js'
import { RUN_NAME } from '../../src/coordinator/service/runs.js'
import { parseCommandArgs, required } from '../../src/util/args.js'
import { UsageError } from '../../src/util/errors.js'
import { galaxyOverrides, OVERRIDE_FLAGS } from './override-flags.js'

const USAGE = 'pogs galaxy add FILE.fits --data COORDINATOR_DIR [--name NAME] [--redshift Z] [--ra DEG] [--dec DEG] [--snr S] [--priority P] [--run NAME] [--json]'

function integer (value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isSafeInteger(n)) throw new UsageError(`--${flag} must be an integer, got ${JSON.stringify(value)}`)
  return n
}

const command: Command = {
  summary: 'drop a galaxy FITS file into a coordinator\'s inbox (the running coordinator registers it and cuts its work)',
  usage: USAGE,
  async run (argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      data: { type: 'string' },
      ...OVERRIDE_FLAGS,
      priority: { type: 'string' },
      run: { type: 'string' },
      json: { type: 'boolean', default: false }
    }, true)
    if (positionals.length !== 1) throw new UsageError(`expected one galaxy FITS file, got ${positionals.length}`)
    const dataDir = resolve(required(values.data, 'data'))
    // The run to fit it in (docs/coordinator.md#runs); without one the coordinator chooses by the galaxy's bands.
    if (values.run !== undefined && !RUN_NAME.test(values.run)) throw new UsageError(`--run must be a run name (letters, digits, '.', '-', '_'), got ${JSON.stringify(values.run)}`)
    const path = addToInbox(dataDir, positionals[0], {
      ...galaxyOverrides(values),
      priority: integer(values.priority, 'priority'),
      ...(values.run !== undefined ? { run: values.run } : {})
    })
    process.stdout.write(values.json ? JSON.stringify({ event: 'queued', file: resolve(positionals[0]), inbox: path }) + '\n' : `${positionals[0]} -> ${path}\n`)
    return 0
  }
}

export default command
