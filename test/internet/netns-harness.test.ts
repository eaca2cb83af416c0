import { execFileSync, spawn } from 'node:child_process'
import { afterAll, describe, expect, test } from 'vitest'
import {
  assertNetnsSupport, createInternet, jsonLines, listNetns, named, runNamespaces, sweep, tcpClient, tcpEchoServer,
  tcpPunch, type Host, type Internet, type JsonEvent, type JsonLines, type PublicHost, type Router
} from '../helpers/netns/index.js'
import { buildOnceOrFailEach } from '../helpers/netns/setup.js'

// The namespace harness itself: one public server, three home routers (two keep-ports, one random-ports) with one
// home host each. Checks what NAT traversal in pogs relies on: masquerade hides home addresses, keep-ports keeps
// the source port and random-ports does not, nothing unsolicited gets in (and nothing is answered with an RST), and
// a TCP simultaneous open from pre-agreed ports crosses two keep-ports routers but not a random-ports one.

const SERVER_PORT = 4000
const HOME_PORT = 5000
const CLIENT_TIMEOUT_MS = 5_000
/** How long an unanswered SYN is given before we call it dropped (ms); a RST would answer within 1 ms here. */
const DROP_TIMEOUT_MS = 1_500

let net: Internet | undefined
let server: PublicHost
let keepA: Router
let keepB: Router
let rand: Router
let alice: Host
let bob: Host
let carol: Host
let serverEvents: JsonLines

buildOnceOrFailEach(build)

async function build (): Promise<void> {
  assertNetnsSupport()
  net = await createInternet()
  server = await net.addPublicHost('server')
  keepA = await net.addRouter('keepa', { nat: 'keep-ports' })
  keepB = await net.addRouter('keepb', { nat: 'keep-ports' })
  rand = await net.addRouter('rand', { nat: 'random-ports' })
  alice = await net.addHomeHost(keepA, 'alice')
  bob = await net.addHomeHost(keepB, 'bob')
  carol = await net.addHomeHost(rand, 'carol')
  serverEvents = jsonLines(net.run(server, process.execPath, tcpEchoServer(SERVER_PORT)))
  await serverEvents.next(named('listening'))
}

afterAll(async () => { await net?.teardown() })

function started (): Internet {
  if (net === undefined) throw new Error('the internet was not built')
  return net
}

/** Runs the client probe on `from` and resolves with its `result` event. */
async function connect (from: Host, host: string, port: number, localPort: number, timeoutMs = CLIENT_TIMEOUT_MS): Promise<JsonEvent> {
  const events = jsonLines(started().run(from, process.execPath, tcpClient(host, port, localPort, timeoutMs)))
  return await events.next(named('result'), { timeoutMs: timeoutMs + 5_000 })
}

/** Both sides of a simultaneous open, released together once both are ready; resolves with both `result`s. */
async function punch (a: Host, aPort: number, b: Host, bPort: number, deadlineMs: number): Promise<[JsonEvent, JsonEvent]> {
  const side = (self: Host, selfPort: number, peer: Host, peerPort: number): { child: ReturnType<Internet['run']>, events: JsonLines } => {
    if (peer.kind !== 'home') throw new TypeError('punch between home hosts')
    const child = started().run(self, process.execPath,
      tcpPunch(peer.router.wanAddress, peerPort, selfPort, { deadlineMs, attemptMs: 1_000, label: self.label }))
    return { child, events: jsonLines(child) }
  }
  const sides = [side(a, aPort, b, bPort), side(b, bPort, a, aPort)]
  await Promise.all(sides.map(async (s) => await s.events.next(named('ready'))))
  for (const s of sides) s.child.stdin.write('go\n')
  const results = await Promise.all(sides.map(async (s) => await s.events.next(named('result'), { timeoutMs: deadlineMs + 5_000 })))
  return [results[0], results[1]]
}

describe('netns harness', () => {
  test('a home host behind keep-ports reaches the server, which sees the router WAN address and the same port', async () => {
    const result = await connect(alice, server.address, SERVER_PORT, 41001)
    expect(result).toMatchObject({ ok: true, reply: 'ping', localPort: 41001 })
    const seen = await serverEvents.next(named('connection'))
    expect(seen.remoteAddress).toBe(keepA.wanAddress)
    expect(seen.remoteAddress).not.toBe(alice.address)
    expect(seen.remotePort).toBe(41001)
  })

  test('behind random-ports the server sees the router WAN address and other ports', async () => {
    const observed: Array<{ local: number, remote: unknown }> = []
    for (let i = 1; i <= 5; i++) {
      const result = await connect(carol, server.address, SERVER_PORT, 42000 + i)
      expect(result).toMatchObject({ ok: true, reply: 'ping' })
      const seen = await serverEvents.next(named('connection'))
      expect(seen.remoteAddress).toBe(rand.wanAddress)
      observed.push({ local: 42000 + i, remote: seen.remotePort })
    }
    expect(observed.some((o) => o.remote !== o.local), JSON.stringify(observed)).toBe(true)
  })

  test('the public server cannot connect to a home host, and routers answer nothing unsolicited', async () => {
    const home = jsonLines(started().run(alice, process.execPath, tcpEchoServer(HOME_PORT)))
    await home.next(named('listening'))
    // The listener is there: the home host reaches it itself.
    expect(await connect(alice, alice.address, HOME_PORT, 0)).toMatchObject({ ok: true })
    // No route from the internet to a LAN.
    expect(await connect(server, alice.address, HOME_PORT, 0)).toMatchObject({ ok: false, error: 'ENETUNREACH' })
    // Even with a route through the router, the SYN is dropped silently (a timeout, not ECONNREFUSED).
    await started().exec(server, 'ip', ['route', 'add', keepA.lanCidr, 'via', keepA.wanAddress])
    expect(await connect(server, alice.address, HOME_PORT, 0, DROP_TIMEOUT_MS)).toMatchObject({ ok: false, error: 'timeout' })
    // Nor does the router itself answer on its WAN address.
    expect(await connect(server, keepA.wanAddress, HOME_PORT, 0, DROP_TIMEOUT_MS)).toMatchObject({ ok: false, error: 'timeout' })
  })

  test('a TCP simultaneous open from pre-agreed ports crosses two keep-ports routers', async () => {
    const [a, b] = await punch(alice, 43001, bob, 43002, 6_000)
    expect(a).toMatchObject({ ok: true, received: 'hello from bob' })
    expect(b).toMatchObject({ ok: true, received: 'hello from alice' })
  })

  test('the same simultaneous open fails across a random-ports router', async () => {
    const [a, c] = await punch(alice, 44001, carol, 44002, 3_000)
    expect(a).toMatchObject({ ok: false })
    expect(c).toMatchObject({ ok: false })
  })

  test('sweep deletes namespaces whose owning process is gone', async () => {
    // A namespace named as if owned by a process that has exited.
    const gone = spawn('true')
    await new Promise((resolve) => gone.on('close', resolve))
    const stale = `pogs-${gone.pid}-beef-stale`
    try {
      execFileSync('ip', ['netns', 'add', stale])
      expect(listNetns()).toContain(stale)
      expect(sweep()).toContain(stale)
      expect(listNetns()).not.toContain(stale)
      // Our own run is alive: untouched.
      for (const n of started().namespaces) expect(listNetns()).toContain(n)
    } finally {
      if (listNetns().includes(stale)) execFileSync('ip', ['netns', 'delete', stale])
    }
  })

  test('teardown kills the processes and leaves no namespace of this run', async () => {
    const run = started()
    const names = [...run.namespaces]
    expect(runNamespaces(run.runId).sort()).toEqual([...names].sort())
    await run.teardown()
    await run.teardown()
    expect(runNamespaces(run.runId)).toEqual([])
    for (const n of names) expect(listNetns()).not.toContain(n)
    await expect(serverEvents.next(named('listening'))).rejects.toMatchObject({ name: 'EventStreamEndedError' })
  })
})
