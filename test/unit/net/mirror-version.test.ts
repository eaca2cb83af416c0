// A mirror older than its project accepts (the manifest's min_app_version) refuses to mirror it: start() fails with
// ERR_VERSION_TOO_OLD, and a running mirror stops serving pins when a newer manifest raises the lowest version.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { MirrorService } from '../../../src/mirror/mirror-service.js'
import { CoordinatorNetwork } from '../../../src/net/coordinator-network.js'
import type { PogsNode } from '../../../src/net/node.js'
import { request } from '../../../src/net/request-response.js'
import { appVersion } from '../../../src/util/app-version.js'
import { VersionTooOldError } from '../../../src/util/errors.js'
import { TestNetwork } from './helpers.js'

const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 1_000 }

let net: TestNetwork
let coordinator: CoordinatorNetwork
const mirrors: MirrorService[] = []

beforeAll(async () => {
  net = new TestNetwork()
  const libs = await net.tempDir()
  await writeFile(join(libs, 'optical_z0.0100.lbr'), 'small library\n')
  coordinator = await CoordinatorNetwork.start({ dataDir: await net.tempDir(), librariesDir: libs, dht: FAST_DHT, minAppVersion: appVersion() })
  net.nodes.push(coordinator.node)
})
afterAll(async () => {
  for (const m of mirrors) await m.stop()
  await coordinator.stop()
  await net.close()
})

async function mirror (): Promise<{ service: MirrorService, node: PogsNode }> {
  const node = await net.add({ bootstrap: [coordinator.node.addrs()[0]], dht: FAST_DHT })
  const service = new MirrorService(node, await net.tempDir(), { project: coordinator.node.peerId.toString(), pollIntervalMs: 200 })
  mirrors.push(service)
  return { service, node }
}

test('a mirror of the lowest accepted version mirrors; raised above it, the mirror stops and a new one refuses to start', async () => {
  const running = await mirror()
  expect((await running.service.start({ signal: AbortSignal.timeout(30_000) })).minAppVersion).toBe(appVersion())

  await coordinator.updateManifest({ minAppVersion: '99.0.0' })
  const err = await running.service.failed
  expect(err).toBeInstanceOf(VersionTooOldError)
  expect(err).toMatchObject({ code: 'ERR_VERSION_TOO_OLD', version: appVersion(), minimum: '99.0.0' })
  // No longer serving pins for the project.
  const asked = await request(coordinator.node.libp2p, running.node.peerId, 'pin', { cids: [coordinator.libraries[0].cid] },
    { privateKey: coordinator.node.identity.privateKey }).then(() => 'served', () => 'refused')
  expect(asked).toBe('refused')

  const late = await mirror()
  await expect(late.service.start({ signal: AbortSignal.timeout(30_000) })).rejects.toMatchObject({ code: 'ERR_VERSION_TOO_OLD' })
}, 60_000)
