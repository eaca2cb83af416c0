// Version gating at the coordinator (docs/deploy.md#upgrades): the manifest names the lowest version the project
// accepts; work requests and results from older versions are refused (ERR_VERSION_TOO_OLD) with nothing assigned or
// recorded; a unit's replicas stay on one fitting-core version, and a result of another core than its instance's is
// refused (ERR_CORE_VERSION_MISMATCH).
import { peerIdFromString } from '@libp2p/peer-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoordinatorService } from '../../../../src/coordinator/service/index.js'
import { FIT_CORE_VERSION } from '../../../../src/fit/core-version.js'
import { RemoteError } from '../../../../src/net/errors.js'
import type { Assignment } from '../../../../src/net/messages/index.js'
import { request } from '../../../../src/net/request-response.js'
import { appVersion } from '../../../../src/util/app-version.js'
import type { WorkUnit } from '../../../../src/work/unit-payload.js'
import { encodeUnitResult, type UnitResult } from '../../../../src/work/unit-result.js'
import { Dirs, FAST_DHT, smallGalaxy, TestVolunteer } from './helpers.js'

const dirs = new Dirs()
let service: CoordinatorService
let project: string
let ann: TestVolunteer
let bob: TestVolunteer
let assignment: Assignment
let unit: WorkUnit

/** A result every pixel of which is "not fitted": well-formed, answers the unit, needs no fitting. */
function unfittedAnswer (u: WorkUnit): UnitResult {
  return { unitId: u.unitId, pixels: u.pixels.map((p) => ({ x: p.x, y: p.y, unfitted: { reason: 'ERR_TOO_FEW_BANDS', message: 'test' } })) }
}

function count (table: 'results' | 'instances'): number {
  return (service.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}

beforeAll(async () => {
  const galaxy = await smallGalaxy(dirs, { size: 12, seed: 5, stride: 50, name: 'versioned spiral' })
  // The lowest accepted version is this pogs' own: anything older is refused.
  service = new CoordinatorService({ dataDir: await dirs.make('pogs-coordinator-'), librariesDir: galaxy.libraries, dht: FAST_DHT, minAppVersion: appVersion() })
  const ready = await service.start()
  project = ready.project
  ann = await TestVolunteer.start(dirs, ready.addrs[0], 'ann')
  bob = await TestVolunteer.start(dirs, ready.addrs[0], 'bob')
  const created = service.next('unit-created')
  await service.addGalaxy(galaxy.fits)
  await created
  assignment = (await ann.work(project, 1)).units[0]
  unit = await ann.unit(assignment)
}, 60_000)

afterAll(async () => {
  await service?.stop()
  await ann?.stop()
  await bob?.stop()
  await dirs.remove()
})

describe('version gating at the coordinator', () => {
  it('names the lowest accepted version in its manifest; refuses one above its own', () => {
    expect(service.manifest.minAppVersion).toBe(appVersion())
    expect(() => new CoordinatorService({ dataDir: '/nonexistent', librariesDir: '/nonexistent', minAppVersion: '999.0.0' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_SETTINGS' }))
    expect(() => new CoordinatorService({ dataDir: '/nonexistent', librariesDir: '/nonexistent', minAppVersion: 'latest' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_SETTINGS' }))
  })

  it('refuses a work request from an older version: ERR_VERSION_TOO_OLD, nothing assigned', async () => {
    const before = count('instances')
    const asking = request(bob.node.libp2p, peerIdFromString(project), 'work',
      { cores: 1, maxUnits: 4, appVersion: '0.0.1', libraries: [], coreVersion: FIT_CORE_VERSION }, { privateKey: bob.node.identity.privateKey })
    const err = await asking.then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(RemoteError)
    expect(err).toMatchObject({ remoteCode: 'ERR_VERSION_TOO_OLD' })
    expect((err as Error).message).toMatch(/0\.0\.1.*upgrade pogs/)
    expect(count('instances')).toBe(before)
  })

  it('refuses a result from an older version, single or batched: ERR_VERSION_TOO_OLD, nothing recorded', async () => {
    const bytes = encodeUnitResult(unfittedAnswer(unit))
    expect(await ann.submit(project, assignment, bytes, { appVersion: '0.0.1' })).toMatchObject({ accepted: false, reason: 'ERR_VERSION_TOO_OLD' })
    const [ack] = await ann.submitBatch(project, [await ann.sealInline(assignment, bytes, { appVersion: '0.0.1' })])
    expect(ack).toMatchObject({ accepted: false, reason: 'ERR_VERSION_TOO_OLD' })
    expect(count('results')).toBe(0)
  })

  it('refuses a result of another fitting core than its instance\'s: ERR_CORE_VERSION_MISMATCH, nothing recorded', async () => {
    const bytes = encodeUnitResult(unfittedAnswer(unit))
    expect(await ann.submit(project, assignment, bytes, { coreVersion: FIT_CORE_VERSION + 1 })).toMatchObject({ accepted: false, reason: 'ERR_CORE_VERSION_MISMATCH' })
    const [ack] = await ann.submitBatch(project, [await ann.sealInline(assignment, bytes, { coreVersion: FIT_CORE_VERSION + 1 })])
    expect(ack).toMatchObject({ accepted: false, reason: 'ERR_CORE_VERSION_MISMATCH' })
    expect(count('results')).toBe(0)
  })

  it('keeps a unit\'s replicas on one core: another core\'s volunteer does not get the unit while ann\'s instance is live', async () => {
    bob.coreVersion = FIT_CORE_VERSION + 1
    const given = (await bob.work(project, 64)).units
    expect(given.map((a) => a.unitId)).not.toContain(assignment.unitId)
    const cores = service.store.db.prepare('SELECT DISTINCT core_version AS v FROM instances WHERE unit_id = ?').all(assignment.unitId) as Array<{ v: number }>
    expect(cores.map((c) => c.v)).toEqual([FIT_CORE_VERSION])
    // The volunteer's own core again: the same unit is fine for a key that holds none of it.
    bob.coreVersion = FIT_CORE_VERSION
    const more = (await bob.work(project, 64)).units
    expect(more.map((a) => a.unitId)).toContain(assignment.unitId)
  })
})
