// The DAG walk that fetches content for pinning. Helia's walkers fetch one block at a time, in the DAG's order, so a
// 20 MB library took 20 sequential round trips, and every fetcher asked for the same block at the same moment: the
// first peer to get each block from the seeder ended up serving it to all the others (one volunteer of ten wrote
// 9.75 copies). This walker keeps several blocks in flight and takes them in random order, as BitTorrent's clients
// pick pieces: fetchers then hold different blocks early and trade them (want-routing.ts asks the least busy holder).
import { allowManyListeners } from '../platform/listener-limit.js'
import type { GraphNode, GraphWalker, GraphWalkerComponents, GraphWalkerFactory, WalkOptions } from '@helia/interface'
import { createUnsafe } from 'multiformats/block'
import type { CID } from 'multiformats/cid'
import { CONNECTED_ONLY } from './want-routing.js'

/** Blocks fetched at once: with UnixFS's 1 MiB leaves, 8 MiB in flight, spread over the holders of each. */
export const SWARM_WALK_CONCURRENCY = 8

interface Step { cid: CID, depth: number, path: CID[] }

/** A walker that fetches up to `concurrency` blocks at once, in random order (`random` for tests). */
export function swarmWalker (init: { concurrency?: number, random?: () => number } = {}): GraphWalkerFactory {
  const concurrency = init.concurrency ?? SWARM_WALK_CONCURRENCY
  const random = init.random ?? Math.random
  return (components: GraphWalkerComponents): GraphWalker => ({
    walk: async function * <T>(root: CID, options: WalkOptions<T> = {}): AsyncGenerator<GraphNode<T>> {
      const maxDepth = options.depth ?? Infinity
      // Reads get the caller's signal and no signal of our own that ends with the walk: Helia announces each block
      // read to bitswap with the read's options, bitswap's ledgers send that block to the peers wanting it under
      // that signal, and aborting it when the walk ended cut those sends short (a ledger whose send is aborted
      // leaves the want marked as being sent, and never sends it).
      const signal = options.signal
      // Every block read in flight listens on it.
      if (signal !== undefined) allowManyListeners(signal)
      const queue: Step[] = [{ cid: root, depth: 0, path: [root] }]
      const running = new Set<Promise<{ step: Step, node: GraphNode<T> }>>()
      const load = async (step: Step): Promise<{ step: Step, node: GraphNode<T> }> => {
        // The root's holders are looked up (bitswap, and fetchAndPin's swarm); the blocks below come from them.
        const bytes = await readBlock(components, step.cid, step.depth === 0 ? { signal } : { signal, ...CONNECTED_ONLY })
        const block = createUnsafe({ cid: step.cid, bytes, codec: await components.getCodec(step.cid.code) })
        return { step, node: { block: block as GraphNode<T>['block'], depth: step.depth, path: step.path } }
      }
      while (queue.length > 0 || running.size > 0) {
        while (queue.length > 0 && running.size < concurrency) {
          // Take a random queued block: swap it with the last and pop.
          const i = Math.floor(random() * queue.length)
          ;[queue[i], queue[queue.length - 1]] = [queue[queue.length - 1], queue[i]]
          const job = load(queue.pop() as Step)
          running.add(job)
          // Rejections surface through the race below; this keeps one left behind at an early exit from being
          // reported as unhandled.
          job.catch(() => {})
        }
        const done = await Promise.race([...running].map(async (job) => await job.then((r) => ({ job, r }))))
        running.delete(done.job)
        const { step, node } = done.r
        if (step.depth < maxDepth) {
          for (const [, child] of node.block.links()) {
            if (options.includeChild?.(child, node.block) === false) continue
            queue.push({ cid: child, depth: step.depth + 1, path: [...step.path, child] })
          }
        }
        yield node
      }
    }
  })
}

/** A block's bytes: Helia's blockstore yields them in chunks, other blockstores give them whole. */
async function readBlock (components: GraphWalkerComponents, cid: CID, options: { signal?: AbortSignal }): Promise<Uint8Array> {
  const got = await (components.blockstore.get(cid, options) as unknown as Promise<Uint8Array | AsyncIterable<Uint8Array>>)
  if (got instanceof Uint8Array) return got
  const parts: Uint8Array[] = []
  for await (const chunk of got) parts.push(chunk)
  return parts.length === 1 ? parts[0] : Buffer.concat(parts)
}
