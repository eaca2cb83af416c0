import { afterAll, beforeAll, expect, it } from 'vitest'
import type { PogsNode } from '../../../../src/net/node.js'
import { startSeedNode, type SeedNode } from '../../../../src/seed/seed-node.js'
import { iceServersFor } from '../../../../src/web/volunteer/ice-servers.js'
import { relayWebSocketAddresses, webSocketAddresses } from '../../../../src/web/volunteer/ws-addresses.js'
import { TestNetwork } from '../../net/helpers.js'

// What /volunteer/config.json tells a page to dial: the serving role's /ws addresses and those of the relays it is
// connected to (a page needs a relay slot for other pages to reach it over WebRTC), on real peers over loopback.
let net: TestNetwork
let coordinator: PogsNode
let relay: SeedNode

const WS = ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws']

beforeAll(async () => {
  net = new TestNetwork()
  coordinator = await net.add({ listen: WS })
  relay = await startSeedNode({ dataDir: await net.tempDir(), listen: WS, bootstrap: [coordinator.addrs()[0]], network: 'local' })
  await net.add() // a peer that relays for nobody and has no /ws address
})
afterAll(async () => {
  await relay?.stop()
  await net.close()
})

it('lists the connected relays\' /ws addresses with their peer ids, and no other peer\'s', async () => {
  // Identify tells the coordinator each peer's protocols and addresses shortly after it connects.
  let relays: string[]
  while (true) {
    const identified = new Promise<void>((resolve) => { coordinator.libp2p.addEventListener('peer:identify', () => { resolve() }, { once: true }) })
    relays = await relayWebSocketAddresses(coordinator.libp2p)
    if (relays.length > 0) break
    await identified
  }
  expect(relays).toEqual(webSocketAddresses(relay.addrs()))
  expect(relays.every((a) => a.endsWith(`/p2p/${relay.peerId.toString()}`))).toBe(true)
  expect(webSocketAddresses(coordinator.addrs())).toHaveLength(1)
})

it('gives pages no STUN server on a local network and public ones on a public network', () => {
  expect(iceServersFor('local')).toEqual([])
  expect(iceServersFor('public').length).toBeGreaterThan(0)
  expect(iceServersFor('public').every((u) => u.startsWith('stun:'))).toBe(true)
})

it('takes the servers --ice-server names instead, and refuses what is not a STUN URL', () => {
  expect(iceServersFor('local', ['stun:10.77.0.2:3478'])).toEqual(['stun:10.77.0.2:3478'])
  expect(iceServersFor('public', ['stun:stun.example.org', 'stuns:[2001:db8::1]:5349'])).toEqual(['stun:stun.example.org', 'stuns:[2001:db8::1]:5349'])
  for (const bad of ['10.77.0.2:3478', 'turn:relay.example.org', 'stun:', 'stun:host:port', 'stun:a b']) {
    expect(() => iceServersFor('public', [bad])).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }))
  }
})
