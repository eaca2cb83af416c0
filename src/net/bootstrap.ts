import { readFile } from 'node:fs/promises'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Libp2p } from '@libp2p/interface'
import { CODE_P2P, multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { BOOTSTRAP_DIAL_TIMEOUT_MS } from './constants.js'
import { AddressError } from './errors.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** Parses one multiaddr, throwing AddressError (not the library's generic error) on garbage. */
export function parseAddress (text: string): Multiaddr {
  try {
    return multiaddr(text.trim())
  } catch {
    throw new AddressError(`not a multiaddr: ${JSON.stringify(text.slice(0, 120))}`)
  }
}

/**
 * Reads a bootstrap list (seeds/bootstrap/README.md): a JSON file naming a network and its seeds, each a multiaddr
 * with /p2p/<peer id>. A missing file is an empty list.
 */
export async function readBootstrapList (path: string): Promise<Multiaddr[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  return parseBootstrapList(text)
}

/** The shape of a bootstrap list file. */
export interface BootstrapListFile {
  /** The network's name (one file per network: `seeds/bootstrap/<network>.json`). */
  network: string
  /** What the list is, for people. */
  description?: string
  /** Seeds: multiaddrs ending in /p2p/<peer id>, so the dialled peer is authenticated. */
  peers: string[]
}

/** Parses the text of a bootstrap list; every entry must name its peer. Anything else is an AddressError. */
export function parseBootstrapList (text: string): Multiaddr[] {
  let file: unknown
  try {
    file = JSON.parse(text)
  } catch {
    throw new AddressError('a bootstrap list must be JSON: { "network": NAME, "peers": [MULTIADDR, ...] }')
  }
  const f = file as Partial<BootstrapListFile> | null
  if (typeof f !== 'object' || f === null || typeof f.network !== 'string' || !Array.isArray(f.peers)) {
    throw new AddressError('a bootstrap list needs "network" (a name) and "peers" (a list of multiaddrs)')
  }
  return f.peers.map((entry, i) => {
    if (typeof entry !== 'string') throw new AddressError(`bootstrap list ${f.network}: peers[${i}] is not a string`)
    const a = parseAddress(entry)
    if (a.getComponents().find((c) => c.name === 'p2p') === undefined) throw new AddressError(`bootstrap list ${f.network}: peers[${i}] ${entry} lacks /p2p/<peer id>`)
    return a
  })
}

/** Parses bootstrap addresses given as text or multiaddrs; every one must name its peer (/p2p/<peer id>). */
export function bootstrapAddresses (list: Array<string | Multiaddr> = []): Multiaddr[] {
  const out = list.map((a) => typeof a === 'string' ? parseAddress(a) : a)
  for (const a of out) {
    if (a.getComponents().find((c) => c.name === 'p2p') === undefined) throw new AddressError(`bootstrap address ${a.toString()} lacks /p2p/<peer id>`)
  }
  return out
}

/**
 * Dials the bootstrap peers at once and returns those that did not answer (rather than throwing, so a peer starts
 * while some of its list is offline; callers decide whether none reachable is fatal).
 */
export async function dialBootstrap (libp2p: Pick<Libp2p, 'dial' | 'peerStore'>, bootstrap: Multiaddr[]): Promise<string[]> {
  const unreachable: string[] = []
  await Promise.all(bootstrap.map(async (a) => {
    try {
      // Kept in the peer store whether or not this dial succeeds: libp2p records an address only after a successful
      // dial, and a peer whose bootstrap dial timed out (load 33) would otherwise know nobody to dial again later
      // (discovery dials the peer store's peers when it has no connection: dht-peers.ts).
      const id = a.getComponents().find((c) => c.name === 'p2p')?.value
      if (id !== undefined) await libp2p.peerStore.merge(peerIdFromString(id), { multiaddrs: [a.decapsulateCode(CODE_P2P)] }).catch(() => {})
      await libp2p.dial(a, { signal: timeoutSignal(BOOTSTRAP_DIAL_TIMEOUT_MS) })
    } catch {
      unreachable.push(a.toString())
    }
  }))
  return unreachable
}
