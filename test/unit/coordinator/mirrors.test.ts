// Per-pixel histograms leave the database once R mirrors signed receipts for the galaxy's archive.
import { afterEach, describe, expect, it } from 'vitest'
import { UnknownGalaxyError, type WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { Clock, key, storeWithUnits } from './helpers.js'
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
})
