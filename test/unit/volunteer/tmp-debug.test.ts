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

describe('dbg', () => {
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
    console.log('EVENTS', JSON.stringify(v.log.events.filter(e=>e.type!=='fitting'&&e.type!=='prepared'))); console.log('BATCHES', coordinator.batches)
  })

})
