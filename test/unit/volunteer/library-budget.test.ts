import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { addBytes, pinnedBytes } from '../../../src/net/content.js'
import { startPogsNode, type PogsNode } from '../../../src/net/node.js'
import { ContentGate } from '../../../src/volunteer/content-gate.js'
import type { VolunteerEvent } from '../../../src/volunteer/events.js'
import { LibraryBudget } from '../../../src/volunteer/library-budget.js'
import { ensureLibraries } from '../../../src/work/library-cache.js'
import { LibraryStore, recordBytes } from '../../../src/work/library-store.js'
import type { LibraryRef } from '../../../src/work/unit-payload.js'
import { removeTempDirs, startVolunteer, stopTracked, tempDir, TestCoordinator, track } from './helpers.js'

// One real Helia (a PogsNode with no peers): "libraries" are random bytes added and pinned in it, then written into
// the library directory by ensureLibraries, as a volunteer holds fetched ones. Each is more than one UnixFS chunk
// (1 MiB): a root and two leaves.
const LIBRARY_BYTES = 1_200_000
let node: PogsNode
/** What one library of LIBRARY_BYTES takes: its file and its blocks. */
let size: number

beforeAll(async () => {
  node = await startPogsNode({ dataDir: await tempDir(), bootstrap: [] })
  const probe = await addBytes(node.helia, randomBytes(LIBRARY_BYTES))
  size = LIBRARY_BYTES + await pinnedBytes(node.helia, probe)
})
afterAll(async () => {
  await node.stop()
  await removeTempDirs()
})

/** A budget over a fresh directory and store, with a clock the test sets, recording its events. */
async function budget (budgetBytes: number): Promise<Budget> {
  return await budgetIn(await tempDir(), budgetBytes)
}

interface Budget { cache: LibraryBudget, dir: string, store: LibraryStore, events: VolunteerEvent[], clock: { ms: number } }

/** A budget over the volunteer data directory `data`, whose manifest lists `listed`. */
async function budgetIn (data: string, budgetBytes: number, listed: LibraryRef[] = []): Promise<Budget> {
  const dir = join(data, 'libraries')
  const store = new LibraryStore(join(data, 'libraries.json'))
  store.load()
  const events: VolunteerEvent[] = []
  const clock = { ms: 1000 }
  const cache = new LibraryBudget({ helia: node.helia, gate: new ContentGate(), store, emit: (e) => events.push(e), now: () => clock.ms, listed: () => listed }, { librariesDir: dir, budgetBytes })
  return { cache, dir, store, events, clock }
}

/** A library of LIBRARY_BYTES random bytes, pinned (in `on`) and written into `dir` under `name`. */
async function library (dir: string, name: string, on = node): Promise<LibraryRef> {
  const ref = { name, cid: (await addBytes(on.helia, randomBytes(LIBRARY_BYTES))).toString() }
  await ensureLibraries(on.helia, dir, [ref])
  return ref
}

/** Every block the node holds, by multihash (hex). */
async function blocks (): Promise<Set<string>> {
  const out = new Set<string>()
  for await (const { cid } of node.helia.blockstore.getAll()) out.add(Buffer.from(cid.multihash.bytes).toString('hex'))
  return out
}

const evicted = (events: VolunteerEvent[]): string[] => events.flatMap((e) => e.type === 'evicted' ? [e.name] : [])
const pinned = async (ref: LibraryRef): Promise<boolean> => await node.helia.pins.isPinned(CID.parse(ref.cid))

describe('LibraryBudget', () => {
  it('evicts the least recently used library once the cache is over its budget', async () => {
    const { cache, dir, events, clock } = await budget(2.5 * size)
    const [a, b, c, d] = await Promise.all(['a.lbr', 'b.lbr', 'c.lbr', 'd.lbr'].map(async (n) => await library(dir, n)))
    for (const ref of [a, b]) {
      clock.ms += 1000
      expect(await cache.use([ref], new Set())).toEqual([])
    }
    clock.ms += 1000
    expect(await cache.use([c], new Set())).toEqual(['a.lbr'])
    // b used again: c is now the least recently used.
    clock.ms += 1000
    await cache.use([b], new Set())
    clock.ms += 1000
    expect(await cache.use([d], new Set())).toEqual(['c.lbr'])
    expect(evicted(events)).toEqual(['a.lbr', 'c.lbr'])
    expect(events.find((e) => e.type === 'evicted')).toEqual({ type: 'evicted', name: 'a.lbr', cid: CID.parse(a.cid).toV1().toString(), bytes: size })
    expect(readdirSync(dir).sort()).toEqual(['b.lbr', 'd.lbr'])
    expect(await Promise.all([a, b, c, d].map(pinned))).toEqual([false, true, false, true])
  })

  it('removes an evicted library\'s file, pin, blocks and record, and nothing else', async () => {
    const { cache, dir, store } = await budget(1.5 * size)
    const before = await blocks()
    const a = await library(dir, 'a.lbr')
    const own = [...await blocks()].filter((b) => !before.has(b))
    expect(own.length).toBeGreaterThan(1)
    await cache.use([a], new Set())
    const b = await library(dir, 'b.lbr')
    expect(await cache.use([b], new Set())).toEqual(['a.lbr'])
    expect(existsSync(join(dir, 'a.lbr'))).toBe(false)
    expect(await pinned(a)).toBe(false)
    const after = await blocks()
    expect(own.filter((blk) => after.has(blk))).toEqual([])
    expect(await pinned(b)).toBe(true)
    expect(statSync(join(dir, 'b.lbr')).size).toBe(LIBRARY_BYTES)
    // The record is gone on disk too.
    const reopened = new LibraryStore(store.file)
    reopened.load()
    expect(reopened.list().map((r) => r.cid)).toEqual([CID.parse(b.cid).toV1().toString()])
  })

  it('never evicts a library a queued unit names; when those alone exceed the budget it keeps them and says so once', async () => {
    const { cache, dir, events, clock } = await budget(size)
    const [a, b, c, d] = await Promise.all(['a.lbr', 'b.lbr', 'c.lbr', 'd.lbr'].map(async (n) => await library(dir, n)))
    await cache.use([a], new Set([a.cid]))
    clock.ms += 1000
    // a is queued, b is the unit being prepared: both stay, over budget.
    expect(await cache.use([b], new Set([a.cid]))).toEqual([])
    expect(events.filter((e) => e.type === 'over-budget')).toEqual([{ type: 'over-budget', bytes: 2 * size, budgetBytes: size, libraries: 2 }])
    clock.ms += 1000
    // b's unit is done, a is still queued: b goes (though used after a), still over budget, reported only once.
    expect(await cache.use([c], new Set([a.cid]))).toEqual(['b.lbr'])
    expect(events.filter((e) => e.type === 'over-budget')).toHaveLength(1)
    clock.ms += 1000
    expect(await cache.use([d], new Set())).toEqual(['a.lbr', 'c.lbr'])
    expect(await Promise.all([a, b, c, d].map(pinned))).toEqual([false, false, false, true])
    // Within the budget again: the next time it is exceeded is reported again.
    const e = await library(dir, 'e.lbr')
    clock.ms += 1000
    await cache.use([e], new Set([d.cid]))
    expect(events.filter((e) => e.type === 'over-budget')).toHaveLength(2)
  })

  it('keeps the cache within its budget over a sequence of units, files, pins and records agreeing', async () => {
    const { cache, dir, store, clock, events } = await budget(5 * size)
    const bytes = new Map<string, Uint8Array>()
    const pairs: LibraryRef[][] = []
    for (let z = 0; z < 5; z++) {
      pairs.push(await Promise.all(['optical', 'infrared'].map(async (kind) => {
        const content = randomBytes(LIBRARY_BYTES)
        const ref = { name: `${kind}_z0.0${z}00.lbr`, cid: (await addBytes(node.helia, content)).toString() }
        bytes.set(ref.cid, content)
        return ref
      })))
    }
    // Units over a shifting set of redshifts; each unit's queued predecessor still needs its pair.
    let queued: LibraryRef[] = []
    for (const z of [0, 1, 0, 2, 3, 1, 4, 4, 0, 2, 3, 1]) {
      clock.ms += 1000
      // A library evicted earlier is fetched again: here added again (same bytes, same CID), with no peer to ask.
      for (const ref of pairs[z]) if (!await pinned(ref)) await addBytes(node.helia, bytes.get(ref.cid) as Uint8Array)
      await ensureLibraries(node.helia, dir, pairs[z])
      await cache.use(pairs[z], new Set(queued.map((r) => r.cid)))
      queued = pairs[z]
      expect(store.totalBytes()).toBeLessThanOrEqual(5 * size)
      expect(readdirSync(dir).sort()).toEqual(store.list().flatMap((r) => r.files.map((f) => f.name)).sort())
      for (const r of store.list()) {
        expect(await node.helia.pins.isPinned(CID.parse(r.cid))).toBe(true)
        expect(recordBytes(r)).toBe(size)
      }
    }
    expect(evicted(events).length).toBeGreaterThan(4)
    // Every library still pinned is recorded, and no other.
    const recorded = new Set(store.list().map((r) => r.cid))
    for (const ref of pairs.flat()) expect(await pinned(ref)).toBe(recorded.has(CID.parse(ref.cid).toV1().toString()))
  })

  it('takes in a pinned library the manifest lists that it has no record of, as the least recently used', async () => {
    const data = await tempDir()
    const dir = join(data, 'libraries')
    const old = await library(dir, 'old.lbr')
    const { cache, events } = await budgetIn(data, 1.5 * size, [old])
    const a = await library(dir, 'a.lbr')
    expect(await cache.use([a], new Set())).toEqual(['old.lbr'])
    expect(evicted(events)).toEqual(['old.lbr'])
    expect(await pinned(old)).toBe(false)
  })
})

describe('a volunteer with a bounded cache', () => {
  afterEach(stopTracked)

  it('evicts a library no queued unit names once a unit is prepared, keeps the unit\'s over budget and still fits it', async () => {
    // A volunteer that held a library from an earlier project run: pinned, its file written, its use recorded.
    const data = await tempDir()
    const before = await startPogsNode({ dataDir: data, bootstrap: [] })
    const old = await library(join(data, 'libraries'), 'old.lbr', before)
    const store = new LibraryStore(join(data, 'libraries.json'))
    store.load()
    store.put(CID.parse(old.cid).toV1().toString(), old.name, { fileBytes: LIBRARY_BYTES, blockBytes: await pinnedBytes(before.helia, CID.parse(old.cid)) }, 1)
    await before.stop()

    const coordinator = track(await TestCoordinator.start())
    const v = track(await startVolunteer(coordinator, { dataDir: data, libraryCacheBytes: 1 }))
    await coordinator.assign('lru-u0', coordinator.unit('lru-u0', 1))
    expect((await v.log.next('submitted')).accepted).toBe(true)
    expect(await v.log.next('evicted')).toMatchObject({ name: 'old.lbr', cid: CID.parse(old.cid).toV1().toString() })
    expect(await v.log.next('over-budget')).toMatchObject({ budgetBytes: 1, libraries: 2 })
    expect(v.log.of('evicted')).toHaveLength(1)
    expect(existsSync(join(data, 'libraries', 'old.lbr'))).toBe(false)
    expect(await v.node.helia.pins.isPinned(CID.parse(old.cid))).toBe(false)
    for (const name of ['optical_z0.0100.lbr', 'infrared_z0.0100.lbr']) {
      expect(existsSync(join(data, 'libraries', name))).toBe(true)
      expect(await v.node.helia.pins.isPinned(CID.parse(coordinator.library(name)))).toBe(true)
    }
  })
})
