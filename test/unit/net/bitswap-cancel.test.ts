// A peer that gets a block from one peer cancels its want at the others (the want router's broadcast,
// src/net/want-routing.ts: @helia/bitswap 4.0.19 never sent cancels). Without cancels a seeding coordinator's ledger kept every volunteer's want after
// another volunteer had served it, and served it again each window (docs/network.md, Seeding).
import { randomBytes } from 'node:crypto'
import type { PeerId } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import { afterAll, describe, expect, it } from 'vitest'
import { addBytes } from '../../../src/net/content.js'
import type { PogsNode } from '../../../src/net/node.js'
import { fetchBytes } from '../../../src/net/fetch-content.js'
import { TestNetwork } from './helpers.js'

const net = new TestNetwork()
afterAll(async () => { await net.close() })

/** A test-only look into a node's bitswap: Helia keeps its block brokers public, bitswap its network and ledgers. */
interface BitswapProbe {
  getPeerWantlist: (peer: PeerId) => Array<{ cid: CID }> | undefined
  network: EventTarget
}
function bitswapOf (node: PogsNode): BitswapProbe {
  const brokers = (node.helia as unknown as { blockBrokers: Array<{ name: string, bitswap?: BitswapProbe }> }).blockBrokers
  const bitswap = brokers.find((b) => b.name === 'bitswap')?.bitswap
  if (bitswap === undefined) throw new Error('no bitswap broker')
  return bitswap
}

describe('bitswap cancels', () => {
  it('a want satisfied by one peer is cancelled at the other, which then no longer holds it', async () => {
    const [holder, bystander, fetcher] = [await net.add(), await net.add(), await net.add()]
    await fetcher.libp2p.dial(bystander.peerId)
    await fetcher.libp2p.dial(holder.peerId)
    const cid = await addBytes(holder.helia, randomBytes(50_000), { provide: false })
    const key = cid.multihash.bytes.toString()
    const wanted = (): boolean => (bitswapOf(bystander).getPeerWantlist(fetcher.peerId) ?? []).some((e) => e.cid.multihash.bytes.toString() === key)
    // Resolves when the bystander has seen the fetcher's want, and then its cancel.
    const cancelled = new Promise<void>((resolve) => {
      let seenWant = false
      bitswapOf(bystander).network.addEventListener('bitswap:message', () => {
        if (wanted()) seenWant = true
        else if (seenWant) resolve()
      })
    })
    await fetchBytes(fetcher.helia, cid, 1_000_000, { provide: false, signal: AbortSignal.timeout(30_000) })
    await cancelled
    expect(wanted()).toBe(false)
  }, 60_000)
})
