// Pins of large archives (src/mirror/pin-handler.ts, src/net/protocols.ts): a pin has as long as its archive's size
// needs at a slow mirror's rate, within bounds, and a fetch still running reports its progress; the receipt follows.
import { randomBytes } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { createPinHandler } from '../../../src/mirror/pin-handler.js'
import { addBytes } from '../../../src/net/content.js'
import { PIN_MAX_TIMEOUT_MS, PIN_MIN_BYTES_PER_S, PIN_TIMEOUT_MS, pinTimeoutMs } from '../../../src/net/protocols.js'
import { TestNetwork } from '../net/helpers.js'

describe('pin deadlines', () => {
  it('scale with the archive size at the slowest rate allowed, between the ordinary and the largest deadline', () => {
    expect(pinTimeoutMs(undefined)).toBe(PIN_TIMEOUT_MS)
    expect(pinTimeoutMs(1_000_000)).toBe(PIN_TIMEOUT_MS)
    // 10 GB: a minute to find it, then 5,000 s at 2 MB/s.
    expect(pinTimeoutMs(10e9)).toBe(60_000 + (10e9 / PIN_MIN_BYTES_PER_S) * 1000)
    expect(pinTimeoutMs(1e15)).toBe(PIN_MAX_TIMEOUT_MS)
  })
})

describe('a mirror pinning content', () => {
  const net = new TestNetwork()
  afterAll(async () => { await net.close() })

  it('reports progress while it fetches, then pins and signs a receipt', async () => {
    const [coordinator, mirror] = [await net.add(), await net.add()]
    const content = randomBytes(6 * 1024 * 1024)
    const cid = await addBytes(coordinator.helia, content)
    await mirror.libp2p.dial(coordinator.addrs()[0])
    const progress: Array<{ blocks: number, bytes: number }> = []
    const pinned: number[] = []
    const handler = createPinHandler({
      helia: mirror.helia,
      privateKey: mirror.identity.privateKey,
      project: coordinator.peerId.toString(),
      progressIntervalMs: 1,
      onProgress: (p) => { progress.push({ blocks: p.blocks, bytes: p.bytes }) },
      onPinned: (p) => { pinned.push(p.bytes) }
    })
    const ctx = { peer: peerIdFromString(coordinator.peerId.toString()), signal: AbortSignal.timeout(60_000) } as unknown as Parameters<typeof handler>[1]
    const receipt = await handler({ cids: [cid] }, ctx)
    expect(receipt.cids.map(String)).toEqual([cid.toString()])
    expect(pinned).toEqual([receipt.bytes])
    expect(receipt.bytes).toBeGreaterThanOrEqual(content.length)
    // Progress came while fetching, growing, never past the content.
    expect(progress.length).toBeGreaterThan(0)
    for (let k = 1; k < progress.length; k++) expect(progress[k].blocks).toBeGreaterThanOrEqual(progress[k - 1].blocks)
    expect(progress.some((p) => p.blocks > 0)).toBe(true)
    expect(await mirror.helia.pins.isPinned(cid)).toBe(true)
  })
})
