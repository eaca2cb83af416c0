import '../src/util/polyfill.js'
import { resolve } from 'node:path'
import type { Command } from './command.js'
import { EventPrinter } from './cli/event-printer.js'
import { printNodeEvents } from './cli/node-events.js'
import { NETWORK_FLAGS, networkUsage, nodeInit, parseNetworkFlags } from './cli/network-flags.js'
import { peerIdFlags } from './cli/peer-flags.js'
import { untilTerminated } from './cli/terminated.js'
import { parseCommandArgs, positiveInt, required } from '../src/util/args.js'
import { isVersion } from '../src/util/app-version.js'
import type { ErrorCode } from '../src/util/error-codes.js'
import { UsageError } from '../src/util/errors.js'
import { CoordinatorService, type CoordinatorEventName, type CoordinatorEvents } from '../src/coordinator/service/index.js'
import type { NetworkGrouping } from '../src/coordinator/service/request-network.js'
import { RUN_NAME, type RunSpec } from '../src/coordinator/service/runs.js'
import { MAX_RINGERS_PER_UNIT, type LifecycleInit } from '../src/coordinator/lifecycle/index.js'
import { STATS_INTERVAL_MS } from '../src/coordinator/stats/index.js'
import { Dashboard, DEFAULT_HTTP_ADDRESS, parseHttpAddress } from '../src/web/index.js'
import { iceServersFor } from '../src/web/volunteer/ice-servers.js'

// The first peer of its network: bootstrap peers are optional.
const NETWORK = networkUsage('optional')
const USAGE = `pogs coordinator ${NETWORK.head} --libraries LIBDIR [--run NAME=LIBDIR]... [--verifier PEERID]... [--mirror PEERID]... [--submitter PEERID]... [--max-submission MIB] ` +
  '[--verifier-quorum N] [--receipts R] [--deadline SECONDS] [--replication N] [--quorum N] [--pixels-per-unit N] [--ringers N] [--locality on|off] ' +
  '[--retry-after SECONDS] [--min-app-version VERSION] [--http HOST:PORT|off] [--ice-server STUN-URL]... [--stats-interval SECONDS] ' +
  `[--replica-networks address|key] [--replica-ipv4-prefix N] [--replica-ipv6-prefix N] ${NETWORK.tail}`

/** A positive integer flag, absent -> undefined (the store's default applies). */
function optionalInt (value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : positiveInt(value, flag, 1)
}

/** --ringers: known-answer pixels per unit, 0..MAX_RINGERS_PER_UNIT (0: none); absent -> the store's default. */
function ringersFlag (value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_RINGERS_PER_UNIT) {
    throw new UsageError(`--ringers must be a whole number in 0..${MAX_RINGERS_PER_UNIT}, got ${JSON.stringify(value)}`)
  }
  return n
}

/** --run NAME=LIBDIR (repeatable): the coordinator's runs beyond the default one (docs/coordinator.md#runs). */
function runFlags (values: string[] | undefined): RunSpec[] {
  return (values ?? []).map((v) => {
    const at = v.indexOf('=')
    const name = at < 0 ? '' : v.slice(0, at)
    const dir = at < 0 ? '' : v.slice(at + 1)
    if (!RUN_NAME.test(name) || dir === '') throw new UsageError(`--run must be NAME=LIBDIR with a run name of letters, digits, '.', '-', '_', got ${JSON.stringify(v)}`)
    return { name, dir: resolve(dir) }
  })
}

/** An on|off flag; absent -> undefined (the store's default applies). */
function onOffFlag (value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined
  if (value !== 'on' && value !== 'off') throw new UsageError(`--${flag} must be on or off, got ${JSON.stringify(value)}`)
  return value === 'on'
}

const command: Command = {
  summary: 'run a project coordinator: galaxies from its inbox into work units, results verified, assimilated and archived',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      ...NETWORK_FLAGS,
      libraries: { type: 'string' },
      run: { type: 'string', multiple: true },
      verifier: { type: 'string', multiple: true },
      mirror: { type: 'string', multiple: true },
      submitter: { type: 'string', multiple: true },
      'max-submission': { type: 'string' },
      'verifier-quorum': { type: 'string' },
      receipts: { type: 'string' },
      deadline: { type: 'string' },
      replication: { type: 'string' },
      quorum: { type: 'string' },
      'pixels-per-unit': { type: 'string' },
      ringers: { type: 'string' },
      locality: { type: 'string' },
      'retry-after': { type: 'string' },
      'min-app-version': { type: 'string' },
      http: { type: 'string' },
      'ice-server': { type: 'string', multiple: true },
      'stats-interval': { type: 'string' },
      'replica-networks': { type: 'string' },
      'replica-ipv4-prefix': { type: 'string' },
      'replica-ipv6-prefix': { type: 'string' }
    })
    const network = await parseNetworkFlags(values, 'optional', 'public-role')
    const { dataDir } = network
    const librariesDir = resolve(required(values.libraries, 'libraries'))
    const runs = runFlags(values.run)
    const verifiers = peerIdFlags(values.verifier, 'verifier')
    const mirrors = peerIdFlags(values.mirror, 'mirror')
    // Research groups' keys allowed to send galaxies over /pogs/submit (`pogs galaxy submit`).
    const submitters = peerIdFlags(values.submitter, 'submitter')
    const deadline = optionalInt(values.deadline, 'deadline')
    const lifecycle: Omit<LifecycleInit, 'verifiers'> = {
      verifierQuorum: optionalInt(values['verifier-quorum'], 'verifier-quorum'),
      mirrorReceipts: optionalInt(values.receipts, 'receipts'),
      deadlineMs: deadline === undefined ? undefined : deadline * 1000,
      replication: optionalInt(values.replication, 'replication'),
      minQuorum: optionalInt(values.quorum, 'quorum'),
      pixelsPerUnit: optionalInt(values['pixels-per-unit'], 'pixels-per-unit'),
      ringersPerUnit: ringersFlag(values.ringers),
      locality: onOffFlag(values.locality, 'locality')
    }
    if (lifecycle.verifierQuorum !== undefined && lifecycle.verifierQuorum > verifiers.length) {
      throw new UsageError(`--verifier-quorum ${lifecycle.verifierQuorum} exceeds the ${verifiers.length} --verifier given`)
    }
    if ((lifecycle.minQuorum ?? 2) > (lifecycle.replication ?? 2)) throw new UsageError('--quorum must not exceed --replication')
    // The dashboard (docs/web.md): loopback by default; `off` serves nothing (the statistics export still runs).
    const http = values.http === 'off' ? undefined : parseHttpAddress(values.http ?? DEFAULT_HTTP_ADDRESS)
    // STUN servers for the volunteer page's WebRTC between pages (docs/network.md#browsers).
    const iceServers = iceServersFor(network.network, values['ice-server'])
    // The lowest pogs version the project accepts (docs/deploy.md#upgrades); the service checks it is not above ours.
    const minAppVersion = values['min-app-version']
    if (minAppVersion !== undefined && !isVersion(minAppVersion)) throw new UsageError(`--min-app-version must be a semantic version (1.2.3), got ${JSON.stringify(minAppVersion)}`)
    const statsIntervalMs = positiveInt(values['stats-interval'], 'stats-interval', STATS_INTERVAL_MS / 1000) * 1000
    const replicaNetworks = parseReplicaNetworks(values)
    const out = new EventPrinter(network.json)
    const terminated = untilTerminated()
    const service = new CoordinatorService({
      ...nodeInit(network),
      librariesDir,
      runs,
      verifiers,
      mirrors,
      submitters,
      ...(values['max-submission'] === undefined ? {} : { maxSubmissionBytes: positiveInt(values['max-submission'], 'max-submission', 512) * 1024 * 1024 }),
      // Deadlines are checked a few times per deadline (at most each minute), so a short test deadline bites.
      ...(deadline === undefined ? {} : { tickIntervalMs: Math.min(60_000, Math.max(1_000, (deadline * 1000) / 4)) }),
      ...(values['retry-after'] === undefined ? {} : { retryAfterS: positiveInt(values['retry-after'], 'retry-after', 60) }),
      ...(minAppVersion === undefined ? {} : { minAppVersion }),
      lifecycle: Object.fromEntries(Object.entries(lifecycle).filter(([, v]) => v !== undefined)),
      replicaNetworks,
      statsExport: { intervalMs: statsIntervalMs }
    })
    printEvents(service, out, network.json)
    const ready = await service.start()
    out.emit('ready', { peerId: ready.peerId, addrs: ready.addrs, project: ready.project })
    const unsubscribe = printNodeEvents(service.network.node, out)
    for (const lib of ready.libraries) out.emit('library', { name: lib.name, cid: lib.cid.toString(), size: lib.size })
    out.emit('published', { sequence: ready.sequence, libraries: ready.libraries.length })
    const dashboard = http === undefined ? undefined : await startDashboard(service, out, { http, dataDir, librariesDir, iceServers })
    await terminated
    unsubscribe()
    await dashboard?.stop()
    await service.stop()
    out.emit('stopped', { peerId: ready.peerId })
    return 0
  }
}

/** How work requests are grouped into networks for replica diversity (docs/work-lifecycle.md#trust): by address
 * prefix (the default on a public network) or by key (the default on a local one). */
function parseReplicaNetworks (values: Record<string, string | boolean | string[] | boolean[] | undefined>): Partial<NetworkGrouping> {
  const by = values['replica-networks']
  if (by !== undefined && by !== 'address' && by !== 'key') throw new UsageError(`--replica-networks must be address or key, got ${JSON.stringify(by)}`)
  const v4 = values['replica-ipv4-prefix'] as string | undefined
  const v6 = values['replica-ipv6-prefix'] as string | undefined
  const out: Partial<NetworkGrouping> = {}
  if (by !== undefined) out.by = by
  if (v4 !== undefined) out.ipv4Prefix = boundedInt(v4, 'replica-ipv4-prefix', 8, 32)
  if (v6 !== undefined) out.ipv6Prefix = boundedInt(v6, 'replica-ipv6-prefix', 16, 128)
  return out
}

function boundedInt (value: string, flag: string, min: number, max: number): number {
  const n = positiveInt(value, flag, min)
  if (n < min || n > max) throw new UsageError(`--${flag} must lie in ${min}..${max}, got ${n}`)
  return n
}

/**
 * Starts the dashboard and prints `http` {url}; a port already taken is a `warning` and no dashboard (the
 * coordinator's work does not depend on it; the service publishes the statistics export either way).
 */
async function startDashboard (service: CoordinatorService, out: EventPrinter,
  init: { http: ReturnType<typeof parseHttpAddress>, dataDir: string, librariesDir: string, iceServers: string[] }): Promise<Dashboard | undefined> {
  try {
    const dashboard = await Dashboard.start(service, {
      ...init,
      onError: (task, err) => { out.emit('error', { task, code: (err as { code?: string }).code ?? 'ERR_INTERNAL' satisfies ErrorCode, message: (err as Error).message }) }
    })
    out.emit('http', { url: dashboard.url })
    return dashboard
  } catch (err) {
    out.emit('warning', { code: 'ERR_HTTP_UNAVAILABLE' satisfies ErrorCode, message: `the dashboard cannot listen on ${init.http.host}:${init.http.port}: ${(err as Error).message}` })
    return undefined
  }
}

/** Event fields as printed: the archive path under `archive`, credit lines flattened in text mode. */
const PRINTED: { [K in CoordinatorEventName]?: (e: CoordinatorEvents[K], json: boolean) => Record<string, unknown> } = {
  archived: (e) => ({ galaxy: e.galaxy, archive: e.path, cid: e.cid, sha256: e.sha256, size: e.size, pixels: e.pixels }),
  assigned: (e) => ({ peer: e.peer, units: e.units.length }),
  'unit-created': (e) => ({ count: e.count }),
  credit: (e, json) => json
    ? { ...e }
    : {
        volunteers: e.volunteers.map((v) => `${v.name ?? v.peerId}:${v.total}`),
        teams: e.teams.map((t) => `${t.name}:${t.total}`)
      }
}

/** Prints every service event after `ready` (which the command prints itself, with the libraries). */
function printEvents (service: CoordinatorService, out: EventPrinter, json: boolean): void {
  const names: CoordinatorEventName[] = ['galaxy-added', 'rejected', 'run-added', 'unit-created', 'assigned', 'result', 'verdict', 'verify-pending', 'verify-failed',
    'assimilated', 'archived', 'catalogue', 'receipt', 'pin-failed', 'detail-dropped', 'timed-out', 'abandoned', 'banned', 'starved', 'credit', 'stats-exported', 'warning', 'error']
  for (const name of names) {
    service.on(name, (e) => {
      const format = PRINTED[name] as ((e: unknown, json: boolean) => Record<string, unknown>) | undefined
      out.emit(name, format === undefined ? { ...e } : format(e, json))
    })
  }
}

export default command
