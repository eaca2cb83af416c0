import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addBytes } from '../../../src/net/content.js'
import { ContentTooLargeError } from '../../../src/net/errors.js'
import { fetchBytes, fetchBytesWithSwarm } from '../../../src/net/fetch-content.js'
import type { PogsNode } from '../../../src/net/node.js'
import { TestNetwork } from './helpers.js'

// Two peers on loopback: `holder` adds content, `fetcher` reads it by CID as a volunteer or verifier does.
let net: TestNetwork
let holder: PogsNode
let fetcher: PogsNode
let other: PogsNode

beforeAll(async () => {
  net = new TestNetwork()
  ;[holder, fetcher, other] = await net.addMany(3)
})
afterAll(async () => { await net.close() })

describe('fetchBytes', () => {
  it('returns the content byte for byte and pins it', async () => {
    const bytes = randomBytes(700_000) // several blocks
    const cid = await addBytes(holder.helia, bytes)
    const got = await fetchBytes(fetcher.helia, cid, bytes.length, { signal: AbortSignal.timeout(20_000) })
    expect(Buffer.from(got).equals(bytes)).toBe(true)
    expect(await fetcher.helia.pins.isPinned(cid)).toBe(true)
  })

  it('refuses content larger than the bound with ContentTooLargeError, without pinning it', async () => {
    const cid = await addBytes(holder.helia, randomBytes(600_000))
    const refused = fetchBytes(fetcher.helia, cid, 300_000, { signal: AbortSignal.timeout(20_000) })
    await expect(refused).rejects.toBeInstanceOf(ContentTooLargeError)
    await expect(refused).rejects.toMatchObject({ code: 'ERR_CONTENT_TOO_LARGE' })
    expect(await fetcher.helia.pins.isPinned(cid)).toBe(false)
  })

  it('fails with ERR_CONTENT when no peer serves the content in time', async () => {
    const cid = CID.createV1(raw.code, await sha256.digest(randomBytes(1000))) // held by nobody
    await expect(fetchBytes(fetcher.helia, cid, 10_000, { signal: AbortSignal.timeout(1_000) })).rejects.toMatchObject({ code: 'ERR_CONTENT' })
  })
})

describe('fetchBytesWithSwarm', () => {
  it('returns the content byte for byte, pinned, and announced only when asked', async () => {
    const bytes = randomBytes(2_500_000) // three 1 MiB leaves and a root
    const cid = await addBytes(holder.helia, bytes)
    const got = await fetchBytesWithSwarm(fetcher.helia, cid, bytes.length, { signal: AbortSignal.timeout(30_000), provide: false })
    expect(Buffer.from(got).equals(bytes)).toBe(true)
    expect(await fetcher.helia.pins.isPinned(cid)).toBe(true)
    // Unannounced: the pin carries the metadata that keeps it out of reprovide passes (content.ts: UNANNOUNCED).
    expect((await fetcher.helia.pins.get(cid)).metadata).toEqual({ announce: false })
    const announced = await fetchBytesWithSwarm(other.helia, cid, bytes.length, { signal: AbortSignal.timeout(30_000) })
    expect(Buffer.from(announced).equals(bytes)).toBe(true)
    expect((await other.helia.pins.get(cid)).metadata).toEqual({})
  })

  it('refuses content larger than the bound from its root block alone: nothing else is fetched or pinned', async () => {
    const cid = await addBytes(holder.helia, randomBytes(3_000_000))
    const before = await countBlocks(other)
    const refused = fetchBytesWithSwarm(other.helia, cid, 1_000_000, { signal: AbortSignal.timeout(20_000) })
    await expect(refused).rejects.toBeInstanceOf(ContentTooLargeError)
    expect(await other.helia.pins.isPinned(cid)).toBe(false)
    expect(await countBlocks(other)).toBe(before + 1) // the root
  })
})

async function countBlocks (node: PogsNode): Promise<number> {
  let n = 0
  for await (const _ of node.helia.blockstore.getAll()) n++
  return n
}
