import '../src/util/polyfill.js'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import type { Command } from './command.js'
import { parseCommandArgs, positiveInt, required } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'
import { bootstrapPeers, EventPrinter, untilTerminated } from '../src/net/cli.js'
import { parseProjectKey } from '../src/net/discovery.js'
import { startPogsNode } from '../src/net/node.js'
import { ProgressMeter, scaleSummaries, UNITS_PER_CORE, VolunteerService, type VolunteerEvent } from '../src/volunteer/index.js'
import { MAX_NAME_LENGTH } from '../src/volunteer/constants.js'

const USAGE = 'pogs volunteer --data DIR --bootstrap MULTIADDR [--bootstrap MULTIADDR]... --project KEY [--cpus N] ' +
  '[--name NAME] [--team TEAM] [--units-per-core N] [--listen MULTIADDR]... [--json] [--alter-results]'

/** Events shown without --json besides the progress lines: what a person watching should notice. */
const HUMAN_EVENTS = new Set<VolunteerEvent['type']>(['manifest', 'resumed', 'libraries', 'waiting', 'retrying', 'dropped', 'failed', 'error'])

const command: Command = {
  summary: 'volunteer: fetch work units from a project, fit them on every core, return signed results',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string' },
      bootstrap: { type: 'string', multiple: true },
      project: { type: 'string' },
      cpus: { type: 'string' },
      name: { type: 'string' },
      team: { type: 'string' },
      'units-per-core': { type: 'string' },
      listen: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      // Fault injection (demo --chaos): a dishonest volunteer whose results the verifiers must reject.
      'alter-results': { type: 'boolean', default: false }
    })
    const dataDir = resolve(required(values.data, 'data'))
    const project = required(values.project, 'project')
    try {
      parseProjectKey(project)
    } catch {
      throw new UsageError(`--project ${JSON.stringify(project)} is not a peer id`)
    }
    const cpus = positiveInt(values.cpus, 'cpus', availableParallelism())
    if (cpus > 1024) throw new UsageError('--cpus must be at most 1024')
    const unitsPerCore = positiveInt(values['units-per-core'], 'units-per-core', UNITS_PER_CORE)
    for (const flag of ['name', 'team'] as const) {
      if ((values[flag]?.length ?? 0) > MAX_NAME_LENGTH) throw new UsageError(`--${flag} must be at most ${MAX_NAME_LENGTH} characters`)
    }
    const bootstrap = await bootstrapPeers(values.bootstrap)
    if (bootstrap.length === 0) throw new UsageError('no bootstrap peers: pass --bootstrap MULTIADDR')
    const out = new EventPrinter(values.json)
    const progress = new ProgressMeter()
    const onEvent = (e: VolunteerEvent): void => {
      const { type, ...fields } = e
      if (values.json) {
        out.emit(type, fields)
        return
      }
      const line = progress.update(e)
      if (line !== undefined) process.stdout.write(line + '\n')
      if (HUMAN_EVENTS.has(type)) out.emit(type, fields)
    }
    const terminated = untilTerminated()
    const node = await startPogsNode({ dataDir, bootstrap, listen: values.listen })
    const volunteer = new VolunteerService(node, dataDir, {
      project,
      cpus,
      unitsPerCore,
      name: values.name,
      team: values.team,
      ...(values['alter-results'] ? { tamper: scaleSummaries() } : {}),
      onEvent
    })
    out.emit('ready', { peerId: node.peerId.toString(), addrs: node.addrs().map(String), project, cpus, ...(values['alter-results'] ? { altered: true } : {}) })
    if (node.unreachable.length === bootstrap.length) {
      // Not fatal: the queue is worked through offline and the peers are dialled again when needed.
      onEvent({ type: 'error', stage: 'bootstrap', code: 'ERR_UNREACHABLE', message: 'no bootstrap peer answered' })
    }
    try {
      await volunteer.start()
      await terminated
    } finally {
      await volunteer.stop()
      await node.stop()
    }
    out.emit('stopped', { peerId: node.peerId.toString(), ...volunteer.counts() })
    return 0
  }
}

export default command
