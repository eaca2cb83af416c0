// The flags every network role takes (coordinator, seed, volunteer, verifier, mirror), declared and checked here
// only: a flag added here reaches every role's command line, usage line and node (docs/deploy.md, "Addresses").
import { isIP } from 'node:net'
import { resolve } from 'node:path'
import type { ParseArgsConfig } from 'node:util'
import type { Multiaddr } from '@multiformats/multiaddr'
import { parseCidr, parseNetworkMode, type Cidr, type NetworkMode } from '../../src/net/address-policy.js'
import { PUBLIC_ROLE_MAX_CONNECTIONS, VOLUNTEER_MAX_CONNECTIONS } from '../../src/net/constants.js'
import { defaultListen, parseAnnounce, parseListen, resolveNetworkMode, type ListenKind } from '../../src/net/listen-addresses.js'
import type { PogsNodeInit } from '../../src/net/node.js'
import { type parseCommandArgs, required } from '../../src/util/args.js'
import { PogsError, UsageError } from '../../src/util/errors.js'
import { bootstrapPeers } from './peer-flags.js'

/** Flag declarations as parseCommandArgs takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>

/** The values parseCommandArgs gives for the flags `T`. */
export type FlagValues<T extends FlagOptions> = ReturnType<typeof parseCommandArgs<T>>['values']

/** The network flags; a role merges its own into them. */
export const NETWORK_FLAGS = {
  data: { type: 'string' },
  bootstrap: { type: 'string', multiple: true },
  listen: { type: 'string', multiple: true },
  announce: { type: 'string', multiple: true },
  network: { type: 'string' },
  'reachable-cidr': { type: 'string', multiple: true },
  upnp: { type: 'boolean', default: false },
  'dial-from': { type: 'string' },
  json: { type: 'boolean', default: false }
} as const satisfies FlagOptions

/**
 * Where a role's bootstrap peers come from. `required` (a peer joining a project): the --bootstrap flags, else
 * seeds/bootstrap/default.json, and none at all is a usage error. `optional` (the coordinator, a network's first
 * peer): the --bootstrap flags given, if any.
 */
export type BootstrapRule = 'required' | 'optional'

/** The network flags in a usage line: `head` right after the command's name, `tail` at the end. */
export function networkUsage (bootstrap: BootstrapRule): { head: string, tail: string } {
  const peers = bootstrap === 'required' ? '--bootstrap MULTIADDR [--bootstrap MULTIADDR]...' : '[--bootstrap MULTIADDR]...'
  return {
    head: `--data DIR ${peers}`,
    tail: '[--listen MULTIADDR]... [--announce MULTIADDR]... [--network public|local] [--reachable-cidr CIDR]... [--upnp] [--dial-from IP] [--json]'
  }
}

/** The network flags, checked. */
export interface NetworkFlags {
  /** --data, resolved: the peer's state directory. */
  dataDir: string
  bootstrap: Multiaddr[]
  /** --listen, else the default of the role's kind and the network mode (listen-addresses.ts). */
  listen: string[]
  /** --announce, checked (without /p2p/: libp2p appends our own id). */
  announce: string[]
  /** --network, else public as soon as a bootstrap or announce address is off this machine. */
  network: NetworkMode
  reachableCidrs: Cidr[]
  upnp: boolean
  /** A volunteer on a public network uses the DHT as a client only (src/net/node.ts, dhtClient). */
  dhtClient: boolean
  /** On a public network: few for a volunteer on a home line, many for a public role (src/net/constants.ts). */
  maxConnections: number | undefined
  /** --dial-from: the local IP address outgoing TCP connections are made from (a host with several addresses). */
  dialFrom: string | undefined
  /** --json: one JSON object per line per event. */
  json: boolean
}

/** A bad address flag is a usage error (exit 2, with the usage line), whatever layer found it. */
function asUsage<T> (parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    if (err instanceof PogsError && !(err instanceof UsageError)) throw new UsageError(err.message)
    throw err
  }
}

/** Checks the network flags' values; a bad or missing one is a UsageError. */
export async function parseNetworkFlags (values: FlagValues<typeof NETWORK_FLAGS>, bootstrap: BootstrapRule, kind: ListenKind): Promise<NetworkFlags> {
  const dataDir = resolve(required(values.data, 'data'))
  const peers = bootstrap === 'optional' && values.bootstrap === undefined ? [] : await bootstrapPeers(values.bootstrap)
  if (bootstrap === 'required' && peers.length === 0) throw new UsageError('no bootstrap peers: pass --bootstrap MULTIADDR')
  const announce = asUsage(() => (values.announce ?? []).map((a) => parseAnnounce(a)))
  const explicit = values.network === undefined ? undefined : asUsage(() => parseNetworkMode(values.network as string))
  const network = resolveNetworkMode(explicit, peers, announce)
  const listen = values.listen === undefined ? defaultListen(kind, network) : asUsage(() => (values.listen ?? []).map(parseListen))
  const reachableCidrs = asUsage(() => (values['reachable-cidr'] ?? []).map(parseCidr))
  const dhtClient = kind === 'volunteer' && network === 'public'
  const maxConnections = network === 'local' ? undefined : kind === 'volunteer' ? VOLUNTEER_MAX_CONNECTIONS : PUBLIC_ROLE_MAX_CONNECTIONS
  return { dataDir, bootstrap: peers, listen, announce: announce.map(String), network, reachableCidrs, upnp: values.upnp, dhtClient, maxConnections, dialFrom: parseDialFrom(values['dial-from']), json: values.json }
}

/** What the network flags give a node: startPogsNode's init, or a service's that starts its own node. */
export function nodeInit (flags: NetworkFlags): Pick<PogsNodeInit, 'dataDir' | 'bootstrap' | 'listen' | 'announce' | 'network' | 'reachableCidrs' | 'upnp' | 'dhtClient' | 'maxConnections' | 'dialFrom'> {
  return {
    dataDir: flags.dataDir,
    bootstrap: flags.bootstrap,
    listen: flags.listen,
    announce: flags.announce,
    network: flags.network,
    reachableCidrs: flags.reachableCidrs,
    upnp: flags.upnp,
    dhtClient: flags.dhtClient,
    maxConnections: flags.maxConnections,
    ...(flags.dialFrom !== undefined ? { dialFrom: flags.dialFrom } : {})
  }
}

/** `--dial-from`: an IP address of this host. */
function parseDialFrom (value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (isIP(value) === 0) throw new UsageError(`--dial-from must be an IP address of this host, got ${JSON.stringify(value.slice(0, 64))}`)
  return value
}
