// A home router with a real UPnP IGD: Debian's miniupnpd (nftables backend) inside a router namespace of the
// namespace internet (internet.ts), told its external address by a STUN server on a public host
// (test/helpers/stun-server.ts). Used by test/internet/upnp.test.ts; see docs/network.md, "Port mapping".
//
// miniupnpd 2.3.1 will not forward ports when its WAN address is private (it says "you are probably behind NAT")
// and refuses a private `ext_ip`; our public segment is 10.77.0.0/24, so it runs STUN at start: the STUN server sees
// the router's own WAN address (no NAT before it), all four of miniupnpd's probes come back, and it enables port
// forwarding with that address as the external one. It adds each forward as a DNAT rule in its own nftables table;
// the router's forward chain accepts what its DNAT rules let in (router-rules.ts).
import { existsSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { repoRoot } from '../../../src/util/repo-root.js'
import type { Internet, PublicHost, Router } from './internet.js'
import { jsonLines, named } from './json-lines.js'
import { LAN_IF, WAN_IF } from './router-rules.js'

/** Where Debian's miniupnpd-nftables puts the daemon (test/tools/debian-packages.txt installs it). */
export const MINIUPNPD = '/usr/sbin/miniupnpd'

const STUN_PORT = 3478
/** The port miniupnpd serves its device description and SOAP control on (on the LAN side only). */
const HTTP_PORT = 5000
/** miniupnpd runs STUN (up to 3 rounds of 3 s) before it listens. */
const START_TIMEOUT_MS = 30_000

/** The table and chains miniupnpd adds its rules to (upnp_table_name, upnp_nat_table_name and its default chain
 * names); it expects them to exist. */
const MINIUPNPD_TABLES = `
table inet miniupnpd {
  chain forward {
    type filter hook forward priority filter; policy accept;
    jump miniupnpd
  }
  chain miniupnpd {
  }
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    jump prerouting_miniupnpd
  }
  chain prerouting_miniupnpd {
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    jump postrouting_miniupnpd
  }
  chain postrouting_miniupnpd {
  }
}
`

/** One port forward on the router: TCP to the WAN address on `externalPort` goes to `internalHost:internalPort`. */
export interface PortForward { externalPort: number, internalHost: string, internalPort: number }

/** The daemon, running. */
export interface UpnpRouter {
  /** miniupnpd's log so far (with -d it logs to stderr). */
  log: () => string
  /** The port forwards in the router's nftables now. */
  forwards: () => Promise<PortForward[]>
  /** SIGTERM to miniupnpd; resolves once it exited (teardown kills it anyway). */
  stop: () => Promise<void>
}

/** miniupnpd's configuration: IGD on the LAN bridge only, secure mode (a host maps ports to itself only), the LAN's
 * unprivileged ports only, external address by STUN. */
function config (router: Router, stun: PublicHost): string {
  return [
    `ext_ifname=${WAN_IF}`,
    `listening_ip=${LAN_IF}`,
    `http_port=${HTTP_PORT}`,
    'enable_upnp=yes',
    'enable_natpmp=no',
    'secure_mode=yes',
    'ipv6_disable=yes',
    'system_uptime=no',
    'ext_perform_stun=yes',
    `ext_stun_host=${stun.address}`,
    `ext_stun_port=${STUN_PORT}`,
    'upnp_table_name=miniupnpd',
    'upnp_nat_table_name=miniupnpd',
    'notify_interval=60',
    `uuid=${randomUUID()}`,
    `allow 1024-65535 ${router.lanCidr} 1024-65535`,
    'deny 0-65535 0.0.0.0/0 0-65535',
    ''
  ].join('\n')
}

/**
 * Starts the STUN server on `stun` and miniupnpd in `router`'s namespace, with its configuration and pid file in
 * `dir`; resolves once miniupnpd listens with port forwarding enabled. Both are tracked by `net`: its teardown
 * kills them on success, failure and timeout alike.
 */
export async function startUpnpRouter (net: Internet, router: Router, stun: PublicHost, dir: string): Promise<UpnpRouter> {
  if (!existsSync(MINIUPNPD)) throw new Error(`${MINIUPNPD} is missing: apt-get install miniupnpd-nftables (test/tools/debian-packages.txt)`)
  const stunServer = jsonLines(net.run(stun, process.execPath, ['--import', 'tsx', join(repoRoot(), 'test', 'helpers', 'stun-server.ts'), stun.address, String(STUN_PORT)], { cwd: repoRoot() }))
  await stunServer.next(named('listening'), { timeoutMs: START_TIMEOUT_MS })
  await net.exec(router, 'nft', ['-f', '-'], { input: MINIUPNPD_TABLES })
  const conf = join(dir, 'miniupnpd.conf')
  await writeFile(conf, config(router, stun))
  const daemon = net.run(router, MINIUPNPD, ['-f', conf, '-d', '-P', join(dir, 'miniupnpd.pid')])
  let log = ''
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`miniupnpd did not start within ${START_TIMEOUT_MS} ms:\n${log}`)) }, START_TIMEOUT_MS)
    daemon.stderr.setEncoding('utf8').on('data', (d: string) => {
      log += d
      if (/HTTP listening on port/.test(log)) { clearTimeout(timer); resolve() }
    })
    daemon.once('exit', (code) => { clearTimeout(timer); reject(new Error(`miniupnpd exited (${code}):\n${log}`)) })
  })
  await listening
  if (!log.includes('Port forwarding is now enabled')) throw new Error(`miniupnpd runs with port forwarding disabled:\n${log}`)
  return {
    log: () => log,
    forwards: async () => {
      const chain = await net.exec(router, 'nft', ['list', 'chain', 'inet', 'miniupnpd', 'prerouting_miniupnpd'])
      return [...chain.matchAll(/th dport (\d+) dnat ip to ([\d.]+):(\d+)/g)]
        .map((m) => ({ externalPort: Number(m[1]), internalHost: m[2], internalPort: Number(m[3]) }))
    },
    stop: async () => {
      if (daemon.exitCode !== null || daemon.signalCode !== null) return
      const exited = new Promise<void>((resolve) => { daemon.once('exit', () => { resolve() }) })
      daemon.kill('SIGTERM')
      await exited
    }
  }
}
