import type { Startable } from '@libp2p/interface'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { discoverProject, publishManifest } from '../../../src/net/discovery.js'
import { sealManifest } from '../../../src/net/manifest-record.js'
import { manifestStoreIn } from '../../../src/net/manifest-files.js'
import { DEFAULT_SETTINGS } from '../../../src/net/messages/index.js'
import type { PogsNode } from '../../../src/net/node.js'
import { TestNetwork } from './helpers.js'

// A volunteer whose kad-dht routing table stayed empty (benchmark, 30 processes at load 33: one of 30 never found
// the manifest in 30 min). kad-dht learns that a peer speaks the DHT only from identify (libp2p's topology
// notifies it on `peer:identify`) and adds it to the routing table only after a ping; when identify with the
// bootstrap peer failed, no later event tells it again, and every `get` waits for a routing-table peer forever.

const IDENTIFY = '/ipfs/id/1.0.0'

let net: TestNetwork
let coordinator: PogsNode
let coordinatorDir: string
beforeEach(async () => {
  net = new TestNetwork()
  coordinatorDir = await net.tempDir()
  coordinator = await net.add({ dataDir: coordinatorDir })
  const manifest = {
    project: coordinator.peerId.toString(),
    sequence: 1,
    addrs: coordinator.addrs(),
    verifiers: [],
    mirrors: [],
    libraries: [],
    appVersion: '0.1.0',
    minAppVersion: '0.1.0',
    settings: DEFAULT_SETTINGS,
    issuedMs: Date.now()
  }
  const record = await sealManifest(coordinator.identity.privateKey, manifest)
  // Published before the volunteer joins, to a peer that then leaves: a put still waiting for peers when the
  // volunteer joined would push the record to it, and a peer still running would find and dial the volunteer
  // through the coordinator (its self-queries); either would hide the failure. The coordinator keeps its record.
  const holder = await net.add({ bootstrap: [coordinator.addrs()[0]] })
  expect(await publishManifest(coordinator, record, { signal: AbortSignal.timeout(20_000) })).toBeGreaterThan(0)
  await holder.stop()
})
afterEach(async () => { await net.close() })

function routingTableSize (node: PogsNode): number {
  return (node.libp2p.services.dht as unknown as SingleKadDHT).routingTable.size
}

/** Makes the coordinator drop the next identify stream (an overloaded peer's identify times out); resolves once the
 * volunteer's identify has been refused, then answers identify normally again. */
async function refuseNextIdentify (peer: PogsNode): Promise<() => Promise<void>> {
  const service = peer.libp2p.services.identify as unknown as Startable
  await service.stop()
  let refuse: () => void = () => {}
  const refused = new Promise<void>((resolve) => { refuse = resolve })
  await peer.libp2p.handle(IDENTIFY, (stream) => {
    stream.abort(new Error('identify refused by the test'))
    refuse()
  })
  return async () => {
    await refused
    await peer.libp2p.unhandle(IDENTIFY)
    await service.start()
  }
}

test('a volunteer whose identify with its bootstrap peer failed still finds the manifest', async () => {
  const restore = await refuseNextIdentify(coordinator)
  const volunteer = await net.add({ bootstrap: [coordinator.addrs()[0]] })
  await restore()
  expect(volunteer.libp2p.getConnections(coordinator.peerId)).not.toHaveLength(0)
  expect(routingTableSize(volunteer)).toBe(0)

  const found = await discoverProject(volunteer, coordinator.peerId.toString(), manifestStoreIn(await net.tempDir()), { signal: AbortSignal.timeout(20_000) })
  expect(found.manifest.sequence).toBe(1)
  expect(routingTableSize(volunteer)).toBeGreaterThan(0)
}, 30_000)

test('a volunteer that lost its only connection before identify completed dials its known peers again', async () => {
  const restore = await refuseNextIdentify(coordinator)
  const volunteer = await net.add({ bootstrap: [coordinator.addrs()[0]] })
  await restore()
  await volunteer.libp2p.hangUp(coordinator.peerId)
  expect(volunteer.libp2p.getConnections()).toHaveLength(0)
  expect(routingTableSize(volunteer)).toBe(0)

  const found = await discoverProject(volunteer, coordinator.peerId.toString(), manifestStoreIn(await net.tempDir()), { signal: AbortSignal.timeout(20_000) })
  expect(found.manifest.sequence).toBe(1)
}, 30_000)

test('a volunteer whose bootstrap dial failed at start dials its bootstrap peer again', async () => {
  const addr = coordinator.addrs()[0]
  await coordinator.stop()
  const volunteer = await net.add({ bootstrap: [addr] })
  expect(volunteer.libp2p.getConnections()).toHaveLength(0)
  // The coordinator comes back on the same address, with the record it stored before.
  await net.add({ dataDir: coordinatorDir, listen: [addr.toString().split('/p2p/')[0]], bootstrap: [] })

  const found = await discoverProject(volunteer, coordinator.peerId.toString(), manifestStoreIn(await net.tempDir()), { signal: AbortSignal.timeout(20_000) })
  expect(found.manifest.sequence).toBe(1)
}, 30_000)
