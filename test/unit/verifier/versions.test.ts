// Versions at a verifier: replicas of different fitting-core versions are never compared by digest (they are judged
// as disagreeing), a group of another core than the verifier's is not recomputed, and a verifier older than its
// project accepts (the manifest's min_app_version) refuses to start, or stops serving when a newer manifest says so.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIT_CORE_VERSION } from '../../../src/fit/core-version.js'
import { groupReplicas, quorumGroup } from '../../../src/verifier/grouping.js'
import type { GoodReplica } from '../../../src/verifier/replica-check.js'
import { VerifierService } from '../../../src/verifier/verifier-service.js'
import { startPogsNode } from '../../../src/net/node.js'
import { VersionTooOldError } from '../../../src/util/errors.js'
import { digestOf, encodeUnitResult } from '../../../src/work/unit-result.js'
import { fakeResult, plainUnit } from '../work/helpers.js'
import { VerifierTestbed, type TestVerifier, type TestVolunteer } from './testbed.js'

const OTHER_CORE = FIT_CORE_VERSION + 1

describe('grouping across fitting-core versions', () => {
  const result = fakeResult(plainUnit('g1-u7', 3), 1)
  const replica = (instanceId: string, coreVersion: number): GoodReplica =>
    ({ ok: true, instanceId, signer: `key-${instanceId}`, digest: digestOf(encodeUnitResult(result)), coreVersion, result })

  it('never puts replicas of different core versions in one group, even with equal bytes', () => {
    const groups = groupReplicas([replica('a', 1), replica('b', 2), replica('c', 1)])
    expect(groups.map((g) => g.members.map((m) => m.instanceId))).toEqual([['a', 'c'], ['b']])
    expect(groups[0].reason).toBe('DIGESTS_EQUAL')
    expect(quorumGroup(groupReplicas([replica('a', 1), replica('b', 2)]), 2)).toBeUndefined()
  })
})

let bed: VerifierTestbed
let verifier: TestVerifier
let recomputing: TestVerifier
let ann: TestVolunteer
let bob: TestVolunteer
let eve: TestVolunteer

beforeAll(async () => {
  bed = await VerifierTestbed.start(2)
  verifier = await bed.addVerifier({ pollIntervalMs: 200 })
  recomputing = await bed.addVerifier({ recomputeRate: 1 })
  ann = await bed.volunteer()
  bob = await bed.volunteer()
  eve = await bed.volunteer()
}, 60_000)
afterAll(async () => { await bed?.close() })

describe('a verifier and fitting-core versions', () => {
  it('judges equal results of two core versions as disagreeing: no quorum', async () => {
    const replicas = [await bed.submit(ann, 'small-u0/1', bed.honest), await bed.submit(bob, 'small-u0/2', bed.honest, { coreVersion: OTHER_CORE })]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM' })
  })

  it('lets the replicas of one core reach the quorum; the other core\'s is outvoted', async () => {
    const replicas = [
      await bed.submit(ann, 'small-u0/1', bed.honest),
      await bed.submit(bob, 'small-u0/2', bed.honest, { coreVersion: OTHER_CORE }),
      await bed.submit(eve, 'small-u0/3', bed.honest)
    ]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'agree', reason: 'DIGESTS_EQUAL', validInstances: ['small-u0/1', 'small-u0/3'], invalidInstances: ['small-u0/2'] })
    const bobs = verifier.verdicts.at(-1)?.replicas.find((r) => r.instanceId === 'small-u0/2')
    expect(bobs).toMatchObject({ valid: false, reason: 'OUTVOTED', detail: expect.stringContaining('fitting core') })
  })

  it('does not recompute a group of another core than its own', async () => {
    const replicas = [
      await bed.submit(ann, 'small-u0/1', bed.honest, { coreVersion: OTHER_CORE }),
      await bed.submit(bob, 'small-u0/2', bed.honest, { coreVersion: OTHER_CORE })
    ]
    const { body } = await bed.verify(recomputing, replicas)
    expect(body).toMatchObject({ outcome: 'agree', reason: 'DIGESTS_EQUAL', recomputed: 0 })
    expect(recomputing.verdicts.at(-1)?.sampled).toBeUndefined()
  })
})

describe('a verifier older than its project accepts', () => {
  it('stops serving when a newer manifest raises the lowest version above its own, and refuses to start', async () => {
    await bed.coordinator.updateManifest({ minAppVersion: '99.0.0' })
    const err = await verifier.service.failed
    expect(err).toBeInstanceOf(VersionTooOldError)
    expect(err).toMatchObject({ code: 'ERR_VERSION_TOO_OLD', minimum: '99.0.0' })
    await expect(bed.verify(verifier, [await bed.submit(ann, 'small-u0/1', bed.honest)])).rejects.toThrow()

    const dataDir = await mkdtemp(join(tmpdir(), 'pogs-verifier-'))
    const node = await startPogsNode({ dataDir, bootstrap: [bed.coordinator.node.addrs()[0]] })
    const late = new VerifierService(node, { project: bed.coordinator.node.peerId.toString(), dataDir })
    try {
      await expect(late.start({ signal: AbortSignal.timeout(30_000) })).rejects.toMatchObject({ code: 'ERR_VERSION_TOO_OLD' })
    } finally {
      await late.stop()
      await node.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
