// A fetcher connected to several peers that all hold the content receives each block once, from holders it spreads
// its requests over. @helia/bitswap 4 on its own sends every want as a want-block to every peer, so each holder sent
// every block (here 4 copies of each; 63-578 MB written per volunteer for a 20 MB library with 30 volunteers).
import { randomBytes } from 'node:crypto'
import type { PeerId } from '@libp2p/interface'
import { afterAll, describe, expect, it } from 'vitest'
import { addBytes, fetchAndPin } from '../../../src/net/content.js'
import type { PogsNode } from '../../../src/net/node.js'
import { SMALL_BLOCK_BYTES } from '../../../src/net/seeding.js'
import { TestNetwork } from './helpers.js'

const net = new TestNetwork()
afterAll(async () => { await net.close() })

interface BitswapInternals {
  network: EventTarget
  wantList: { peers: Map<PeerId, unknown> }
}
function bitswapOf (node: PogsNode): BitswapInternals {
  const brokers = (node.helia as unknown as { blockBrokers: Array<{ name: string, bitswap?: BitswapInternals }> }).blockBrokers
  const bitswap = brokers.find((b) => b.name === 'bitswap')?.bitswap
  if (bitswap === undefined) throw new Error('no bitswap broker')
  return bitswap
}

/** Resolves once bitswap on `node` counts `n` peers (it learns of a peer after identify, not at connect). The want
 * list's own listener, registered first, has added the peer by the time ours runs (with no wants, synchronously). */
async function bitswapPeers (node: PogsNode, n: number): Promise<void> {
  const bitswap = bitswapOf(node)
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (bitswap.wantList.peers.size < n) return
      bitswap.network.removeEventListener('peer:connected', check)
      resolve()
    }
    bitswap.network.addEventListener('peer:connected', check)
    check()
  })
}

describe('want routing between real peers', () => {
  it('receives each large block once, and asks every holder for some', async () => {
    const holders = [await net.add(), await net.add(), await net.add(), await net.add()]
    const fetcher = await net.add()
    const bytes = randomBytes(12 * 1024 * 1024)
    const cids = await Promise.all(holders.map(async (h) => await addBytes(h.helia, bytes, { provide: false })))
    expect(new Set(cids.map((c) => c.toString())).size).toBe(1)
    for (const h of holders) await fetcher.libp2p.dial(h.peerId)
    await bitswapPeers(fetcher, holders.length)

    const fromEach = new Map<string, number>()
    let large = 0
    bitswapOf(fetcher).network.addEventListener('bitswap:message', (evt) => {
      const { connection, message } = (evt as CustomEvent<{ connection: { remotePeer: PeerId }, message: { blocks: Array<{ data?: Uint8Array }> } }>).detail
      for (const block of message.blocks) {
        if ((block.data?.length ?? 0) <= SMALL_BLOCK_BYTES) continue
        large++
        const id = connection.remotePeer.toString()
        fromEach.set(id, (fromEach.get(id) ?? 0) + 1)
      }
    })
    await fetchAndPin(fetcher.helia, cids[0], { signal: AbortSignal.timeout(60_000) })

    // 12 MiB in 1 MiB leaves: 12 large blocks. A second copy comes only from a hedge (a holder silent for 10 s).
    expect(large - 12).toBeLessThanOrEqual(fetcher.wants.hedges + fetcher.wants.retries)
    expect(large).toBeGreaterThanOrEqual(12)
    expect(fromEach.size).toBe(holders.length)
  }, 90_000)
})
