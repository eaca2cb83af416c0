// The seed role (docs/network.md, "Seeds"): the long-lived public node a research group runs so that others can
// join. It is a DHT server (project manifests and provider records live on it like on any peer), answers identify,
// ping and AutoNAT (is this volunteer reachable?), and relays control traffic for volunteers behind NAT (Circuit
// Relay v2, with reservation and data limits, so that they can be dialled and punch holes to each other). It fits
// nothing and pins nothing: no Helia, no blockstore.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { LevelDatastore } from 'datastore-level'
import { createLibp2p } from 'libp2p'
import { AddressPolicy, type Cidr, type NetworkMode } from '../net/address-policy.js'
import { bootstrapAddresses, dialBootstrap } from '../net/bootstrap.js'
import { PUBLIC_ROLE_MAX_CONNECTIONS } from '../net/constants.js'
import { loadOrCreateIdentity } from '../net/identity.js'
import { pogsLibp2pOptions, type PogsServices } from '../net/libp2p-options.js'
import { startListening } from '../net/listen-errors.js'
import type { CircuitRelayService } from '@libp2p/circuit-relay-v2'

/** Options of a seed. */
export interface SeedNodeInit {
  /** State directory: identity key, DHT records (kept across restarts, so a restarted seed still answers). */
  dataDir: string
  listen: string[]
  announce?: string[]
  /** Other seeds of the same network. */
  bootstrap?: Array<string | Multiaddr>
  network: NetworkMode
  reachableCidrs?: Cidr[]
  dhtProtocol?: string
  /** Ask the router for a port mapping (a seed at a site without a public address of its own). */
  upnp?: boolean
}

/** A running seed. */
export interface SeedNode {
  peerId: PeerId
  libp2p: Libp2p<PogsServices & { relay: CircuitRelayService }>
  /** The addresses others can dial (announce, else listen minus what the policy keeps to itself). */
  addrs: () => Multiaddr[]
  /** Bootstrap peers that did not answer at start. */
  unreachable: string[]
  /** Volunteers holding a relay slot now. */
  reservations: () => number
  stop: () => Promise<void>
}

/** Starts a seed: listens, dials the other seeds, serves until stopped. */
export async function startSeedNode (init: SeedNodeInit): Promise<SeedNode> {
  const identity = await loadOrCreateIdentity(init.dataDir)
  const bootstrap = bootstrapAddresses(init.bootstrap)
  await mkdir(init.dataDir, { recursive: true })
  const datastore = new LevelDatastore(join(init.dataDir, 'datastore'))
  await datastore.open()
  const options = pogsLibp2pOptions({
    privateKey: identity.privateKey,
    datastore,
    policy: new AddressPolicy(init.network, init.reachableCidrs),
    listen: init.listen,
    announce: init.announce,
    dhtProtocol: init.dhtProtocol,
    relay: 'server',
    upnp: init.upnp,
    // A seed holds one connection per volunteer with a relay slot.
    maxConnections: init.network === 'public' ? PUBLIC_ROLE_MAX_CONNECTIONS : undefined
  })
  const libp2p = await createLibp2p({ ...options, start: false }) as unknown as SeedNode['libp2p']
  const stop = async (): Promise<void> => {
    await libp2p.stop()
    await datastore.close()
  }
  try {
    await startListening(async () => { await libp2p.start() }, init.listen)
  } catch (err) {
    await stop().catch(() => {})
    throw err
  }
  const unreachable = await dialBootstrap(libp2p, bootstrap)
  return {
    peerId: libp2p.peerId,
    libp2p,
    addrs: () => libp2p.getMultiaddrs(),
    unreachable,
    reservations: () => libp2p.services.relay.reservations.size,
    stop
  }
}
