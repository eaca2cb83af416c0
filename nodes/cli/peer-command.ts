// The start-up and shutdown every peer that joins a project shares (volunteer, verifier, mirror): the network
// flags and --project, a node on --data, `ready`, a clean stop at SIGINT or SIGTERM, `stopped`. The role adds its
// own flags and its service.
import type { Command } from '../command.js'
import type { ListenKind } from '../../src/net/listen-addresses.js'
import { startPogsNode, type PogsNode } from '../../src/net/node.js'
import { parseCommandArgs } from '../../src/util/args.js'
import type { ErrorCode } from '../../src/util/error-codes.js'
import { EventPrinter } from './event-printer.js'
import { printNodeEvents } from './node-events.js'
import { NETWORK_FLAGS, networkUsage, nodeInit, parseNetworkFlags, type FlagOptions, type FlagValues } from './network-flags.js'
import { projectFlag } from './peer-flags.js'
import { untilTerminated } from './terminated.js'

/** What a role's service gets besides its node and settings. */
export interface PeerContext {
  /** The project key (--project; the first, for a role that takes several). */
  project: string
  /** Every --project given, without repeats (one for a role that takes one). */
  projects: string[]
  /** The peer's state directory (--data), the node's too. */
  dataDir: string
  json: boolean
  /** Prints the role's events (JSON lines with --json). */
  out: EventPrinter
}

/** A role's service as the command runs it. */
export interface PeerService {
  /** Fields of `ready` after peerId, addrs and project. */
  ready?: Record<string, unknown>
  /** When `ready` is printed: once the node listens (default), or once start() resolved (the role serves). */
  readyWhen?: 'listening' | 'started'
  /** Starts the role's work; `signal` aborts at SIGINT or SIGTERM (a start cut short so is a clean exit). */
  start: (signal: AbortSignal) => Promise<void>
  stop: () => Promise<void>
  /** Resolves when the role stopped working on its own for good (e.g. VersionTooOldError: this pogs is older than
   * the project accepts); the command then stops and fails with that error (a PogsError exits 1 with its message). */
  failed?: Promise<Error>
  /** Fields of `stopped` after peerId, read once stopped. */
  stopped?: () => Record<string, unknown>
}

/** The role-specific part of a peer command. */
export interface PeerRole<T extends FlagOptions, S> {
  /** How the command is started, for its usage line (`pogs volunteer`). */
  command: string
  summary: string
  /** The role's own flags in the usage line (they go after --project, before the network flags' tail). */
  usage: string
  /** The role's own flags; the network flags (network-flags.ts) and --project are added to them. */
  flags: T
  /** Checks the role's flag values before anything starts (a UsageError for a bad one); returns its settings. */
  settings: (values: FlagValues<T>) => S
  /** Creates the role's service on the started node. */
  create: (node: PogsNode, settings: S, context: PeerContext) => PeerService
  /** How many projects the role serves: one --project (default), or `many` (--project repeatable: a mirror). */
  projects?: 'one' | 'many'
  /** Where the role listens by default: a public role on port 4001, a volunteer on an ephemeral port. */
  listenKind?: ListenKind
  /** Print an `error` event (stage `bootstrap`, code ERR_UNREACHABLE) when no bootstrap peer answered at start
   * (not fatal: the node keeps dialling peers as it needs them). */
  reportUnreachable?: boolean
}

/** A `pogs` command running `role` on a node of its own. Exits 0 after a clean stop. */
export function peerCommand<T extends FlagOptions, S> (role: PeerRole<T, S>): Command {
  const net = networkUsage('required')
  const many = role.projects === 'many'
  return {
    summary: role.summary,
    usage: `${role.command} ${net.head} --project KEY ${many ? '[--project KEY]... ' : ''}${role.usage === '' ? '' : `${role.usage} `}${net.tail}`,
    async run (argv) {
      const { values } = parseCommandArgs(argv, { ...NETWORK_FLAGS, project: { type: 'string', multiple: many }, ...role.flags })
      const flags = await parseNetworkFlags(values as FlagValues<typeof NETWORK_FLAGS>, 'required', role.listenKind ?? 'public-role')
      const given = (values as { project?: string | string[] }).project
      const projects = [...new Set((Array.isArray(given) ? given : [given]).map(projectFlag))]
      const project = projects[0]
      const settings = role.settings(values as FlagValues<T>)
      const out = new EventPrinter(flags.json)
      const terminated = untilTerminated()
      const controller = new AbortController()
      void terminated.then(() => { controller.abort() })
      const node = await startPogsNode(nodeInit(flags))
      const peerId = node.peerId.toString()
      const ready = (service: PeerService): void => {
        out.emit('ready', { peerId, addrs: node.addrs().map(String), project, ...(projects.length > 1 ? { projects } : {}), ...service.ready })
      }
      const unsubscribe = printNodeEvents(node, out, { listensThroughRelay: flags.listen.includes('/p2p-circuit') })
      let service: PeerService | undefined
      try {
        service = role.create(node, settings, { project, projects, dataDir: flags.dataDir, json: flags.json, out })
        if (service.readyWhen !== 'started') ready(service)
        if (role.reportUnreachable === true && node.unreachable.length === flags.bootstrap.length) {
          out.emit('error', { stage: 'bootstrap', code: 'ERR_UNREACHABLE' satisfies ErrorCode, message: 'no bootstrap peer answered' })
        }
        await service.start(controller.signal)
        if (service.readyWhen === 'started') ready(service)
        const failure = await Promise.race([terminated.then(() => undefined), service.failed ?? new Promise<never>(() => {})])
        if (failure !== undefined) throw failure
      } catch (err) {
        // Stopped while still starting (a verifier looking for its project): a clean exit.
        if (!controller.signal.aborted) throw err
      } finally {
        unsubscribe()
        await service?.stop()
        await node.stop()
      }
      out.emit('stopped', { peerId, ...service?.stopped?.() })
      return 0
    }
  }
}
