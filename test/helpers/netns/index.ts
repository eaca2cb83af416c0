/**
 * A small internet on one machine, for tests that must cross hosts and NATs (run as root; Linux network
 * namespaces, `ip` and `nft`). See docs/network.md, "Testing across hosts and NATs".
 *
 *   public host ──┐                  ┌── router (NAT) ── LAN bridge ── home hosts (192.168.N.x)
 *   public host ──┤ switch: br0      │   wan 10.77.0.x    lan 192.168.N.1
 *                 └──────────────────┴── router (NAT) ── ...
 *                   10.77.0.0/24 ("the internet")
 *
 * - Every node is its own namespace named `pogs-<pid>-<tag>-<label>`; the public segment is a bridge inside a
 *   dedicated switch namespace. Nothing is created in the root namespace (veths are created directly between
 *   namespaces; nft tables live inside router namespaces), so deleting the namespaces removes everything.
 * - Routers masquerade LAN -> WAN (`keep-ports` or `random-ports`), drop unsolicited inbound silently (no RST),
 *   and do not route the public segment to their LAN. Public hosts have no route to any LAN. IPv6 is disabled,
 *   so the harness's addresses are the only ones.
 * - `createInternet()` first sweeps namespaces of runs whose owning process is gone; `teardown()` (also run on
 *   exit and SIGINT/SIGTERM/SIGHUP) kills every process in the run's namespaces and deletes them.
 *
 *   assertNetnsSupport()
 *   const net = await createInternet()
 *   const server = await net.addPublicHost('server')
 *   const home = await net.addRouter('home', { nat: 'keep-ports' })
 *   const alice = await net.addHomeHost(home, 'alice')
 *   const srv = jsonLines(net.run(server, process.execPath, tcpEchoServer(4000)))
 *   await srv.next(named('listening'))
 *   ...
 *   await net.teardown()
 */
export { createInternet, Internet } from './internet.js'
export type { HomeHost, Host, InternetInit, NetnsNode, PublicHost, Router, RouterInit, RunOptions } from './internet.js'
export { EVENT_TIMEOUT_MS, EventStreamEndedError, EventTimeoutError, jsonLines, named } from './json-lines.js'
export type { JsonEvent, JsonLines } from './json-lines.js'
export { NETNS_PREFIX, parseNetnsName, runNamespaces, sweep } from './owner.js'
export { assertNetnsSupport, NetnsUnsupportedError } from './preflight.js'
export type { NatKind } from './router-rules.js'
export { tcpClient, tcpEchoServer, tcpPunch } from './tcp-probes.js'
export { listNetns, NetnsCommandError } from './tools.js'
export { MINIUPNPD, startUpnpRouter } from './upnp-router.js'
export type { PortForward, UpnpRouter } from './upnp-router.js'
