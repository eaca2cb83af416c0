import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPogsNode, type PogsNode, type PogsNodeInit } from '../../../src/net/node.js'

/** A set of peers on 127.0.0.1 with their own temporary data directories, all stopped and removed by `close`. */
export class TestNetwork {
  readonly nodes: PogsNode[] = []
  private readonly dirs: string[] = []

  /** Starts one peer; later peers bootstrap from the first unless told otherwise. */
  async add (init: Partial<PogsNodeInit> = {}): Promise<PogsNode> {
    const dataDir = init.dataDir ?? await mkdtemp(join(tmpdir(), 'pogs-net-'))
    if (init.dataDir === undefined) this.dirs.push(dataDir)
    const first = this.nodes[0]
    const node = await startPogsNode({
      bootstrap: first === undefined ? [] : [first.addrs()[0]],
      // Fill routing tables quickly: the default first self-query waits ~1 s and then 5 min.
      dht: { initialQuerySelfInterval: 50, querySelfInterval: 2_000 },
      ...init,
      dataDir
    })
    this.nodes.push(node)
    return node
  }

  async addMany (n: number): Promise<PogsNode[]> {
    const out: PogsNode[] = []
    for (let i = 0; i < n; i++) out.push(await this.add())
    return out
  }

  /** A fresh temporary directory removed at close. */
  async tempDir (): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), 'pogs-net-'))
    this.dirs.push(d)
    return d
  }

  async close (): Promise<void> {
    await Promise.all(this.nodes.map(async (n) => { await n.stop() }))
    await Promise.all(this.dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) }))
  }
}
