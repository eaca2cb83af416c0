// One peer of the hole-punching e2e test (test/internet/hole-punch-nat.test.ts), run inside a network namespace:
//   node --import tsx test/helpers/hole-punch-peer.ts relay PORT
//   node --import tsx test/helpers/hole-punch-peer.ts peer RELAY_MULTIADDR
// Prints JSON lines: `ready` {peer, addrs}, then `hole-punch` (the service's event detail), and one line per command.
// Commands (JSON lines on stdin): {cmd: 'dial', addr} -> `dialled` {limited}; {cmd: 'echo', peer} -> `echo`
// {ok, error?, direct?}; {cmd: 'connections', peer} -> `connections` {direct, relayed}.
import '../../src/util/polyfill.js'
import { createInterface } from 'node:readline'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import type { Libp2p, Stream } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { holePunch, type HolePunchService } from '../../src/net/hole-punch/index.js'

/** The protocol the test sends over the punched connection: refused on limited (relayed) connections. */
export const ECHO_PROTOCOL = '/test/echo/1.0.0'

const emit = (e: Record<string, unknown>): void => { process.stdout.write(JSON.stringify(e) + '\n') }

async function startRelay (port: number): Promise<Libp2p> {
  return await createLibp2p({
    addresses: { listen: [`/ip4/0.0.0.0/tcp/${port}`] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), relay: circuitRelayServer() }
  })
}

async function startPeer (relay: string): Promise<Libp2p<{ holePunch: HolePunchService }>> {
  const node = await createLibp2p({
    addresses: {
      listen: ['/ip4/0.0.0.0/tcp/0', '/p2p-circuit'],
      // Only relayed addresses go out: the direct path must come from the punch.
      announceFilter: (addrs) => addrs.filter((a) => a.toString().includes('/p2p-circuit'))
    },
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), holePunch: holePunch() }
  })
  node.services.holePunch.addEventListener('hole-punch', (evt) => { emit({ event: 'hole-punch', ...evt.detail }) })
  await node.handle(ECHO_PROTOCOL, async (stream: Stream) => {
    const lp = lpStream(stream)
    await lp.write(await lp.read())
    await stream.close()
  })
  await node.dial(multiaddr(relay), { signal: AbortSignal.timeout(10_000) })
  // The reservation adds a /p2p-circuit address; wait for it (bounded by the test's event timeout).
  while (!node.getMultiaddrs().some((a) => a.toString().includes('/p2p-circuit'))) {
    await new Promise((resolve) => { node.addEventListener('self:peer:update', resolve, { once: true }) })
  }
  return node
}

async function command (node: Libp2p, line: string): Promise<void> {
  const c = JSON.parse(line) as { cmd: string, addr?: string, peer?: string }
  if (c.cmd === 'dial') {
    const conn = await node.dial(multiaddr(c.addr ?? ''), { signal: AbortSignal.timeout(10_000) })
    emit({ event: 'dialled', limited: conn.limits !== undefined })
  } else if (c.cmd === 'echo') {
    try {
      const stream = await node.dialProtocol(peerIdFromString(c.peer ?? ''), ECHO_PROTOCOL, { signal: AbortSignal.timeout(5_000) })
      const lp = lpStream(stream)
      await lp.write(new TextEncoder().encode('ping'))
      const back = new TextDecoder().decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray())
      await stream.close()
      emit({ event: 'echo', ok: back === 'ping' })
    } catch (err) {
      emit({ event: 'echo', ok: false, error: (err as Error).name })
    }
  } else if (c.cmd === 'connections') {
    const conns = node.getConnections(peerIdFromString(c.peer ?? '')).filter((x) => x.status === 'open')
    emit({
      event: 'connections',
      direct: conns.filter((x) => x.direct && x.limits === undefined).map((x) => x.remoteAddr.toString()),
      relayed: conns.filter((x) => !x.direct).map((x) => x.remoteAddr.toString())
    })
  }
}

const [mode, arg] = process.argv.slice(2)
const node = mode === 'relay' ? await startRelay(Number(arg)) : await startPeer(arg)
emit({ event: 'ready', peer: node.peerId.toString(), addrs: node.getMultiaddrs().map((a) => a.toString()) })
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  command(node, line).catch((err: Error) => { emit({ event: 'error', error: err.name, message: err.message }) })
})
lines.on('close', () => { void Promise.resolve(node.stop()).then(() => process.exit(0)) })
