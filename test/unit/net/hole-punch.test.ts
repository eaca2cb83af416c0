import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2pOptions } from 'libp2p'
import { afterEach, describe, expect, test } from 'vitest'
import {
  HOLE_PUNCH_PROTOCOL, holePunch, type HolePunchEvent, type HolePunchInit, type HolePunchService
} from '../../../src/net/hole-punch/index.js'
import { decodeHolePunch, encodeHolePunch } from '../../../src/net/hole-punch/messages.js'
import { pickPunchPort } from '../../../src/net/hole-punch/punch.js'

// Three peers on loopback: a relay, and A and B, which reserve a slot on it and advertise only their relayed
// addresses, so that neither learns the other's direct address. A dials B through the relay; B, dialled over the
// relay, punches. Loopback answers an early SYN with an RST (no NAT drops it), so these tests exercise the
// refused-SYN path of punch.ts; the NAT path (a true simultaneous open) is the e2e test's
// (test/internet/hole-punch-nat.test.ts).

const ECHO = '/test/echo/1.0.0'
const running: Libp2p[] = []
/** Each peer's TCP listen port (its announced addresses are relayed ones only). */
const listenPort = new Map<Libp2p, number>()

afterEach(async () => {
  await Promise.all(running.splice(0).map(async (n) => { await n.stop() }))
  listenPort.clear()
})

async function startRelay (): Promise<Libp2p> {
  const node = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), relay: circuitRelayServer() }
  })
  running.push(node)
  return node
}

type Peer = Libp2p<{ holePunch?: HolePunchService }>

/** A peer behind the relay; `holePunch: false` leaves the service out (the test then stands in for it). */
async function startPeer (relay: Libp2p, init: HolePunchInit | false = {}): Promise<Peer> {
  const port = await pickPunchPort()
  const services: Record<string, (components: never) => unknown> = { identify: identify() }
  if (init !== false) services.holePunch = holePunch(init)
  const node = await createLibp2p({
    addresses: {
      listen: [`/ip4/127.0.0.1/tcp/${port}`, '/p2p-circuit'],
      // Only the relayed address goes out (identify, peer records): the punch must find the direct path itself.
      announceFilter: (addrs) => addrs.filter((a) => a.toString().includes('/p2p-circuit'))
    },
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: services as Libp2pOptions['services']
  }) as Peer
  running.push(node)
  listenPort.set(node, port)
  await node.dial(relay.getMultiaddrs()[0])
  await waitFor(node, () => circuitAddr(node) !== undefined)
  return node
}

function tcpPort (ma: Multiaddr): number {
  return Number(ma.getComponents().find((c) => c.name === 'tcp')?.value)
}

function circuitAddr (node: Libp2p): Multiaddr | undefined {
  return node.getMultiaddrs().find((a) => a.toString().includes('/p2p-circuit'))
}

/** Resolves once `check` holds, re-checking on every change of our own addresses; fails after `timeoutMs`. */
async function waitFor (node: Libp2p, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() >= deadline) throw new Error('our addresses never reached the expected state')
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, deadline - Date.now())
      node.addEventListener('self:peer:update', () => { clearTimeout(timer); resolve() }, { once: true })
    })
  }
}

async function until (check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function nextPunch (service: HolePunchService): Promise<HolePunchEvent> {
  return await new Promise((resolve) => {
    service.addEventListener('hole-punch', (evt) => { resolve(evt.detail) }, { once: true })
  })
}

function directConnections (node: Libp2p, peer: PeerId): Connection[] {
  return node.getConnections(peer).filter((c) => c.direct && c.limits == null && c.status === 'open')
}

async function echoOnce (from: Libp2p, to: PeerId, bytes: Uint8Array): Promise<Uint8Array> {
  const stream = await from.dialProtocol(to, ECHO, { signal: AbortSignal.timeout(5_000) })
  const lp = lpStream(stream)
  await lp.write(bytes)
  const back = await lp.read({ signal: AbortSignal.timeout(5_000) })
  await stream.close()
  return Uint8Array.from(back.subarray())
}

describe('hole punching on loopback', () => {
  test('a relayed connection becomes a direct one that carries protocols refused on limited connections', async () => {
    const relay = await startRelay()
    const a = await startPeer(relay)
    const b = await startPeer(relay)
    for (const node of [a, b]) {
      await node.handle(ECHO, async (stream: Stream) => {
        const lp = lpStream(stream)
        await lp.write(await lp.read())
        await stream.close()
      })
    }
    const bPunch = b.services.holePunch as HolePunchService
    const aPunch = a.services.holePunch as HolePunchService
    const initiated = nextPunch(bPunch)
    const answered = nextPunch(aPunch)

    const relayed = await a.dial(circuitAddr(b) as Multiaddr)
    expect(relayed.limits).toBeDefined()
    // Over the relay alone the echo protocol is refused (it does not run on limited connections).
    await expect(echoOnce(b, a.peerId, new Uint8Array([1]))).rejects.toThrow()

    const [ours, theirs] = await Promise.all([initiated, answered])
    expect(ours).toMatchObject({ peer: a.peerId.toString(), role: 'initiator', outcome: 'direct', path: 'lan', attempts: 1 })
    expect(theirs).toMatchObject({ peer: b.peerId.toString(), role: 'responder', outcome: 'direct', path: 'lan' })
    expect(ours.ms).toBeGreaterThanOrEqual(0)

    // Tracked by both connection managers like any dialled connection, and from the punch port, not a listener.
    const [direct] = directConnections(b, a.peerId)
    expect(direct).toBeDefined()
    expect(direct.direction).toBe('outbound')
    expect(directConnections(a, b.peerId)[0]?.direction).toBe('inbound')
    expect([listenPort.get(a), listenPort.get(b)]).not.toContain(tcpPort(direct.remoteAddr))

    const payload = new Uint8Array([1, 2, 3, 4, 5])
    expect(await echoOnce(b, a.peerId, payload)).toEqual(payload)
    expect(await echoOnce(a, b.peerId, payload)).toEqual(payload)
  })

  test('a relayed inbound connection whose identify never arrives still leads to one session', async () => {
    const relay = await startRelay()
    const a = await startPeer(relay)
    // B's identify of A over the relayed connection will fail (A no longer answers identify), as it may time out
    // through a loaded relay: the service starts the session on its own once identify is overdue.
    await a.unhandle('/ipfs/id/1.0.0')
    const b = await startPeer(relay, { identifyFallbackMs: 300 })
    const bPunch = b.services.holePunch as HolePunchService
    const events: HolePunchEvent[] = []
    bPunch.addEventListener('hole-punch', (evt) => { events.push(evt.detail) })
    const answered = nextPunch(a.services.holePunch as HolePunchService)

    await a.dial(circuitAddr(b) as Multiaddr)
    const [ours, theirs] = await Promise.all([
      new Promise<HolePunchEvent>((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error('no session within 10 s')) }, 10_000)
        bPunch.addEventListener('hole-punch', (evt) => { clearTimeout(timer); resolve(evt.detail) }, { once: true })
      }),
      answered
    ])
    expect(ours).toMatchObject({ peer: a.peerId.toString(), role: 'initiator', outcome: 'direct' })
    expect(theirs).toMatchObject({ peer: b.peerId.toString(), role: 'responder', outcome: 'direct' })
    expect(directConnections(b, a.peerId)).toHaveLength(1)
    // One session per peer: nothing more starts (the direct connection is there now).
    await until(() => bPunch.idle)
    expect(events).toHaveLength(1)
  })

  test('when identify does arrive, the fallback starts no second session', async () => {
    const relay = await startRelay()
    const a = await startPeer(relay, { closeRelayed: false })
    const b = await startPeer(relay, { identifyFallbackMs: 50, closeRelayed: false })
    const bPunch = b.services.holePunch as HolePunchService
    const events: HolePunchEvent[] = []
    bPunch.addEventListener('hole-punch', (evt) => { events.push(evt.detail) })
    await a.dial(circuitAddr(b) as Multiaddr)
    await until(() => events.length > 0)
    await until(() => bPunch.idle)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ role: 'initiator', outcome: 'direct' })
  })

  test('a peer that never answers ends the session as failed, and the node carries on', async () => {
    const relay = await startRelay()
    // The dialler stands in for a peer that speaks the protocol but never answers.
    const silent = await startPeer(relay, false)
    const held: Stream[] = []
    await silent.handle(HOLE_PUNCH_PROTOCOL, (stream: Stream) => { held.push(stream) }, { runOnLimitedConnection: true })
    const b = await startPeer(relay, { messageTimeoutMs: 300 })
    const service = b.services.holePunch as HolePunchService
    const failed = nextPunch(service)

    const relayed = await silent.dial(circuitAddr(b) as Multiaddr)
    const event = await failed
    expect(event).toMatchObject({ peer: silent.peerId.toString(), role: 'initiator', outcome: 'failed', attempts: 1, reason: 'ERR_TIMEOUT' })
    expect(event.path).toBeUndefined()
    expect(directConnections(b, silent.peerId)).toHaveLength(0)
    // The relayed connection is still there, and a session started by hand ends the same way, without throwing.
    const again = b.getConnections(silent.peerId).find((c) => !c.direct) ?? relayed
    expect(await service.punch(again)).toMatchObject({ outcome: 'failed', reason: 'ERR_TIMEOUT' })
  })

  test('a peer that names a port nobody punches from fails every attempt and the session ends as failed', async () => {
    const relay = await startRelay()
    const liar = await startPeer(relay, false)
    await liar.handle(HOLE_PUNCH_PROTOCOL, async (stream: Stream) => {
      // Answers every CONNECT with a free port it never uses, and never punches, until the initiator gives up.
      const lp = lpStream(stream)
      try {
        while (true) {
          const msg = decodeHolePunch((await lp.read()).subarray())
          if (msg.type !== 'connect') continue
          const port = await pickPunchPort()
          await lp.write(encodeHolePunch({ type: 'connect', candidates: { publicIps: ['127.0.0.1'], lanIps: ['127.0.0.1'], port } }))
        }
      } catch {
        stream.abort(new Error('initiator gave up'))
      }
    }, { runOnLimitedConnection: true })
    const b = await startPeer(relay, { punchTimeoutMs: 300, attempts: 2 })
    const service = b.services.holePunch as HolePunchService
    const failed = nextPunch(service)

    await liar.dial(circuitAddr(b) as Multiaddr)
    const event = await failed
    expect(event).toMatchObject({ role: 'initiator', outcome: 'failed', path: 'lan', attempts: 2, reason: 'ERR_PUNCH_TIMEOUT' })
    expect(directConnections(b, liar.peerId)).toHaveLength(0)
  })
})
