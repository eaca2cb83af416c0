// The walker that pins fetch with: every block of the DAG exactly once, several reads at once (never more than its
// concurrency), in an order that depends on its random source, and the depth limit respected.
import { randomBytes } from 'node:crypto'
import { unixfs } from '@helia/unixfs'
import type { GraphWalkerComponents } from '@helia/interface'
import { afterAll, describe, expect, it } from 'vitest'
import { swarmWalker } from '../../../src/net/swarm-walker.js'
import { TestNetwork } from './helpers.js'

const net = new TestNetwork()
afterAll(async () => { await net.close() })

/** A file of 12 blocks of 1 MiB (Helia's chunk size) and its root, in a node's local blockstore; `reference` lists its blocks as
 * Helia's own (depth-first) walker finds them when pinning. */
async function dag (): Promise<{ components: GraphWalkerComponents, root: Awaited<ReturnType<ReturnType<typeof unixfs>['addBytes']>>, reference: string[] }> {
  const node = await net.add()
  const root = await unixfs(node.helia).addBytes(randomBytes(12 * 1024 * 1024))
  const reference: string[] = []
  for await (const cid of node.helia.pins.add(root)) reference.push(cid.toString())
  return { components: { blockstore: node.helia.blockstore, getCodec: node.helia.getCodec }, root, reference }
}

/** A seeded random source (mulberry32), so two walks differ only by their seed. */
function seeded (seed: number): () => number {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function walk (components: GraphWalkerComponents, root: Parameters<ReturnType<ReturnType<typeof swarmWalker>>['walk']>[0], walker = swarmWalker(), depth?: number): Promise<string[]> {
  const out: string[] = []
  for await (const node of walker(components).walk(root, depth === undefined ? {} : { depth })) out.push(node.block.cid.toString())
  return out
}

describe('swarm walker', () => {
  it('yields every block of the DAG once, as Helia\'s depth-first walker does, in a random order', async () => {
    const { components, root, reference } = await dag()
    expect(reference.length).toBe(13)
    const a = await walk(components, root, swarmWalker({ random: seeded(1) }))
    const b = await walk(components, root, swarmWalker({ random: seeded(2) }))
    expect([...a].sort()).toEqual([...reference].sort())
    expect([...b].sort()).toEqual([...reference].sort())
    expect(new Set(a).size).toBe(a.length)
    expect(a[0]).toBe(root.toString())
    expect(a).not.toEqual(b)
  })

  it('keeps at most its concurrency of block reads in flight, and uses them', async () => {
    const { components, root } = await dag()
    let inFlight = 0
    let most = 0
    const counting: GraphWalkerComponents = {
      getCodec: components.getCodec,
      blockstore: new Proxy(components.blockstore, {
        get: (target, prop) => prop !== 'get'
          ? Reflect.get(target, prop, target)
          : async (...args: Parameters<typeof target.get>) => {
            inFlight++
            most = Math.max(most, inFlight)
            // A turn of the event loop, as a network read would take: the walker starts the others meanwhile.
            await new Promise((resolve) => setImmediate(resolve))
            const parts: Uint8Array[] = []
            for await (const chunk of target.get(...args)) parts.push(chunk)
            inFlight--
            return Buffer.concat(parts)
          }
      })
    }
    await walk(counting, root, swarmWalker({ concurrency: 5 }))
    expect(most).toBe(5)
  })

  it('stops at the depth asked for', async () => {
    const { components, root, reference } = await dag()
    expect(await walk(components, root, swarmWalker(), 0)).toEqual([root.toString()])
    // The file's leaves all hang off its root.
    expect((await walk(components, root, swarmWalker(), 1)).sort()).toEqual([...reference].sort())
  })

  it('reads with the caller\'s signal only, which it leaves alone when the walk ends', async () => {
    // Helia announces each block read to bitswap with the read's options, and bitswap sends the block on to the
    // peers that want it under that signal: a signal aborted at the end of the walk cut those sends short.
    const { components, root } = await dag()
    const caller = new AbortController()
    const seen = new Set<AbortSignal | undefined>()
    const recording: GraphWalkerComponents = {
      getCodec: components.getCodec,
      blockstore: new Proxy(components.blockstore, {
        get: (target, prop) => prop !== 'get'
          ? Reflect.get(target, prop, target)
          : (cid: Parameters<typeof target.get>[0], options?: { signal?: AbortSignal }) => {
              seen.add(options?.signal)
              return target.get(cid, options)
            }
      })
    }
    for await (const _ of swarmWalker()(recording).walk(root, { signal: caller.signal })) { /* every block */ }
    expect([...seen]).toEqual([caller.signal])
    expect(caller.signal.aborted).toBe(false)
  })
})
