import { resolve } from 'node:path'
import type { Command } from '../command.js'
import { addToInbox } from '../../src/coordinator/service/inbox/add-to-inbox.js'
import { finiteNumber, parseCommandArgs, required } from '../../src/util/args.js'
import { UsageError } from '../../src/util/errors.js'

const USAGE = 'pogs galaxy add FILE.fits --data COORDINATOR_DIR [--name NAME] [--redshift Z] [--ra DEG] [--dec DEG] [--snr S] [--priority P] [--json]'

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
      name: { type: 'string' },
      redshift: { type: 'string' },
      ra: { type: 'string' },
      dec: { type: 'string' },
      snr: { type: 'string' },
      priority: { type: 'string' },
      json: { type: 'boolean', default: false }
    }, true)
    if (positionals.length !== 1) throw new UsageError(`expected one galaxy FITS file, got ${positionals.length}`)
    const dataDir = resolve(required(values.data, 'data'))
    const redshift = finiteNumber(values.redshift, 'redshift')
    if (redshift !== undefined && !(redshift > 0)) throw new UsageError('--redshift must be > 0')
    const snr = finiteNumber(values.snr, 'snr')
    if (snr !== undefined && !(snr > 0)) throw new UsageError('--snr must be > 0')
    if (values.name !== undefined && values.name.trim() === '') throw new UsageError('--name must not be empty')
    const path = addToInbox(dataDir, positionals[0], {
      name: values.name,
      redshift,
      ra: finiteNumber(values.ra, 'ra'),
      dec: finiteNumber(values.dec, 'dec'),
      snr,
      priority: integer(values.priority, 'priority')
    })
    process.stdout.write(values.json ? JSON.stringify({ event: 'queued', file: resolve(positionals[0]), inbox: path }) + '\n' : `${positionals[0]} -> ${path}\n`)
    return 0
  }
}

export default command
