import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import { afterEach, describe, expect, it } from 'vitest'
import { TestNetwork } from './helpers.js'

describe('libp2p peer store', () => {
  let net: TestNetwork
  afterEach(async () => { await net.close() })

  it('is kept in memory: streams do not write peer records to the persistent datastore', async () => {
    net = new TestNetwork()
    const dataDir = await net.tempDir()
    const a = await net.add({ dataDir })
    const b = await net.add()
    await a.libp2p.handle('/pogs-test/echo/1.0.0', async (stream) => { await stream.close() })
    for (let i = 0; i < 5; i++) {
      const stream = await b.libp2p.dialProtocol(a.peerId, '/pogs-test/echo/1.0.0')
      await stream.close()
    }
    expect(await a.libp2p.peerStore.has(b.peerId)).toBe(true)
    await a.stop()
    const store = new LevelDatastore(join(dataDir, 'datastore'))
    await store.open()
    try {
      const peers = []
      for await (const k of store.queryKeys({ prefix: '/peers' })) peers.push(k.toString())
      expect(peers).toEqual([])
      // The datastore itself is still in use (Helia keeps its pins there).
      await store.put(new Key('/probe'), Uint8Array.of(1))
    } finally {
      await store.close()
    }
  })
})
