// Per-pixel histograms leave the database once R mirrors signed receipts for the galaxy's archive.
import { afterEach, describe, expect, it } from 'vitest'
import { UnknownGalaxyError, type WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { Clock, VERIFIERS, key, result, storeWithUnits, verdict } from './helpers.js'
import { simulateStep } from './simulate.js'

let store: WorkStore | undefined
afterEach(() => store?.close())

describe('mirror receipts', () => {
  it('drops detail after R receipts for the archive CID, once', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2)
    while (await simulateStep(store));
    const histograms = (): unknown => store!.db.prepare('SELECT count(histograms) AS n FROM pixel_results').get()
    expect(histograms()).toEqual({ n: 2 })
    store.recordArchive(1, { cid: 'bafy-archive', path: '/tmp/G1.h5', record: new Uint8Array([1]) })
    store.recordReceipt({ cid: 'bafy-archive', mirror: key(60), signature: new Uint8Array(64) })
    // A receipt for other content and a repeated receipt do not count.
    store.recordReceipt({ cid: 'bafy-other', mirror: key(61), signature: new Uint8Array(64) })
    store.recordReceipt({ cid: 'bafy-archive', mirror: key(60), signature: new Uint8Array(64) })
    expect(store.droppableDetail()).toEqual([])
    store.recordReceipt({ cid: 'bafy-archive', mirror: key(61), signature: new Uint8Array(64) })
    expect(store.droppableDetail()).toEqual([1])
    expect(store.dropDetail()).toEqual([1])
    expect(histograms()).toEqual({ n: 0 })
    expect(store.db.prepare('SELECT count(summary) AS n FROM pixel_results').get()).toEqual({ n: 2 })
    expect(store.dropDetail()).toEqual([])
    expect(() => store!.recordArchive(9, { cid: 'x', path: 'y', record: new Uint8Array(0) })).toThrow(UnknownGalaxyError)
  })

  it('keeps a galaxy reopened by a ban from dropping detail until its new archive has its receipts', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2)
    const [liar, honest, other] = [key(1), key(2), key(3)]
    const s = store
    const instanceOf = (unitId: string, volunteer: Uint8Array): string =>
      (s.db.prepare('SELECT id FROM instances WHERE unit_id = ? AND volunteer = ?').get(unitId, volunteer) as { id: string }).id
    // The liar helps validate g1a0 only; g1a1 is validated by two honest keys.
    s.assignWork({ volunteer: liar, requestId: 'a', maxUnits: 1, network: 'ip4:198.51.100.0/24' })
    s.assignWork({ volunteer: honest, requestId: 'a', maxUnits: 2, network: 'ip4:203.0.113.0/24' })
    s.assignWork({ volunteer: other, requestId: 'a', maxUnits: 1, network: 'ip4:192.0.2.0/24' })
    const validate = (unitId: string, keys: Uint8Array[]): void => {
      const ids = keys.map((k) => instanceOf(unitId, k))
      ids.forEach((i, k) => s.submitResult(result(i, keys[k])))
      const round = s.unitInfo(unitId)?.round ?? 1
      for (const v of VERIFIERS.slice(0, 2)) s.recordVerdict(verdict(unitId, round, v, true, [...ids].sort()))
    }
    validate('g1a0', [liar, honest])
    validate('g1a1', [honest, other])
    s.assimilate('g1a0', [{ x: 0, y: 0, summary: new Uint8Array(8), histograms: new Uint8Array(16) }])
    s.assimilate('g1a1', [{ x: 1, y: 0, summary: new Uint8Array(8), histograms: new Uint8Array(16) }])
    s.recordArchive(1, { cid: 'bafy-first', path: '/tmp/G1.h5', record: new Uint8Array([1]) })
    s.recordReceipt({ cid: 'bafy-first', mirror: key(60), signature: new Uint8Array(64) })
    s.recordReceipt({ cid: 'bafy-first', mirror: key(61), signature: new Uint8Array(64) })
    expect(s.dropDetail()).toEqual([1])
    const detailDropped = (): boolean | undefined => s.galaxy(1)?.detailDropped

    expect(s.banKey({ key: liar, reason: 'bad_result', detail: 'test' })).toMatchObject({ units: ['g1a0'], galaxies: [1] })
    // Open again with its detail counted as kept; the previous archive stays recorded for the rebuild to read.
    expect(detailDropped()).toBe(false)
    expect(s.archiveOf(1)).toEqual({ cid: 'bafy-first', path: '/tmp/G1.h5' })
    expect(s.galaxyPixels(1).map((p) => [p.x, p.histograms])).toEqual([[1, null]])
    // The previous archive's receipts do not cover the pixels computed again.
    expect(s.droppableDetail()).toEqual([])
    s.assignWork({ volunteer: key(4), requestId: 'b', maxUnits: 1, network: 'ip4:192.0.2.128/25' })
    validate('g1a0', [honest, key(4)])
    s.assimilate('g1a0', [{ x: 0, y: 0, summary: new Uint8Array(8), histograms: new Uint8Array(16) }])
    expect(s.galaxies()[0].status).toBe('complete')
    expect(s.droppableDetail()).toEqual([])
    s.recordArchive(1, { cid: 'bafy-second', path: '/tmp/G1.h5', record: new Uint8Array([2]) })
    expect(s.archiveOf(1)).toEqual({ cid: 'bafy-second', path: '/tmp/G1.h5' })
    expect(s.droppableDetail()).toEqual([])
    expect(detailDropped()).toBe(false)
    s.recordReceipt({ cid: 'bafy-second', mirror: key(60), signature: new Uint8Array(64) })
    s.recordReceipt({ cid: 'bafy-second', mirror: key(61), signature: new Uint8Array(64) })
    expect(s.dropDetail()).toEqual([1])
    expect(detailDropped()).toBe(true)
    expect(s.db.prepare('SELECT count(histograms) AS n FROM pixel_results').get()).toEqual({ n: 0 })
  })
})
