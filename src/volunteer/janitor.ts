// What leaves the queue and when: items dropped (deadline passed, refused for good) go at once; acknowledged
// ones after a retention time. Their payload and result are unpinned and their blocks deleted, so a volunteer's
// disk holds its libraries and little else. Libraries are not the janitor's: they stay pinned (served to other
// volunteers) until the cache's budget evicts the least recently used (library-budget.ts).
//
// Not helia.gc(): it takes Helia's blockstore write lock, which waits for every read in progress, including a
// bitswap fetch that may wait minutes for the network, while all new reads (serving blocks to peers) queue behind
// it; and that lock (mortice, named 'lock') is shared by every Helia in the process, so with two peers in one
// process (tests, the demo in-process) a gc on one waiting for the other's fetch, which needs blocks the first
// serves, never ends. We delete only the blocks we unpinned and no other pin holds, below the lock.
import type { Helia } from '@helia/interface'
import { CID } from 'multiformats/cid'
import type { ContentGate } from './content-gate.js'
import type { VolunteerEventListener } from './events.js'
import { itemRef, type QueueItem } from './queue-item.js'
import type { QueueStore } from './queue-store.js'
import { rawBlockstore } from './raw-blockstore.js'

export interface JanitorComponents {
  helia: Pick<Helia, 'pins' | 'blockstore'>
  queue: QueueStore
  gate: ContentGate
  emit: VolunteerEventListener
  now: () => number
  /** Called when blocks wait to be deleted (the sweep loop runs then). */
  onUnpinned?: () => void
}

export class Janitor {
  /** Blocks unpinned and not yet deleted. */
  private unpinned: CID[] = []

  constructor (private readonly components: JanitorComponents, private readonly retentionMs: number) {}

  /** Removes an item that will not be acknowledged and unpins its content, then reports why. */
  async drop (item: QueueItem, reason: string): Promise<void> {
    this.components.queue.remove(item.instanceId)
    await this.unpinContentOf(item)
    this.components.emit({ type: 'dropped', reason, ...itemRef(item) })
  }

  /** Removes acknowledged items past their retention, then deletes the blocks nothing pins any more. */
  async sweep (signal: AbortSignal): Promise<void> {
    const { queue, now } = this.components
    const cleaned: QueueItem[] = []
    for (const item of queue.list('done')) {
      if ((item.ackedMs ?? 0) + this.retentionMs > now()) continue
      queue.remove(item.instanceId)
      await this.unpinContentOf(item)
      cleaned.push(item)
    }
    const raw = rawBlockstore(this.components.helia)
    if (this.unpinned.length > 0 && raw !== undefined) {
      // Alone: a block being added or fetched right now may be one of these (same bytes) and not pinned yet.
      await this.components.gate.exclusive(async () => {
        const blocks = this.unpinned
        this.unpinned = []
        for (const cid of blocks) {
          signal.throwIfAborted()
          if (!await this.components.helia.pins.isPinned(cid)) await raw.delete(cid)
        }
      })
    }
    for (const item of cleaned) this.components.emit({ type: 'cleaned', ...itemRef(item) })
  }

  /** Unpins the item's payload and result unless another queued item names the same content. */
  private async unpinContentOf (item: QueueItem): Promise<void> {
    const still = new Set(this.components.queue.list().flatMap((i) => [i.payloadCid, i.result?.cid]))
    for (const text of [item.payloadCid, item.result?.cid]) {
      if (text === undefined || still.has(text)) continue
      const cid = CID.parse(text)
      if (!await this.components.helia.pins.isPinned(cid)) continue
      for await (const block of this.components.helia.pins.rm(cid)) this.unpinned.push(block)
    }
    if (this.unpinned.length > 0) this.components.onUnpinned?.()
  }
}
