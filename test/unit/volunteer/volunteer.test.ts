import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createFitPool, type FitPool } from '../../../src/fit/index.js'
import { MAX_INLINE_RESULT_BYTES } from '../../../src/net/messages/index.js'
import { PogsError } from '../../../src/util/errors.js'
import { appVersion } from '../../../src/util/app-version.js'
import { fitUnit } from '../../../src/work/fit-unit.js'
import type { WorkUnit } from '../../../src/work/unit-payload.js'
import { checkAnswersUnit, decodeUnitResult, digestOf, encodeUnitResult, inlineResultCid } from '../../../src/work/unit-result.js'
import { UNIT_ERROR_CODES } from '../../../src/volunteer/index.js'
import { scaleSummaries } from '../../../nodes/demo/chaos/scale-summaries.js'
import { compareResults } from '../../../src/work/compare.js'
import { itemFromAssignment } from '../../../src/volunteer/queue-item.js'
import { QueueStore } from '../../../src/volunteer/queue-store.js'
import { removeTempDirs, smallLibraries, startVolunteer, tempDir, TestCoordinator } from './helpers.js'

// A volunteer against a small in-test coordinator on 127.0.0.1: real nodes, real content over bitswap, real fits
// on worker threads with small libraries (a pixel takes milliseconds).

let reference: FitPool
/** The bytes `fitUnit` gives for a unit, computed here directly: what every honest volunteer must return. */
async function expectedBytes (unit: WorkUnit): Promise<Uint8Array> {
  return encodeUnitResult(await fitUnit(reference, unit))
}

const running: Array<{ stop: () => Promise<void> }> = []
function track<T extends { stop: () => Promise<void> }> (x: T): T {
  running.push(x)
  return x
}

beforeAll(() => {
  reference = createFitPool({ libraries: smallLibraries(), threads: 1 })
})
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop()
})
afterAll(async () => {
  await reference.close()
  await removeTempDirs()
})

describe('a volunteer', () => {
  test('fetches payloads and libraries, fits on its threads, and submits results equal to fitUnit', async () => {
    const coordinator = track(await TestCoordinator.start())
    const units = [coordinator.unit('g1-u0', 3, 0), coordinator.unit('g1-u1', 2, 3)]
    const assigned = [await coordinator.assign('g1-u0', units[0]), await coordinator.assign('g1-u1', units[1])]
    const v = track(await startVolunteer(coordinator, { cpus: 2, name: 'ann', team: 'icrar' }))

    const recorded = await coordinator.submissions(2)
    await v.log.next('submitted', 2)
    for (const [k, unit] of units.entries()) {
      const r = recorded.find((x) => x.submission.unitId === unit.unitId)
      if (r?.bytes === undefined) throw new Error(`no result content for ${unit.unitId}`)
      const s = r.submission
      expect(r.peer).toBe(v.node.peerId.toString())
      expect(s.instanceId).toBe(assigned[k].instanceId)
      expect(Buffer.from(s.nonce).equals(Buffer.from(assigned[k].nonce))).toBe(true)
      expect(s.errorCode).toBe(0)
      // Results travel in batches, inline when small enough (the coordinator need not fetch them), else by CID
      // (~105 kB a pixel: these two go by CID; the one-pixel units of the next tests inline).
      expect(r.batchSize).toBeGreaterThanOrEqual(1)
      expect(s.result !== undefined).toBe(r.bytes.length <= MAX_INLINE_RESULT_BYTES)
      expect(s.resultCid !== undefined).toBe(r.bytes.length > MAX_INLINE_RESULT_BYTES)
      expect([s.volunteerName, s.team]).toEqual(['ann', 'icrar'])
      // The content decodes, answers the unit, has the digest claimed, and is fitUnit's exact bytes.
      checkAnswersUnit(unit, decodeUnitResult(r.bytes))
      expect(Buffer.from(digestOf(r.bytes)).equals(Buffer.from(s.digest))).toBe(true)
      expect(Buffer.from(r.bytes).equals(Buffer.from(await expectedBytes(unit)))).toBe(true)
    }

    // Work asked for by cores and queue room; both libraries fetched once, kept pinned and on disk; one pool.
    expect(coordinator.requests[0]).toMatchObject({ cores: 2, maxUnits: 4, appVersion: appVersion(), libraries: [] })
    expect(v.log.of('libraries').flatMap((e) => e.names).sort()).toEqual(['infrared_z0.0100.lbr', 'optical_z0.0100.lbr'])
    for (const name of ['optical_z0.0100.lbr', 'infrared_z0.0100.lbr']) {
      expect(readFileSync(join(v.dataDir, 'libraries', name)).equals(readFileSync(join(smallLibraries(), name)))).toBe(true)
      expect(await v.node.helia.pins.isPinned(CID.parse(coordinator.library(name)))).toBe(true)
    }
    expect(v.pools).toHaveLength(1)
    expect(v.pools[0].threads).toBe(2)
    expect(v.log.of('fitted').map((e) => e.pixels).sort()).toEqual([2, 3])
    expect(v.log.of('submitted').every((e) => e.accepted)).toBe(true)
    expect(v.service.counts()).toEqual({ assigned: 0, unsubmitted: 0, done: 2 })
    // A request made after the libraries arrived names them as held.
    await v.log.next('waiting', v.log.of('waiting').length + 1)
    expect(coordinator.requests.at(-1)?.libraries.map(String).sort()).toEqual([coordinator.library('infrared_z0.0100.lbr'), coordinator.library('optical_z0.0100.lbr')].sort())
  })

  test('restarted with the same data directory, it submits an unacknowledged result without fitting again', async () => {
    const coordinator = track(await TestCoordinator.start({ results: false }))
    const unit = coordinator.unit('g2-u0', 2)
    await coordinator.assign('g2-u0', unit)
    const first = await startVolunteer(coordinator)
    const fitted = await first.log.next('fitted')
    // The coordinator does not take results yet: the volunteer keeps it and retries.
    await first.log.next('retrying', 1, (e) => e.stage === 'result')
    await first.stop()
    const files = readdirSync(join(first.dataDir, 'queue'))
    expect(files).toHaveLength(1)
    expect(JSON.parse(readFileSync(join(first.dataDir, 'queue', files[0]), 'utf8'))).toMatchObject({ state: 'fitted', result: { cid: fitted.resultCid, digest: fitted.digest } })

    await coordinator.serveResults()
    const second = track(await startVolunteer(coordinator, { dataDir: first.dataDir }))
    const [r] = await coordinator.submissions(1)
    await second.log.next('submitted')
    expect(second.log.of('resumed')).toEqual([{ type: 'resumed', assigned: 0, unsubmitted: 1 }])
    expect(second.log.of('fitting')).toEqual([])
    expect(second.pools).toHaveLength(0)
    expect(Buffer.from(r.submission.digest).toString('hex')).toBe(fitted.digest)
    // The CID a coordinator gives an inline result (from its digest) is the one the volunteer's add gave it.
    expect(inlineResultCid(r.submission.digest).toString()).toBe(fitted.resultCid)
    expect(Buffer.from(r.bytes ?? []).equals(Buffer.from(await expectedBytes(unit)))).toBe(true)
  })

  test('stopped in the middle of a fit (as by a kill), it fits the unit again after a restart', async () => {
    const coordinator = track(await TestCoordinator.start())
    const unit = coordinator.unit('g7-u0', 2)
    const a = await coordinator.assign('g7-u0', unit)
    // The first run's pool never finishes a pixel: the volunteer is stopped with the unit half done.
    const stuck: FitPool = { threads: 1, fit: async () => await new Promise(() => {}), close: async () => {} }
    const first = await startVolunteer(coordinator, { createPool: () => stuck })
    await first.log.next('fitting')
    await first.stop()
    expect(JSON.parse(readFileSync(join(first.dataDir, 'queue', `${a.instanceId}.json`), 'utf8'))).toMatchObject({ state: 'assigned' })

    const second = track(await startVolunteer(coordinator, { dataDir: first.dataDir }))
    const [r] = await coordinator.submissions(1)
    expect(second.log.of('resumed')).toEqual([{ type: 'resumed', assigned: 1, unsubmitted: 0 }])
    expect(second.log.of('libraries')).toEqual([]) // payload and libraries were pinned by the first run
    expect(r.submission.instanceId).toBe(a.instanceId)
    expect(Buffer.from(r.bytes ?? []).equals(Buffer.from(await expectedBytes(unit)))).toBe(true)
  })

  test('works through its queue while the coordinator is down and submits when it is back', async () => {
    const coordinator = track(await TestCoordinator.start({ results: false }))
    const units = [coordinator.unit('g3-u0', 2, 0), coordinator.unit('g3-u1', 2, 2)]
    for (const u of units) await coordinator.assign(u.unitId, u)
    const v = track(await startVolunteer(coordinator, { cpus: 1, unitsPerCore: 2 }))
    // Both units local (payload and libraries pinned): the coordinator may go.
    await v.log.next('prepared', 2)
    await coordinator.stop()
    await v.log.next('fitted', 2)
    await v.log.next('retrying', 1, (e) => e.stage === 'result' && e.code !== 'ERR_UNSUPPORTED_VERSION')
    expect(v.service.counts()).toMatchObject({ unsubmitted: 2 })

    await coordinator.restart()
    const recorded = await coordinator.submissions(2)
    await v.log.next('submitted', 2)
    for (const unit of units) {
      const r = recorded.find((x) => x.submission.unitId === unit.unitId)
      expect(Buffer.from(r?.bytes ?? []).equals(Buffer.from(await expectedBytes(unit)))).toBe(true)
    }
    expect(v.log.of('submitted').every((e) => e.accepted)).toBe(true)
    // The backlog went in one request.
    expect(coordinator.batches).toEqual([2])
  })

  test('submits one by one to a coordinator that does not speak the batch protocol', async () => {
    const coordinator = track(await TestCoordinator.start({ batch: false }))
    const units = [coordinator.unit('g9-u0', 1, 0), coordinator.unit('g9-u1', 1, 1)]
    for (const u of units) await coordinator.assign(u.unitId, u)
    const v = track(await startVolunteer(coordinator, { cpus: 1, unitsPerCore: 2 }))
    const recorded = await coordinator.submissions(2)
    await v.log.next('submitted', 2)
    expect(recorded.map((r) => r.batchSize)).toEqual([undefined, undefined])
    // One-pixel results (~105 kB) go inline.
    expect(recorded.every((r) => r.submission.result !== undefined)).toBe(true)
    for (const unit of units) {
      const r = recorded.find((x) => x.submission.unitId === unit.unitId)
      expect(Buffer.from(r?.bytes ?? []).equals(Buffer.from(await expectedBytes(unit)))).toBe(true)
    }
    expect(v.log.of('submitted').every((e) => e.accepted)).toBe(true)
  })

  test('a payload that is not a unit, or another unit than assigned, gets an error report, not a crash', async () => {
    const coordinator = track(await TestCoordinator.start())
    const good = coordinator.unit('g4-u2', 1)
    const garbage = await coordinator.assign('g4-u0', new TextEncoder().encode('certainly not a protobuf work unit \u0000\u00ff'.repeat(20)))
    const other = await coordinator.assign('g4-u1', coordinator.unit('g4-elsewhere', 1))
    await coordinator.assign('g4-u2', good)
    const v = track(await startVolunteer(coordinator, { cpus: 1, unitsPerCore: 3 }))

    const recorded = await coordinator.submissions(3)
    const by = (id: string) => recorded.find((r) => r.submission.instanceId === id)?.submission
    expect(by(garbage.instanceId)).toMatchObject({ errorCode: UNIT_ERROR_CODES.BAD_PAYLOAD, digest: new Uint8Array(0) })
    expect(by(other.instanceId)).toMatchObject({ errorCode: UNIT_ERROR_CODES.UNIT_MISMATCH, digest: new Uint8Array(0) })
    for (const id of [garbage.instanceId, other.instanceId]) expect(by(id)?.resultCid).toBeUndefined()
    const ok = recorded.find((r) => r.submission.unitId === 'g4-u2')
    expect(ok?.submission.errorCode).toBe(0)
    expect(Buffer.from(ok?.bytes ?? []).equals(Buffer.from(await expectedBytes(good)))).toBe(true)
    expect(v.log.of('failed').map((e) => [e.unitId, e.errorCode, e.reason]).sort()).toEqual([
      ['g4-u0', UNIT_ERROR_CODES.BAD_PAYLOAD, 'ERR_BAD_UNIT'],
      ['g4-u1', UNIT_ERROR_CODES.UNIT_MISMATCH, 'ERR_UNIT_MISMATCH']
    ])
    expect(v.log.of('error')).toEqual([])
  })

  test('a refusal for now is retried, a final one drops the item; acknowledged items are cleaned up', async () => {
    const coordinator = track(await TestCoordinator.start())
    coordinator.policy = (s, previous) => {
      if (s.unitId === 'g5-u0' && previous === 0) throw new PogsError('ERR_RATE_LIMITED', 'slow down')
      if (s.unitId === 'g5-u1') return { unitId: s.unitId, instanceId: s.instanceId, accepted: false, reason: 'ERR_UNIT_ABANDONED' }
      return { unitId: s.unitId, instanceId: s.instanceId, accepted: true, reason: '' }
    }
    const a = await coordinator.assign('g5-u0', coordinator.unit('g5-u0', 1, 0))
    const b = await coordinator.assign('g5-u1', coordinator.unit('g5-u1', 1, 1))
    const v = track(await startVolunteer(coordinator, { cpus: 1, unitsPerCore: 2, resultRetentionMs: 0, sweepIntervalMs: 50 }))

    const dropped = await v.log.next('dropped')
    expect(dropped).toMatchObject({ instanceId: b.instanceId, reason: 'ERR_UNIT_ABANDONED' })
    await v.log.next('submitted', 1, (e) => e.instanceId === a.instanceId && e.accepted)
    expect(v.log.of('submitted').filter((e) => e.instanceId === a.instanceId).map((e) => e.reason)).toEqual(['ERR_RATE_LIMITED', ''])
    expect(v.log.of('retrying').some((e) => e.stage === 'result' && e.code === 'ERR_RATE_LIMITED')).toBe(true)
    expect(coordinator.attempts.get(b.instanceId)).toBe(1)

    // Both leave the queue (the acknowledged one after its zero retention); their content is unpinned, the
    // libraries stay.
    await v.log.next('cleaned', 1, (e) => e.instanceId === a.instanceId)
    expect(readdirSync(join(v.dataDir, 'queue'))).toEqual([])
    for (const f of v.log.of('fitted')) expect([f.unitId, await v.node.helia.pins.isPinned(CID.parse(f.resultCid))]).toEqual([f.unitId, false])
    const cleanedResult = CID.parse(v.log.of('fitted').find((f) => f.instanceId === a.instanceId)?.resultCid ?? '')
    expect(await v.node.helia.blockstore.has(cleanedResult)).toBe(false)
    for (const x of [a, b]) expect(await v.node.helia.pins.isPinned(x.payloadCid as CID)).toBe(false)
    expect(await v.node.helia.pins.isPinned(CID.parse(coordinator.library('optical_z0.0100.lbr')))).toBe(true)
  })

  test('with a result hook that alters results (the demo\'s dishonest volunteer) its results still answer the unit but differ', async () => {
    const coordinator = track(await TestCoordinator.start())
    const unit = coordinator.unit('g8-u0', 2)
    await coordinator.assign('g8-u0', unit)
    track(await startVolunteer(coordinator, { resultHook: scaleSummaries() }))
    const [r] = await coordinator.submissions(1)
    const honestBytes = await expectedBytes(unit)
    const altered = decodeUnitResult(r.bytes ?? new Uint8Array(0))
    checkAnswersUnit(unit, altered)
    expect(Buffer.from(digestOf(r.bytes ?? new Uint8Array(0))).equals(Buffer.from(r.submission.digest))).toBe(true)
    const comparison = compareResults(decodeUnitResult(honestBytes), altered, [digestOf(honestBytes), r.submission.digest])
    expect(comparison).toMatchObject({ agree: false, reason: 'VALUE_MISMATCH' })
  })

  test('drops assignments whose deadline passed, received so or while it was offline', async () => {
    const coordinator = track(await TestCoordinator.start())
    const late = await coordinator.assign('g6-u0', coordinator.unit('g6-u0', 1), { deadlineMs: Date.now() - 1 })
    // An assignment left in the queue by an earlier run, whose deadline passed while the volunteer was off.
    const dataDir = await tempDir()
    const stale = await coordinator.assign('g6-u1', coordinator.unit('g6-u1', 1), { deadlineMs: Date.now() - 1 })
    coordinator.pending.splice(coordinator.pending.indexOf(stale), 1)
    const store = new QueueStore(dataDir)
    store.load()
    store.put(itemFromAssignment(stale, Date.now() - 60_000))

    const v = track(await startVolunteer(coordinator, { dataDir }))
    await v.log.next('dropped', 2)
    expect(v.log.of('dropped').map((e) => [e.instanceId, e.reason]).sort()).toEqual([
      [late.instanceId, 'ERR_DEADLINE_PASSED'],
      [stale.instanceId, 'ERR_DEADLINE_PASSED']
    ].sort())
    expect(v.log.of('assigned')).toEqual([])
    expect(v.log.of('fitting')).toEqual([])
    expect(readdirSync(join(dataDir, 'queue'))).toEqual([])
  })
})
