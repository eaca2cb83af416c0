// One mirror node serving two projects (`pogs mirror --project A --project B`): it pins both projects' libraries,
// takes pin requests from both coordinators and from nobody else, and reports which project each pin was for.
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { MirrorService } from '../../../src/mirror/mirror-service.js'
import { addBytes } from '../../../src/net/content.js'
import { CoordinatorNetwork } from '../../../src/net/coordinator-network.js'
import { RemoteError } from '../../../src/net/errors.js'
import type { PogsNode } from '../../../src/net/node.js'
import { request } from '../../../src/net/request-response.js'
import { TestNetwork } from './helpers.js'

const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 1_000 }

let net: TestNetwork
const coordinators: CoordinatorNetwork[] = []
let mirrorNode: PogsNode
let stranger: PogsNode
let mirror: MirrorService | undefined
const pinned: Array<{ cid: string, project?: string }> = []

async function coordinator (name: string): Promise<CoordinatorNetwork> {
  const libs = await net.tempDir()
  await writeFile(join(libs, `${name}_z0.0100.lbr`), randomBytes(50_000))
  const c = await CoordinatorNetwork.start({ dataDir: await net.tempDir(), librariesDir: libs, dht: FAST_DHT })
  coordinators.push(c)
  return c
}

beforeAll(async () => {
  net = new TestNetwork()
  const a = await coordinator('optical')
  const b = await coordinator('infrared')
  await b.node.libp2p.dial(a.node.addrs()[0])
  mirrorNode = await net.add({ bootstrap: [a.node.addrs()[0], b.node.addrs()[0]], dht: FAST_DHT })
  stranger = await net.add({ bootstrap: [mirrorNode.addrs()[0]], dht: FAST_DHT })
})

afterAll(async () => {
  await mirror?.stop()
  for (const c of coordinators) await c.stop()
  await net.close()
})

test('a mirror of two projects pins both, and takes pin requests from both coordinators only', async () => {
  const projects = coordinators.map((c) => c.node.peerId.toString())
  mirror = new MirrorService(mirrorNode, await net.tempDir(), {
    project: projects,
    pollIntervalMs: 60_000,
    events: { pinned: (p) => { pinned.push({ cid: p.cid.toString(), ...(p.project !== undefined ? { project: p.project } : {}) }) } }
  })
  const first = await mirror.start({ signal: AbortSignal.timeout(30_000) })
  expect(first.project).toBe(projects[0])
  expect(mirror.manifests.map((m) => m.manifest?.project)).toEqual(projects)
  for (const [k, c] of coordinators.entries()) {
    for (const lib of c.libraries) expect(pinned).toContainEqual({ cid: lib.cid.toString(), project: projects[k] })
  }

  for (const [k, c] of coordinators.entries()) {
    const archive = await addBytes(c.node.helia, randomBytes(20_000))
    const { body } = await request(c.node.libp2p, mirrorNode.peerId, 'pin', { cids: [archive] }, { privateKey: c.node.identity.privateKey })
    expect(body.cids.map(String)).toEqual([archive.toString()])
    expect(pinned).toContainEqual({ cid: archive.toString(), project: projects[k] })
  }
  await stranger.libp2p.dial(multiaddr(mirrorNode.addrs()[0].toString()))
  const archive = await addBytes(stranger.helia, randomBytes(1_000))
  const refused = await request(stranger.libp2p, mirrorNode.peerId, 'pin', { cids: [archive] }, { privateKey: stranger.identity.privateKey }).catch((e: unknown) => e)
  expect(refused).toBeInstanceOf(RemoteError)
  expect((refused as RemoteError).remoteCode).toBe('ERR_NOT_AUTHORIZED')
})
