// A unit's replicas all come from one fitting-core version (docs/work-lifecycle.md#versions): assignment keeps
// further instances on the core of the live or successful ones, any core takes a unit whose instances all failed,
// and a result naming another core than its instance's is refused with nothing recorded.
import { afterEach, describe, expect, it } from 'vitest'
import { CoreVersionMismatchError, type WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { Clock, key, result, storeWithUnits } from './helpers.js'

const A = key(1)
const B = key(2)
const C = key(3)
let store: WorkStore | undefined
afterEach(() => store?.close())

function coreOf (s: WorkStore, instanceId: string): number | null {
  return (s.db.prepare('SELECT core_version FROM instances WHERE id = ?').get(instanceId) as { core_version: number | null }).core_version
}

function results (s: WorkStore): number {
  return (s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n
}

describe('fitting-core versions in assignment', () => {
  it('records the request\'s core version on the instance; a request without one records NULL (unknown)', async () => {
    store = await storeWithUnits(new Clock(), 2)
    const [a] = store.assignWork({ volunteer: A, requestId: 'r', maxUnits: 1, coreVersion: 3 })
    const [b] = store.assignWork({ volunteer: B, requestId: 'r', maxUnits: 1 })
    expect(coreOf(store, a.instanceId)).toBe(3)
    expect(coreOf(store, b.instanceId)).toBeNull()
  })

  it('gives a unit with a live instance only to requests of that core version', async () => {
    store = await storeWithUnits(new Clock(), 1)
    const [a] = store.assignWork({ volunteer: A, requestId: 'r', maxUnits: 1, coreVersion: 1 })
    expect(a.unitId).toBe('g1a0')
    // B runs another core: the unit's second replica is not B's, however much B asks for.
    expect(store.assignWork({ volunteer: B, requestId: 'r', maxUnits: 4, coreVersion: 2 })).toEqual([])
    expect(store.assignUnit('g1a0', B, 'r2', 2)).toBeUndefined()
    // C runs A's core: it gets it.
    expect(store.assignWork({ volunteer: C, requestId: 'r', maxUnits: 4, coreVersion: 1 }).map((x) => x.unitId)).toEqual(['g1a0'])
  })

  it('keeps to the core of a successful instance after the live one is gone', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1, { replication: 2, minQuorum: 2 })
    const [a] = store.assignWork({ volunteer: A, requestId: 'r', maxUnits: 1, coreVersion: 1 })
    const [b] = store.assignWork({ volunteer: B, requestId: 'r', maxUnits: 1, coreVersion: 1 })
    store.submitResult({ ...result(a.instanceId, A), coreVersion: 1 })
    clock.advance(20_000)
    store.tick() // b timed out: a reissue is due, A's successful result still holds the unit to core 1
    expect(store.findInstance(b.instanceId)?.outcome).toBe('timed_out')
    expect(store.assignWork({ volunteer: C, requestId: 'r', maxUnits: 1, coreVersion: 2 })).toEqual([])
    expect(store.assignWork({ volunteer: C, requestId: 'r2', maxUnits: 1, coreVersion: 1 }).map((x) => x.unitId)).toEqual(['g1a0'])
  })

  it('gives a unit whose instances all failed or timed out to any core version', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [a] = store.assignWork({ volunteer: A, requestId: 'r', maxUnits: 1, coreVersion: 1 })
    const [b] = store.assignWork({ volunteer: B, requestId: 'r', maxUnits: 1, coreVersion: 1 })
    store.submitError({ instanceId: a.instanceId, volunteer: A, reason: 'fit failed' })
    clock.advance(20_000)
    store.tick()
    expect(store.findInstance(b.instanceId)?.outcome).toBe('timed_out')
    const given = store.assignWork({ volunteer: C, requestId: 'r', maxUnits: 1, coreVersion: 2 })
    expect(given.map((x) => x.unitId)).toEqual(['g1a0'])
    expect(coreOf(store, given[0].instanceId)).toBe(2)
  })

  it('matches instances of unknown core version (issued before versions were recorded) with any', async () => {
    store = await storeWithUnits(new Clock(), 1)
    store.assignWork({ volunteer: A, requestId: 'r', maxUnits: 1 })
    expect(store.assignWork({ volunteer: B, requestId: 'r', maxUnits: 1, coreVersion: 2 }).map((x) => x.unitId)).toEqual(['g1a0'])
  })
})

describe('fitting-core versions in results', () => {
  it('refuses a result of another core than its instance\'s (ERR_CORE_VERSION_MISMATCH), nothing recorded', async () => {
    store = await storeWithUnits(new Clock(), 1)
    const [a] = store.assignWork({ volunteer: A, requestId: 'r', maxUnits: 1, coreVersion: 1 })
    const s = store
    expect(() => s.submitResult({ ...result(a.instanceId, A), coreVersion: 2 })).toThrow(CoreVersionMismatchError)
    const [refused] = store.submitMany([{ result: { ...result(a.instanceId, A), coreVersion: 2 } }])
    expect(refused).toMatchObject({ code: 'ERR_CORE_VERSION_MISMATCH' })
    expect(results(store)).toBe(0)
    expect(store.findInstance(a.instanceId)?.outcome).toBe('in_progress')
    expect(store.submitResult({ ...result(a.instanceId, A), coreVersion: 1 }).status).toBe('accepted')
  })
})
