import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Libp2pRecord } from '@libp2p/record'
import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { base32 } from 'multiformats/bases/base32'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { MANIFEST_KEY_NAMESPACE } from '../../../src/net/constants.js'
import { manifestKey, openManifest, sealManifest, selectManifestRecord } from '../../../src/net/manifest-record.js'
import { DEFAULT_SETTINGS } from '../../../src/net/messages/index.js'
import { NewestRecordDatastore } from '../../../src/net/newest-record-datastore.js'
import type { PogsNode } from '../../../src/net/node.js'
import { TestNetwork } from './helpers.js'

// kad-dht stores a PUT_VALUE's record without comparing it with the one it holds; these check that a pogs peer keeps
// the newest manifest whatever order PUTs arrive in (docs/network.md#discovery).

let projectKey: PrivateKey
let project: PeerId
beforeEach(async () => {
  projectKey = await generateKeyPair('Ed25519')
  project = peerIdFromPrivateKey(projectKey)
})

async function manifestRecord (sequence: number): Promise<Uint8Array> {
  return await sealManifest(projectKey, {
    project: project.toString(),
    sequence,
    addrs: [],
    verifiers: [],
    mirrors: [],
    libraries: [],
    appVersion: '0.1.0',
    minAppVersion: '0.1.0',
    settings: DEFAULT_SETTINGS,
    issuedMs: Date.now()
  })
}

async function sequenceOf (value: Uint8Array | undefined): Promise<number | undefined> {
  return value === undefined ? undefined : (await openManifest(value, project)).sequence
}

describe('the datastore under kad-dht', () => {
  const selectors = { [MANIFEST_KEY_NAMESPACE]: selectManifestRecord }

  /** Where kad-dht keeps the record of `key` (its bufferToRecordKey with the default prefix). */
  function recordKey (key: Uint8Array): Key {
    return new Key(`/dht/record/${base32.baseEncode(key)}`, false)
  }

  /** Writes a record the way kad-dht's PUT_VALUE handler does and reads back the stored value. */
  async function putAndRead (store: NewestRecordDatastore, key: Uint8Array, value: Uint8Array): Promise<Uint8Array> {
    await store.put(recordKey(key), new Libp2pRecord(key, value, new Date()).serialize())
    return Libp2pRecord.deserialize(await store.get(recordKey(key))).value
  }

  test('keeps sequence 5 over a later 4 and takes 6', async () => {
    const store = new NewestRecordDatastore(new MemoryDatastore(), { selectors })
    const key = manifestKey(project)
    expect(await sequenceOf(await putAndRead(store, key, await manifestRecord(5)))).toBe(5)
    expect(await sequenceOf(await putAndRead(store, key, await manifestRecord(4)))).toBe(5)
    expect(await sequenceOf(await putAndRead(store, key, await manifestRecord(6)))).toBe(6)
  })

  test('takes a record of the same sequence (a republish refreshes the time received)', async () => {
    const store = new NewestRecordDatastore(new MemoryDatastore(), { selectors })
    const key = manifestKey(project)
    const record = await manifestRecord(5)
    await store.put(recordKey(key), new Libp2pRecord(key, record, new Date(1_000)).serialize())
    await store.put(recordKey(key), new Libp2pRecord(key, record, new Date(2_000)).serialize())
    expect(Libp2pRecord.deserialize(await store.get(recordKey(key))).timeReceived.getTime()).toBe(2_000)
  })

  test('two PUTs arriving together leave the newer record', async () => {
    const store = new NewestRecordDatastore(new MemoryDatastore(), { selectors })
    const key = manifestKey(project)
    await putAndRead(store, key, await manifestRecord(3))
    const [newer, older] = [await manifestRecord(6), await manifestRecord(4)]
    await Promise.all([
      store.put(recordKey(key), new Libp2pRecord(key, newer, new Date()).serialize()),
      store.put(recordKey(key), new Libp2pRecord(key, older, new Date()).serialize())
    ])
    expect(await sequenceOf(Libp2pRecord.deserialize(await store.get(recordKey(key))).value)).toBe(6)
  })

  test('stores other namespaces, other keys and over undecodable values as before', async () => {
    const store = new NewestRecordDatastore(new MemoryDatastore(), { selectors })
    const other = new TextEncoder().encode('/pk/some-key')
    await putAndRead(store, other, Uint8Array.of(2))
    expect(await putAndRead(store, other, Uint8Array.of(1))).toEqual(Uint8Array.of(1))

    const plain = new Key('/providers/abc')
    await store.put(plain, Uint8Array.of(9))
    await store.put(plain, Uint8Array.of(8))
    expect(await store.get(plain)).toEqual(Uint8Array.of(8))

    const key = manifestKey(project)
    const child = new MemoryDatastore()
    await child.put(recordKey(key), Uint8Array.of(0xff, 0xff))
    const wrapped = new NewestRecordDatastore(child, { selectors })
    expect(await sequenceOf(await putAndRead(wrapped, key, await manifestRecord(4)))).toBe(4)
  })
})

describe('a DHT peer receiving PUT_VALUE', () => {
  let net: TestNetwork
  let holder: PogsNode
  let publisher: PogsNode
  beforeEach(async () => {
    net = new TestNetwork()
    holder = await net.add()
    // Any peer may PUT a validly signed manifest (a mirror re-publishing its copy): the publisher is not the project.
    publisher = await net.add({ bootstrap: [holder.addrs()[0]] })
  })
  afterEach(async () => { await net.close() })

  /** PUTs through kad-dht; resolves once the holder has answered (it stores the record before it answers). */
  async function put (record: Uint8Array): Promise<void> {
    let answered = false
    for await (const event of publisher.libp2p.services.dht.put(manifestKey(project), record, { signal: AbortSignal.timeout(20_000) })) {
      if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE' && event.from.equals(holder.peerId)) answered = true
    }
    expect(answered).toBe(true)
  }

  /** The manifest sequence the holder serves to a GET_VALUE (seen in the publisher's query, before any correction). */
  async function servedByHolder (): Promise<number | undefined> {
    let served: Uint8Array | undefined
    const events = publisher.libp2p.services.dht.get(manifestKey(project), {
      signal: AbortSignal.timeout(20_000),
      onProgress: (e) => {
        if (e.type !== 'kad-dht:query:value') return
        const detail = e.detail as { from: PeerId, value: Uint8Array }
        if (detail.from.equals(holder.peerId)) served = detail.value
      }
    })
    for await (const _ of events) { /* drained for the progress events */ }
    return await sequenceOf(served)
  }

  test('keeps serving the newest manifest after an older PUT, and takes a newer one', async () => {
    await put(await manifestRecord(5))
    expect(await servedByHolder()).toBe(5)
    await put(await manifestRecord(4))
    expect(await servedByHolder()).toBe(5)
    await put(await manifestRecord(6))
    expect(await servedByHolder()).toBe(6)
  }, 60_000)
})
