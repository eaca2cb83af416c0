// Every handler is idempotent: repeating a message changes nothing a second time (docs/work-lifecycle.md).
import { afterEach, describe, expect, it } from 'vitest'
import { GalaxyConflictError, type WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { Clock, VERIFIERS, areas, key, result, storeWithUnits, verdict } from './helpers.js'

const A = key(1)
const B = key(2)
let store: WorkStore | undefined
afterEach(() => store?.close())

/** Every table's full content, to compare before and after a repeat. */
function snapshot (s: WorkStore): string {
  const tables = (s.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>)
  return JSON.stringify(tables.map(({ name }) => [name, s.db.prepare(`SELECT * FROM ${name} ORDER BY rowid`).all()]))
}

describe('idempotent handlers', () => {
  it('a repeated work request, result, verdict, assimilation, receipt or registration changes nothing twice', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2, { mirrorReceipts: 1 })
    const first = store.assignWork({ volunteer: A, requestId: 'q', maxUnits: 1 })
    let before = snapshot(store)
    clock.advance(5)
    expect(store.assignWork({ volunteer: A, requestId: 'q', maxUnits: 1 })).toEqual(first)
    expect(snapshot(store)).toBe(before)

    const a = first[0].instanceId
    const b = store.assignWork({ volunteer: B, requestId: 'q', maxUnits: 1 })[0].instanceId
    store.submitResult(result(a, A))
    before = snapshot(store)
    expect(store.submitResult(result(a, A)).status).toBe('duplicate')
    expect(snapshot(store)).toBe(before)

    store.submitResult(result(b, B))
    store.recordVerdict(verdict('g1a0', 1, VERIFIERS[0], true, [a, b]))
    before = snapshot(store)
    expect(store.recordVerdict(verdict('g1a0', 1, VERIFIERS[0], true, [b, a])).status).toBe('duplicate')
    expect(snapshot(store)).toBe(before)
    store.recordVerdict(verdict('g1a0', 1, VERIFIERS[1], true, [a, b]))
    before = snapshot(store)
    // Repeats after the round closed are recognised as repeats, not as stale verdicts or second credit.
    expect(store.recordVerdict(verdict('g1a0', 1, VERIFIERS[1], true, [a, b])).status).toBe('duplicate')
    expect(store.submitResult(result(b, B)).status).toBe('duplicate')
    expect(snapshot(store)).toBe(before)

    const pixel = { x: 0, y: 0, summary: new Uint8Array(8), histograms: new Uint8Array(8) }
    store.assimilate('g1a0', [pixel])
    before = snapshot(store)
    expect(store.assimilate('g1a0', [pixel]).status).toBe('duplicate')
    expect(snapshot(store)).toBe(before)

    store.recordArchive(1, { cid: 'arch', path: '/a.h5', record: new Uint8Array(3) })
    store.recordReceipt({ cid: 'arch', mirror: key(50), signature: new Uint8Array(64) })
    before = snapshot(store)
    expect(store.recordArchive(1, { cid: 'arch', path: '/a.h5', record: new Uint8Array(3) })).toBe('duplicate')
    expect(store.recordReceipt({ cid: 'arch', mirror: key(50), signature: new Uint8Array(64) })).toBe('duplicate')
    expect(snapshot(store)).toBe(before)
  })

  it('a repeated error report and galaxy registration are no-ops; a different galaxy under the same name is refused', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const a = store.assignWork({ volunteer: A, requestId: 'q', maxUnits: 1 })[0].instanceId
    store.submitError({ instanceId: a, volunteer: A, reason: 'oom' })
    const before = snapshot(store)
    expect(store.submitError({ instanceId: a, volunteer: A, reason: 'oom' }).status).toBe('duplicate')
    const g = { name: 'G1', bands: ['SDSSu', 'SDSSg', 'SDSSr', 'SDSSi', 'SDSSz'], redshift: 0.01, areas: areas(1, 10) }
    expect(store.addGalaxy(g)).toEqual({ galaxyId: 1, created: false })
    expect(snapshot(store)).toBe(before)
    expect(() => store!.addGalaxy({ ...g, redshift: 0.02 })).toThrow(GalaxyConflictError)
  })
})
