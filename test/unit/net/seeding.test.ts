import { randomBytes } from 'node:crypto'
import { unixfs } from '@helia/unixfs'
import { afterAll, describe, expect, it } from 'vitest'
import { addBytes, fetchAndPin } from '../../../src/net/content.js'
import type { PogsNode } from '../../../src/net/node.js'
import { SeedLimiter } from '../../../src/net/seeding.js'
import { TestNetwork } from './helpers.js'

describe('seed limiter', () => {
  it('serves each block a bounded number of times per window, then again after it', () => {
    let now = 1_000
    const limiter = new SeedLimiter({ copiesPerWindow: 2, windowMs: 100 }, () => now)
    expect(limiter.mayServe('a')).toBe(true)
    limiter.record('a')
    limiter.record('a')
    expect(limiter.mayServe('a')).toBe(false)
    expect(limiter.mayServe('b')).toBe(true)
    now += 101
    expect(limiter.mayServe('a')).toBe(true)
    expect(() => new SeedLimiter({ copiesPerWindow: 0, windowMs: 10 })).toThrow(RangeError)
  })
})

describe('distribution from a seeder', () => {
  const net = new TestNetwork()
  afterAll(async () => { await net.close() })

  async function bytesOf (node: PogsNode, cid: Parameters<typeof fetchAndPin>[1]): Promise<Buffer> {
    const parts: Uint8Array[] = []
    for await (const chunk of unixfs(node.helia).cat(cid, { offline: true })) parts.push(chunk)
    return Buffer.concat(parts)
  }

  it('peers fetching at once get most blocks from each other; a peer only the seeder knows still gets all', async () => {
    const seeder = await net.add({ seeding: { copiesPerWindow: 1, windowMs: 400 } })
    const content = randomBytes(3 * 1024 * 1024) // 12 leaves of 256 KiB and a root
    const cid = await addBytes(seeder.helia, content)
    const fetchers = await net.addMany(6)
    // The fetchers know each other, as they do once the DHT has run for a while.
    await Promise.all(fetchers.flatMap((a, i) => fetchers.slice(i + 1).map(async (b) => { await a.libp2p.dial(b.addrs()[0]) })))
    const served = seeder.seeding
    expect(served).toBeDefined()
    await Promise.all(fetchers.map(async (f) => { await fetchAndPin(f.helia, cid, { signal: AbortSignal.timeout(60_000) }) }))
    for (const f of fetchers) expect((await bytesOf(f, cid)).equals(content)).toBe(true)
    const blocks = 13
    // Without seeding the seeder sends every block to every fetcher (6 x 13 copies; measured 1.2 copies with it).
    expect(served?.copiesServed).toBeLessThanOrEqual(3 * blocks)
    expect(served?.deferred).toBeGreaterThan(0)

    // A late peer connected to the seeder only: nobody else can serve it, and it still gets every block.
    const loner = await net.add({ bootstrap: [seeder.addrs()[0]] })
    await fetchAndPin(loner.helia, cid, { signal: AbortSignal.timeout(60_000) })
    expect((await bytesOf(loner, cid)).equals(content)).toBe(true)
  }, 90_000)

  it('serves a small block (a unit payload) to everyone who asks at once, within one window', async () => {
    // A window far longer than the test: a deferred want would time the fetch out.
    const seeder = await net.add({ seeding: { copiesPerWindow: 1, windowMs: 600_000 } })
    const payload = randomBytes(20_000)
    const cid = await addBytes(seeder.helia, payload, { provide: false })
    const askers = await net.addMany(3)
    for (const a of askers) await a.libp2p.dial(seeder.addrs()[0])
    const before = seeder.seeding?.deferred ?? 0
    await Promise.all(askers.map(async (a) => { await fetchAndPin(a.helia, cid, { signal: AbortSignal.timeout(20_000) }) }))
    for (const a of askers) expect((await bytesOf(a, cid)).equals(payload)).toBe(true)
    expect(seeder.seeding?.deferred).toBe(before)
  }, 60_000)
})
