import type { Command } from './command.js'
import { startSeedNode } from '../src/seed/seed-node.js'
import { parseCommandArgs } from '../src/util/args.js'
import type { ErrorCode } from '../src/util/error-codes.js'
import { EventPrinter } from './cli/event-printer.js'
import { NETWORK_FLAGS, networkUsage, parseNetworkFlags } from './cli/network-flags.js'
import { untilTerminated } from './cli/terminated.js'
import { parseProjectKey } from '../src/net/discovery.js'
import { UsageError } from '../src/util/errors.js'
import { DashboardServer, parseHttpAddress } from '../src/web/http-server.js'
import { Router } from '../src/web/router.js'
import { addVolunteerRoutes } from '../src/web/volunteer/volunteer-routes.js'
import { iceServersFor } from '../src/web/volunteer/ice-servers.js'
import { webSocketAddresses } from '../src/web/volunteer/ws-addresses.js'

const NETWORK = networkUsage('optional')

/**
 * `pogs seed`: the long-lived public node others join through (docs/deploy.md): DHT server, identify, ping,
 * AutoNAT and a Circuit Relay v2 server; no fitting, no pinning. Other seeds of the same network go in
 * --bootstrap. Prints `ready` {peerId, addrs}, a `relay` line when the number of relay slots held changes, and
 * `stopped` at SIGINT or SIGTERM. With `--http HOST:PORT --project KEY` it also serves the browser volunteer's page
 * (/volunteer) for that project, bootstrapping the page from this seed's /ws addresses, the seed being the page's
 * relay; `--ice-server` names the page's STUN servers (default: none on a local network, public ones otherwise:
 * docs/network.md#browsers). Prints `http` {url}.
 */
const command: Command = {
  summary: 'seed: a public DHT, AutoNAT and relay node that volunteers and other peers bootstrap from',
  usage: `pogs seed ${NETWORK.head} [--http HOST:PORT --project KEY [--ice-server STUN-URL]...] ${NETWORK.tail}`,
  async run (argv) {
    const { values } = parseCommandArgs(argv, { ...NETWORK_FLAGS, http: { type: 'string' }, project: { type: 'string' }, 'ice-server': { type: 'string', multiple: true } })
    const flags = await parseNetworkFlags(values, 'optional', 'public-role')
    const http = values.http === undefined ? undefined : parseHttpAddress(values.http)
    if ((http === undefined) !== (values.project === undefined)) throw new UsageError('--http and --project go together: the page the seed serves volunteers for one project')
    const project = values.project === undefined ? undefined : parseProjectKey(values.project).toString()
    const iceServers = iceServersFor(flags.network, values['ice-server'])
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
    let page: DashboardServer | undefined
    if (http !== undefined && project !== undefined) {
      page = new DashboardServer(addVolunteerRoutes(new Router(), { project, bootstrap: () => webSocketAddresses(seed.addrs()), relays: () => webSocketAddresses(seed.addrs()), iceServers, dashboard: false }))
      out.emit('http', { url: await page.start(http) })
    }
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
    await page?.stop()
    await seed.stop()
    out.emit('stopped', { peerId })
    return 0
  }
}

export default command
