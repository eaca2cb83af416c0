import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startPogsNode, type PogsNode } from '../../../src/net/node.js'
import { startSeedNode, type SeedNode } from '../../../src/seed/seed-node.js'

// A seed on loopback: other peers bootstrap from it, find each other through its DHT, and a peer that listens on
// /p2p-circuit reserves a relay slot on it and advertises the relayed address.
let dirs: string[] = []
let seed: SeedNode
let peers: Array<PogsNode & { unreachable: string[] }> = []

beforeAll(async () => {
  const dir = async (): Promise<string> => { const d = await mkdtemp(join(tmpdir(), 'pogs-seed-')); dirs.push(d); return d }
  seed = await startSeedNode({ dataDir: await dir(), listen: ['/ip4/127.0.0.1/tcp/0'], network: 'local' })
  const bootstrap = [seed.addrs()[0]]
  const dht = { initialQuerySelfInterval: 50, querySelfInterval: 1_000 }
  peers.push(await startPogsNode({ dataDir: await dir(), bootstrap, dht, relay: 'client', listen: ['/ip4/127.0.0.1/tcp/0', '/p2p-circuit'] }))
  peers.push(await startPogsNode({ dataDir: await dir(), bootstrap, dht }))
})

afterAll(async () => {
  await Promise.all(peers.map(async (p) => { await p.stop() }))
  await seed?.stop()
  await Promise.all(dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) }))
  peers = []
  dirs = []
})

it('answers bootstrap dials and serves the DHT', async () => {
  expect(peers.every((p) => p.unreachable.length === 0)).toBe(true)
  // The second peer finds the first through the seed's DHT alone.
  const found = await peers[1].libp2p.peerRouting.findPeer(peers[0].peerId, { signal: AbortSignal.timeout(20_000) })
  expect(found.id.equals(peers[0].peerId)).toBe(true)
})

it('grants a relay slot and the peer advertises its relayed address', async () => {
  const relayed = async (): Promise<boolean> => peers[0].addrs().some((a) => a.toString().includes('/p2p-circuit'))
  const deadline = Date.now() + 20_000
  while (!(await relayed()) && Date.now() < deadline) {
    // Wait for our own addresses to change (the reservation adds one), bounded by the deadline.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, deadline - Date.now())
      peers[0].libp2p.addEventListener('self:peer:update', () => { clearTimeout(timer); resolve() }, { once: true })
    })
  }
  expect(await relayed()).toBe(true)
  expect(seed.reservations()).toBe(1)
  const circuit = peers[0].addrs().find((a) => a.toString().includes('/p2p-circuit'))
  expect(circuit?.toString()).toContain(seed.peerId.toString())
})
