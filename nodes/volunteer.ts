import '../src/util/polyfill.js'
import { availableParallelism } from 'node:os'
import type { Command } from './command.js'
import { peerCommand, type PeerRole } from './cli/peer-command.js'
import { finiteNumber, positiveInt } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'
import { ProgressMeter, UNITS_PER_CORE, VolunteerService, type ResultHook, type VolunteerEvent } from '../src/volunteer/index.js'
import { LIBRARY_CACHE_BYTES, MAX_NAME_LENGTH } from '../src/volunteer/constants.js'

/** Events shown without --json besides the progress lines: what a person watching should notice. */
const HUMAN_EVENTS = new Set<VolunteerEvent['type']>(['manifest', 'resumed', 'libraries', 'evicted', 'over-budget', 'waiting', 'retrying', 'dropped', 'failed', 'error'])

const FLAGS = {
  'cache-gb': { type: 'string' },
  cpus: { type: 'string' },
  name: { type: 'string' },
  team: { type: 'string' },
  'units-per-core': { type: 'string' }
} as const

/** What a volunteer role is built with besides its flags (set by variants that are no `pogs` command). */
export interface VolunteerRoleInit {
  /** VolunteerInit's result hook: sees each result before it is signed (the demo's dishonest volunteer). */
  resultHook?: ResultHook
  /** Further fields of the `ready` event. */
  ready?: Record<string, unknown>
}

/** The volunteer's settings from its flags. */
export interface VolunteerSettings {
  cpus: number
  unitsPerCore: number
  /** --cache-gb in bytes. */
  libraryCacheBytes: number
  name?: string
  team?: string
}

/** The volunteer role: fits units on --cpus threads and prints its events (progress lines without --json). */
export function volunteerRole (init: VolunteerRoleInit = {}): PeerRole<typeof FLAGS, VolunteerSettings> {
  return {
    command: 'pogs volunteer',
    summary: 'volunteer: fetch work units from a project, fit them on every core, return signed results',
    usage: '[--cpus N] [--name NAME] [--team TEAM] [--units-per-core N] [--cache-gb GIB]',
    flags: FLAGS,
    listenKind: 'volunteer',
    reportUnreachable: true,
    settings (values) {
      const cpus = positiveInt(values.cpus, 'cpus', availableParallelism())
      if (cpus > 1024) throw new UsageError('--cpus must be at most 1024')
      const unitsPerCore = positiveInt(values['units-per-core'], 'units-per-core', UNITS_PER_CORE)
      for (const flag of ['name', 'team'] as const) {
        if ((values[flag]?.length ?? 0) > MAX_NAME_LENGTH) throw new UsageError(`--${flag} must be at most ${MAX_NAME_LENGTH} characters`)
      }
      return { cpus, unitsPerCore, libraryCacheBytes: cacheBytes(values['cache-gb']), name: values.name, team: values.team }
    },
    create (node, settings, { project, dataDir, json, out }) {
      const progress = new ProgressMeter()
      const onEvent = (e: VolunteerEvent): void => {
        const { type, ...fields } = e
        if (json) {
          out.emit(type, fields)
          return
        }
        const line = progress.update(e)
        if (line !== undefined) process.stdout.write(line + '\n')
        if (HUMAN_EVENTS.has(type)) out.emit(type, fields)
      }
      const volunteer = new VolunteerService(node, dataDir, {
        project,
        ...settings,
        ...(init.resultHook === undefined ? {} : { resultHook: init.resultHook }),
        onEvent
      })
      return {
        ready: { cpus: settings.cpus, ...init.ready },
        start: async () => { await volunteer.start() },
        stop: async () => { await volunteer.stop() },
        failed: volunteer.failed,
        stopped: () => ({ ...volunteer.counts() })
      }
    }
  }
}

/** --cache-gb: GiB (decimals allowed) the model libraries may take on disk, in bytes; LIBRARY_CACHE_BYTES without it. */
function cacheBytes (value: string | undefined): number {
  const gib = finiteNumber(value, 'cache-gb', LIBRARY_CACHE_BYTES / 2 ** 30) as number
  if (!(gib > 0)) throw new UsageError(`--cache-gb must be a positive number of GiB, got ${JSON.stringify(value)}`)
  return Math.ceil(gib * 2 ** 30)
}

const command: Command = peerCommand(volunteerRole())

export default command
