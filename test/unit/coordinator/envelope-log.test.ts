// The envelope log: results' signed envelopes beside the database, by (segment, offset, length). Appends running
// at once never overlap, a reopened log appends after what it holds, segments roll over, a missing or cut-short
// segment is a typed error, and a store records references that read back byte for byte after a restart.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import { openEnvelopeLog, type EnvelopeRef } from '../../../src/coordinator/store/envelope-log.js'
import { EnvelopeMissingError } from '../../../src/coordinator/store/errors.js'
import { Clock, VERIFIERS, key, result, storeWithUnits } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'pogs-envelopes-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const envelopes = (n: number, size = 3000): Buffer[] => Array.from({ length: n }, (_, k) => randomBytes(size + k))

describe('envelope log', () => {
  it('reads back what concurrent appends wrote, also after reopening, and appends after it', async () => {
    const path = join(dir, 'a.sqlite')
    const log = openEnvelopeLog(path)
    const batches = Array.from({ length: 8 }, (_, k) => envelopes(5 + k))
    const refs = await Promise.all(batches.map(async (b) => await log.append(b)))
    batches.forEach((b, k) => { b.forEach((e, j) => { expect(log.read(refs[k][j]).equals(e)).toBe(true) }) })
    log.close()

    const again = openEnvelopeLog(path)
    const more = envelopes(3)
    const moreRefs = await again.append(more)
    const end = Math.max(...refs.flat().map((r) => r.offset + r.length))
    expect(moreRefs[0].offset).toBe(end)
    more.forEach((e, j) => { expect(again.read(moreRefs[j]).equals(e)).toBe(true) })
    expect(again.read(refs[3][2]).equals(batches[3][2])).toBe(true)
    again.close()
  })

  it('starts a new segment when one would pass its size', async () => {
    const path = join(dir, 'b.sqlite')
    const log = openEnvelopeLog(path, { segmentBytes: 10_000 })
    const all = envelopes(12, 2000)
    const refs: EnvelopeRef[] = []
    for (let k = 0; k < all.length; k += 3) refs.push(...await log.append(all.slice(k, k + 3)))
    expect(new Set(refs.map((r) => r.segment)).size).toBeGreaterThan(2)
    all.forEach((e, k) => { expect(log.read(refs[k]).equals(e)).toBe(true) })
    expect(readdirSync(`${path}.envelopes`).sort()).toEqual(['000001.log', '000002.log', '000003.log', '000004.log'])
    log.close()
  })

  it('throws EnvelopeMissingError for a cut-short or missing segment', async () => {
    const path = join(dir, 'c.sqlite')
    const log = openEnvelopeLog(path)
    const [ref] = await log.append(envelopes(1))
    truncateSync(join(`${path}.envelopes`, '000001.log'), ref.length - 1)
    expect(() => log.read(ref)).toThrow(EnvelopeMissingError)
    expect(() => log.read({ ...ref, segment: 9 })).toThrow(EnvelopeMissingError)
    log.close()
  })

  it('keeps envelopes in memory beside an in-memory database', async () => {
    const log = openEnvelopeLog(':memory:')
    const e = envelopes(2)
    const refs = await log.append(e)
    expect(log.read(refs[1]).equals(e[1])).toBe(true)
    expect(() => log.read({ ...refs[1], length: 1 })).toThrow(EnvelopeMissingError)
  })

  it('lets the store record references: the rows hold no envelope bytes, which read back after a restart', async () => {
    const path = join(dir, 'store.sqlite')
    const clock = new Clock()
    const store = await storeWithUnits(clock, 2, { path })
    const given = store.assignWork({ volunteer: key(1), requestId: 'r1', maxUnits: 2 })
    const bytes = envelopes(given.length, 40_000)
    const items = given.map((a, k) => ({ result: { ...result(a.instanceId, key(1)), signature: bytes[k] } }))
    const outcomes = store.submitMany(await store.logEnvelopes(items))
    expect(outcomes.map((o) => 'status' in o ? o.status : o.code)).toEqual(['accepted', 'accepted'])
    const sizes = store.db.prepare('SELECT length(signature) AS n FROM results').all() as Array<{ n: number }>
    expect(sizes.map((r) => r.n)).toEqual([0, 0])
    store.close()

    const reopened = new WorkStore({ path, verifiers: VERIFIERS, now: clock.now })
    try {
      const read = reopened.resultEnvelopes(given.map((a) => a.instanceId))
      read.forEach((e, k) => { expect(e.equals(bytes[k])).toBe(true) })
    } finally {
      reopened.close()
    }
  })
})
