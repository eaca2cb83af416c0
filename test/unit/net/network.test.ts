import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { unixfs } from '@helia/unixfs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { MirrorService } from '../../../src/mirror/mirror-service.js'
import { addBytes, fetchAndPin } from '../../../src/net/content.js'
import { request } from '../../../src/net/request-response.js'
import { CoordinatorNetwork } from '../../../src/net/coordinator-network.js'
import { discoverProject, findCoordinators } from '../../../src/net/discovery.js'
import { RemoteError } from '../../../src/net/errors.js'
import { manifestKey } from '../../../src/net/manifest-record.js'
import { manifestStoreIn } from '../../../src/net/manifest-files.js'
import type { PogsNode } from '../../../src/net/node.js'
import { TestNetwork } from './helpers.js'

// One in-process network of 12 peers on 127.0.0.1: a coordinator, a mirror and ten plain peers, each bootstrapped
// from the previous one only (a chain), so finding the project exercises the DHT rather than a direct link.
const PEERS = 11
const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 1_000 }

let net: TestNetwork
let coordinator: CoordinatorNetwork
let peers: PogsNode[]
let library: Buffer
let mirror: MirrorService
let firstRecord: Uint8Array
const pinned: string[] = []

beforeAll(async () => {
  net = new TestNetwork()
  const libs = await net.tempDir()
  await mkdir(libs, { recursive: true })
  library = randomBytes(1_500_000)
  await writeFile(join(libs, 'optical_z0.0100.lbr'), library)
  await writeFile(join(libs, 'infrared_z0.0100.lbr'), 'small library\n')
  coordinator = await CoordinatorNetwork.start({ dataDir: await net.tempDir(), librariesDir: libs, dht: FAST_DHT, republishIntervalMs: 60_000 })
  net.nodes.push(coordinator.node)
  firstRecord = coordinator.record
  peers = []
  let previous = coordinator.node
  for (let i = 0; i < PEERS; i++) {
    previous = await net.add({ bootstrap: [previous.addrs()[0]], dht: FAST_DHT })
    peers.push(previous)
  }
})
afterAll(async () => {
  await mirror?.stop()
  await coordinator.stop()
  await net.close()
})

test('a peer far down the chain finds the project, its coordinator and its manifest from the key alone', async () => {
  const far = peers[PEERS - 1]
  const project = coordinator.node.peerId.toString()
  const found = await discoverProject(far, project, manifestStoreIn(await net.tempDir()), { signal: AbortSignal.timeout(30_000) })
  expect(found.manifest.sequence).toBe(1)
  expect(found.manifest.libraries.map((l) => l.name)).toEqual(['infrared_z0.0100.lbr', 'optical_z0.0100.lbr'])
  expect(found.manifest.addrs.map(String)).toEqual(coordinator.node.addrs().map(String))
  // The rendezvous provide happens in the background: ask until it is visible.
  let coordinators: Awaited<ReturnType<typeof findCoordinators>> = []
  while (coordinators.length === 0) {
    await coordinator.republish()
    coordinators = await findCoordinators(far, coordinator.node.peerId, { signal: AbortSignal.timeout(10_000) })
  }
  expect(coordinators[0].id.equals(coordinator.node.peerId)).toBe(true)
})

test('a mirror pins every library, follows a new manifest, and serves the content after the coordinator stops', async () => {
  const mirrorNode = peers[3]
  mirror = new MirrorService(mirrorNode, await net.tempDir(), {
    project: coordinator.node.peerId.toString(),
    pollIntervalMs: 60_000,
    events: { pinned: (p) => pinned.push(p.cid.toString()) }
  })
  const first = await mirror.start({ signal: AbortSignal.timeout(30_000) })
  expect(new Set(pinned)).toEqual(new Set(first.libraries.map((l) => l.cid.toString())))

  const v2 = await coordinator.updateManifest({ mirrors: [mirrorNode.peerId.toString()] })
  expect(v2.sequence).toBe(2)
  await coordinator.republish()
  expect((await mirror.syncOnce(AbortSignal.timeout(30_000))).sequence).toBe(2)

  // The coordinator asks the mirror to pin an archive and gets a receipt signed by the mirror; nobody else may ask.
  const archive = await addBytes(coordinator.node.helia, randomBytes(200_000))
  const { body, envelope } = await request(coordinator.node.libp2p, mirrorNode.peerId, 'pin', { cids: [archive] }, { privateKey: coordinator.node.identity.privateKey })
  expect(body.cids.map(String)).toEqual([archive.toString()])
  expect(body.bytes).toBeGreaterThanOrEqual(200_000)
  expect(envelope.signer.equals(mirrorNode.peerId)).toBe(true)
  expect(await mirrorNode.helia.pins.isPinned(archive)).toBe(true)
  const refused = await request(peers[0].libp2p, mirrorNode.peerId, 'pin', { cids: [archive] }, { privateKey: peers[0].identity.privateKey }).catch((e: unknown) => e)
  expect(refused).toBeInstanceOf(RemoteError)
  expect((refused as RemoteError).remoteCode).toBe('ERR_NOT_AUTHORIZED')

  await coordinator.stop()
  const fetcher = peers[PEERS - 2]
  const optical = v2.libraries.find((l) => l.name === 'optical_z0.0100.lbr')
  if (optical === undefined) throw new Error('library missing from manifest')
  await fetchAndPin(fetcher.helia, optical.cid, { signal: AbortSignal.timeout(30_000) })
  const parts: Uint8Array[] = []
  for await (const chunk of unixfs(fetcher.helia).cat(optical.cid, { offline: true })) parts.push(chunk)
  expect(Buffer.concat(parts).equals(library)).toBe(true)
})

test('an older manifest replayed into the DHT does not displace the newer one: every peer keeps the newest record', async () => {
  const peer = peers[5]
  const store = manifestStoreIn(await net.tempDir())
  const project = coordinator.node.peerId
  const current = await discoverProject(peer, project.toString(), store, { signal: AbortSignal.timeout(30_000) })
  expect(current.manifest.sequence).toBe(2)
  // The genuine, correctly signed sequence-1 record, as the coordinator published it at start. Any peer can
  // replay it (it is signed); the peers holding sequence 2 keep it (src/net/newest-record-datastore.ts).
  for (const p of peers) {
    try {
      for await (const _ of p.libp2p.services.dht.put(manifestKey(project), firstRecord, { signal: AbortSignal.timeout(5_000) })) { /* drain */ }
    } catch {
      // a put that times out has still been offered to the local store
    }
  }
  const again = await discoverProject(peer, project.toString(), store, { signal: AbortSignal.timeout(10_000) })
  expect(again.manifest.sequence).toBe(2)
  expect((await store.get(project.toString()))?.manifest.sequence).toBe(2)
})
