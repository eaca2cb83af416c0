import type { PeerId } from '@libp2p/interface'

/** A block as @helia/bitswap's want list announces its arrival (its 'block' event's detail). */
export interface ReceivedBlock { sender: PeerId, block: Uint8Array, connection: { limits?: unknown, remoteAddr: { toString: () => string } } }

/** What one peer has sent us: blocks, bytes, and the connection the first came over. */
export interface BlockSource { blocks: number, bytes: number, direct: boolean, remoteAddr: string }

/**
 * Who sent us blocks, per peer (peer id text). Logs and the tests across NATs use it to see that library blocks
 * flowed between volunteers, and never over a relay (a relayed connection has limits; a direct one has none).
 */
export class BlockSources {
  private readonly sources = new Map<string, BlockSource>()
  private readonly listeners: Array<(peer: string, source: BlockSource) => void> = []

  /** Calls `fn` when a peer sends us its first block. */
  onNewSource (fn: (peer: string, source: BlockSource) => void): void {
    this.listeners.push(fn)
  }

  /** The peer's tally, if it sent anything. */
  get (peer: string): BlockSource | undefined {
    return this.sources.get(peer)
  }

  /** Every peer's tally so far. */
  all (): BlockSource[] {
    return [...this.sources.values()]
  }

  /** Counts one arrival. */
  count (b: ReceivedBlock): void {
    const peer = b.sender.toString()
    const known = this.sources.get(peer)
    if (known !== undefined) {
      known.blocks++
      known.bytes += b.block.byteLength
      return
    }
    const source = { blocks: 1, bytes: b.block.byteLength, direct: b.connection.limits == null, remoteAddr: b.connection.remoteAddr.toString() }
    this.sources.set(peer, source)
    for (const fn of this.listeners) fn(peer, source)
  }
}
