import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { repoRoot } from '../../src/util/repo-root.js'
import {
  assertNetnsSupport, createInternet, jsonLines, named, type HomeHost, type Host, type Internet, type JsonEvent,
  type JsonLines, type PublicHost
} from '../helpers/netns/index.js'
import { buildOnceOrFailEach } from '../helpers/netns/setup.js'

// Hole punching across real NATs (test/helpers/netns): a relay on the public segment, alice and bob behind two
// keep-ports routers, carol behind a random-ports one. Each peer is its own process in its own namespace
// (test/helpers/hole-punch-peer.ts), reserves a slot on the relay and advertises only its relayed address. The
// routers drop the first SYN that reaches them unasked, so the punch between alice and bob is a true TCP
// simultaneous open; carol's router gives each mapping a new port, so punching to her must fail, cleanly.

const RELAY_PORT = 4001
/** A session of 3 attempts of at most 5 s of punching and 10 s of upgrade each, plus the relayed exchange. */
const SESSION_TIMEOUT_MS = 60_000

interface Peer { events: JsonLines, send: (c: Record<string, unknown>) => void, id: string, circuit: string }

let net: Internet | undefined
let relayHost: PublicHost
let relayAddr: string
let alice: Peer
let bob: Peer
let carol: Peer
let aliceHost: HomeHost
let bobHost: HomeHost

buildOnceOrFailEach(build, 120_000)
afterAll(async () => { await net?.teardown() })

async function build (): Promise<void> {
  assertNetnsSupport()
  net = await createInternet()
  relayHost = await net.addPublicHost('relay')
  const keepA = await net.addRouter('keepa', { nat: 'keep-ports' })
  const keepB = await net.addRouter('keepb', { nat: 'keep-ports' })
  const rand = await net.addRouter('rand', { nat: 'random-ports' })
  aliceHost = await net.addHomeHost(keepA, 'alice')
  bobHost = await net.addHomeHost(keepB, 'bob')
  const carolHost = await net.addHomeHost(rand, 'carol')
  const relay = spawnPeer(relayHost, ['relay', String(RELAY_PORT)])
  const ready = await relay.events.next(named('ready'), { timeoutMs: 30_000 })
  relayAddr = `/ip4/${relayHost.address}/tcp/${RELAY_PORT}/p2p/${String(ready.peer)}`
  ;[alice, bob, carol] = await Promise.all([aliceHost, bobHost, carolHost].map(async (h) => await startPeer(h)))
}

function spawnPeer (host: Host, args: string[]): { events: JsonLines, send: (c: Record<string, unknown>) => void } {
  if (net === undefined) throw new Error('the internet was not built')
  const child = net.run(host, process.execPath, ['--import', 'tsx', join(repoRoot(), 'test', 'helpers', 'hole-punch-peer.ts'), ...args], {
    cwd: repoRoot(),
    // The session's log goes to stderr, whose tail a failed wait prints.
    env: { ...process.env, DEBUG: 'pogs:hole-punch,pogs:hole-punch:12D3*' }
  })
  return { events: jsonLines(child), send: (c) => { child.stdin.write(JSON.stringify(c) + '\n') } }
}

async function startPeer (host: Host): Promise<Peer> {
  const p = spawnPeer(host, ['peer', relayAddr])
  const ready = await p.events.next(named('ready'), { timeoutMs: 60_000 })
  const circuit = (ready.addrs as string[]).find((a) => a.includes('/p2p-circuit'))
  if (circuit === undefined) throw new Error(`no relayed address: ${JSON.stringify(ready)}`)
  return { ...p, id: String(ready.peer), circuit }
}

async function ask (peer: Peer, cmd: Record<string, unknown>, answer: string): Promise<JsonEvent> {
  peer.send(cmd)
  return await peer.events.next(named(answer), { timeoutMs: 20_000 })
}

const punchWith = (peer: Peer) => (e: JsonEvent): boolean => e.event === 'hole-punch' && e.peer === peer.id

/** Each [peer, other] pair's session event; on a timeout, every peer's events and log tail in the error. */
async function sessions (pairs: Array<[Peer, Peer]>): Promise<JsonEvent[]> {
  const settled = await Promise.allSettled(pairs.map(async ([peer, other]) => await peer.events.next(punchWith(other), { timeoutMs: SESSION_TIMEOUT_MS })))
  if (settled.every((s) => s.status === 'fulfilled')) return settled.map((s) => (s as PromiseFulfilledResult<JsonEvent>).value)
  const peers = { alice, bob, carol }
  const report = Object.entries(peers).map(([name, p]) => `${name} (${p.id}): ${JSON.stringify(p.events.events)}\n${p.events.stderr()}`)
  throw new Error(`no session event from ${settled.flatMap((s, k) => s.status === 'rejected' ? [pairs[k][0].id] : []).join(', ')}\n${report.join('\n')}`)
}

describe('hole punching across NAT routers', () => {
  test('two peers behind keep-ports routers punch a direct connection and use it', async () => {
    // Over the relay alone the echo protocol is refused (limited connection).
    expect(await ask(alice, { cmd: 'dial', addr: bob.circuit }, 'dialled')).toMatchObject({ limited: true })
    // Bob was dialled over the relay: he initiates.
    const [b, a] = await sessions([[bob, alice], [alice, bob]])
    expect(b).toMatchObject({ role: 'initiator', outcome: 'direct', path: 'public' })
    expect(a).toMatchObject({ role: 'responder', outcome: 'direct', path: 'public' })
    // The direct connection goes to the other router's WAN address, never to a home address.
    const conns = await ask(alice, { cmd: 'connections', peer: bob.id }, 'connections')
    expect(conns.direct).toHaveLength(1)
    expect((conns.direct as string[])[0]).toContain(`/ip4/${bobHost.router.wanAddress}/tcp/`)
    expect(await ask(alice, { cmd: 'echo', peer: bob.id }, 'echo')).toMatchObject({ ok: true })
    expect(await ask(bob, { cmd: 'echo', peer: alice.id }, 'echo')).toMatchObject({ ok: true })
  })

  test('a punch across a random-ports router fails cleanly on both sides', async () => {
    expect(await ask(carol, { cmd: 'dial', addr: alice.circuit }, 'dialled')).toMatchObject({ limited: true })
    const [a, c] = await sessions([[alice, carol], [carol, alice]])
    expect(a).toMatchObject({ role: 'initiator', outcome: 'failed', path: 'public', attempts: 3, reason: 'ERR_PUNCH_TIMEOUT' })
    expect(c).toMatchObject({ role: 'responder', outcome: 'failed', path: 'public' })
    const conns = await ask(alice, { cmd: 'connections', peer: carol.id }, 'connections')
    expect(conns.direct).toEqual([])
    // Both carry on: the echo protocol is still refused between them, and alice still talks to bob.
    expect(await ask(alice, { cmd: 'echo', peer: carol.id }, 'echo')).toMatchObject({ ok: false })
    expect(await ask(alice, { cmd: 'echo', peer: bob.id }, 'echo')).toMatchObject({ ok: true })
  })
})
