import type { Command } from './command.js'
import { startSeedNode } from '../src/seed/seed-node.js'
import { parseCommandArgs } from '../src/util/args.js'
import type { ErrorCode } from '../src/util/error-codes.js'
import { EventPrinter } from './cli/event-printer.js'
import { NETWORK_FLAGS, networkUsage, parseNetworkFlags } from './cli/network-flags.js'
import { untilTerminated } from './cli/terminated.js'

const NETWORK = networkUsage('optional')

/**
 * `pogs seed`: the long-lived public node others join through (docs/deploy.md): DHT server, identify, ping,
 * AutoNAT and a Circuit Relay v2 server; no fitting, no pinning. Other seeds of the same network go in
 * --bootstrap. Prints `ready` {peerId, addrs}, a `relay` line when the number of relay slots held changes, and
 * `stopped` at SIGINT or SIGTERM.
 */
const command: Command = {
  summary: 'seed: a public DHT, AutoNAT and relay node that volunteers and other peers bootstrap from',
  usage: `pogs seed ${NETWORK.head} ${NETWORK.tail}`,
  async run (argv) {
    const { values } = parseCommandArgs(argv, NETWORK_FLAGS)
    const flags = await parseNetworkFlags(values, 'optional', 'public-role')
    const out = new EventPrinter(flags.json)
    const terminated = untilTerminated()
    const seed = await startSeedNode({
      dataDir: flags.dataDir,
      listen: flags.listen,
      announce: flags.announce,
      bootstrap: flags.bootstrap,
      network: flags.network,
      reachableCidrs: flags.reachableCidrs,
      upnp: flags.upnp
    })
    const peerId = seed.peerId.toString()
    out.emit('ready', { peerId, addrs: seed.addrs().map(String), network: flags.network })
    if (flags.bootstrap.length > 0 && seed.unreachable.length === flags.bootstrap.length) {
      out.emit('error', { stage: 'bootstrap', code: 'ERR_UNREACHABLE' satisfies ErrorCode, message: 'no other seed answered' })
    }
    // Relay slots come and go with volunteers: report the count when it changes (a person watching sees the seed
    // serve; a log shipper gets a gauge).
    let slots = 0
    const onReservation = (): void => {
      const now = seed.reservations()
      if (now !== slots) out.emit('relay', { reservations: now })
      slots = now
    }
    seed.libp2p.services.relay.addEventListener('relay:reservation', onReservation)
    const gauge = setInterval(onReservation, 60_000)
    gauge.unref()
    await terminated
    clearInterval(gauge)
    await seed.stop()
    out.emit('stopped', { peerId })
    return 0
  }
}

export default command
