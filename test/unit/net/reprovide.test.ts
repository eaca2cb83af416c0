import { afterEach, describe, expect, it } from 'vitest'
import { addBytes, Reprovider } from '../../../src/net/content.js'
import { fetchBytes } from '../../../src/net/fetch-content.js'
import { TestNetwork } from './helpers.js'

describe('reprovide passes', () => {
  let net: TestNetwork
  afterEach(async () => { await net.close() })

  it('announce what was announced at first, and skip unit payloads and results (provide: false)', async () => {
    net = new TestNetwork()
    const [holder, fetcher] = await net.addMany(2)
    const library = await addBytes(holder.helia, new TextEncoder().encode('a library: announced'))
    const unit = await addBytes(holder.helia, new TextEncoder().encode('a unit payload: not announced'), { provide: false })
    await fetchBytes(fetcher.helia, unit, 1024, { provide: false })
    await fetchBytes(fetcher.helia, library, 1024)
    const provided: string[] = []
    for (const node of [holder, fetcher]) {
      const routing = node.helia.routing
      const provide = routing.provide.bind(routing)
      routing.provide = async (cid, options) => { provided.push(cid.toString()); await provide(cid, options) }
    }
    expect(await new Reprovider(holder.helia).runOnce()).toBe(1)
    expect(await new Reprovider(fetcher.helia).runOnce()).toBe(1)
    expect(provided).toEqual([library.toString(), library.toString()])
    // Both are still pinned: skipping the announcement keeps the content.
    for (const node of [holder, fetcher]) {
      expect(await node.helia.pins.isPinned(unit)).toBe(true)
    }
  })
})
