// The project's ban list reaches verifiers (docs/work-lifecycle.md#revocation): the coordinator publishes the keys
// it banned as content named by its next signed manifest, a verifier fetches the list when the manifest names it,
// and a replica signed by a listed key is invalid (BANNED_KEY) whatever it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishBanList } from '../../../src/coordinator/service/ban-list.js'
import { decodeBanList, encodeBanList } from '../../../src/net/messages/index.js'
import { InvalidFieldError } from '../../../src/net/errors.js'
import { VerifierTestbed, type TestVerifier, type TestVolunteer } from './testbed.js'

let bed: VerifierTestbed
let verifier: TestVerifier
let ann: TestVolunteer
let bob: TestVolunteer
let eve: TestVolunteer

beforeAll(async () => {
  bed = await VerifierTestbed.start()
  ;[ann, bob, eve] = [await bed.volunteer(), await bed.volunteer(), await bed.volunteer()]
  const ban = { key: Buffer.from(eve.key.publicKey.raw), reason: 'recompute_mismatch' as const, detail: 'test', network: null, banned: 1_796_000_000_000, units: 1, pixels: 0 }
  const cid = await publishBanList({ store: { bans: () => [ban] }, helia: bed.coordinator.node.helia, net: bed.coordinator })
  expect(cid).toBeDefined()
  expect(bed.coordinator.manifest.banListCid?.equals(cid)).toBe(true)
  // Publishing the same bans again names the same list: no new manifest.
  const sequence = bed.coordinator.manifest.sequence
  await publishBanList({ store: { bans: () => [ban] }, helia: bed.coordinator.node.helia, net: bed.coordinator })
  expect(bed.coordinator.manifest.sequence).toBe(sequence)
  verifier = await bed.addVerifier()
}, 90_000)
afterAll(async () => { await bed?.close() })

describe('the ban list', () => {
  it('round-trips, and refuses an entry that is not a key', () => {
    const list = { project: bed.coordinator.node.peerId.toString(), keys: [eve.key.publicKey.raw], issuedMs: 5 }
    expect(decodeBanList(encodeBanList(list))).toEqual(list)
    expect(() => decodeBanList(encodeBanList({ ...list, keys: [new Uint8Array(31)] }))).toThrow(InvalidFieldError)
  })

  it('makes a verifier judge a banned key\'s replica invalid, however right its content', async () => {
    const replicas = [await bed.submit(ann, 'b1-a', bed.honest), await bed.submit(eve, 'b1-e', bed.honest), await bed.submit(bob, 'b1-b', bed.honest)]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'agree', validInstances: ['b1-a', 'b1-b'], invalidInstances: ['b1-e'] })
    expect(verifier.verdicts.at(-1)?.replicas.find((r) => r.instanceId === 'b1-e')).toMatchObject({ valid: false, reason: 'BANNED_KEY' })
  })
})
