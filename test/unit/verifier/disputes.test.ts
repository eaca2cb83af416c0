// Disputes settled by recomputation, with real replicas, real libraries and verifiers on loopback: where two
// replicas differ the verifier recomputes the pixel itself (whatever its sampling rate) and names the replica it
// contradicts; a skipped recomputation names nobody; the answer is PENDING first, then the verdict, which the same
// replicas get again without a second recomputation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { decodeUnitResult, encodeUnitResult } from '../../../src/work/unit-result.js'
import { alterResult } from '../work/helpers.js'
import { VerifierTestbed, type TestVerifier, type TestVolunteer } from './testbed.js'

let bed: VerifierTestbed
/** Never samples a pixel: what it recomputes, it recomputes for a dispute. */
let verifier: TestVerifier
let ann: TestVolunteer
let eve: TestVolunteer
/** The honest result with one value of one fitted pixel raised by half. */
let altered: Uint8Array
/** That pixel's index in the unit. */
let at: number

const MSTAR_MEDIAN = PARAMETER_NAMES.indexOf('mstar') * VALUE_NAMES.length + VALUE_NAMES.indexOf('median')

beforeAll(async () => {
  bed = await VerifierTestbed.start()
  verifier = await bed.addVerifier({ recomputeRate: 0 })
  ann = await bed.volunteer()
  eve = await bed.volunteer()
  const honest = decodeUnitResult(bed.honest)
  // The last fitted pixel: the replicas agree on every pixel before it.
  at = honest.pixels.findLastIndex((p) => 'fit' in p)
  expect(at).toBeGreaterThan(0)
  altered = encodeUnitResult(alterResult(honest, (fit, k) => { if (k === at) fit.summary[MSTAR_MEDIAN] += 0.5 }))
}, 60_000)
afterAll(async () => { await bed?.close() })

describe('disputes', () => {
  it('answers PENDING at once, then the verdict: the replica altered on one pixel is contradicted, the honest one not', async () => {
    const replicas = [await bed.submit(ann, 'd1-a', bed.honest), await bed.submit(eve, 'd1-e', altered)]
    const seen = verifier.verdicts.length
    const first = await bed.ask(verifier, replicas)
    expect(first.body).toMatchObject({ unitId: 'small-u0', outcome: 'pending', reason: 'RECOMPUTING', validInstances: [], invalidInstances: [] })
    expect(first.body.retryAfterS).toBeGreaterThanOrEqual(1)
    await bed.verdictAfter(verifier, seen)
    const { body } = await bed.ask(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM', validInstances: [], invalidInstances: ['d1-e'], contradictedInstances: ['d1-e'], recomputed: 1 })
    const report = verifier.verdicts.at(-1)
    expect(report?.replicas).toMatchObject([
      { instanceId: 'd1-a', valid: false, reason: 'UNDECIDED' },
      { instanceId: 'd1-e', valid: false, reason: 'RECOMPUTE_MISMATCH', contradicted: true, detail: expect.stringContaining('summary') }
    ])
    expect(report?.replicas[0].contradicted).toBeUndefined()
    expect(report?.disputed).toEqual([{ x: bed.unit.pixels[at].x, y: bed.unit.pixels[at].y, recomputed: true }])
    expect(report?.sampled).toBeUndefined()
  })

  it('gives the same replicas, in any order, the verdict it gave, without recomputing again', async () => {
    const replicas = [await bed.submit(eve, 'd1-e', altered), await bed.submit(ann, 'd1-a', bed.honest)]
    const seen = verifier.verdicts.length
    const { body } = await bed.ask(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', invalidInstances: ['d1-e'], contradictedInstances: ['d1-e'], recomputed: 1 })
    expect(verifier.verdicts).toHaveLength(seen)
  })

  it('agrees with an honest quorum and names the outvoted replica it contradicts', async () => {
    const bob = await bed.volunteer()
    const replicas = [await bed.submit(ann, 'd2-a', bed.honest), await bed.submit(eve, 'd2-e', altered), await bed.submit(bob, 'd2-b', bed.honest)]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'agree', validInstances: ['d2-a', 'd2-b'], invalidInstances: ['d2-e'], contradictedInstances: ['d2-e'], recomputed: 1 })
  })

  it('contradicts nobody when the recomputation is skipped (libraries not held in time)', async () => {
    const impatient = await bed.addVerifier({ recomputeRate: 0, libraryWaitMs: 0 })
    const replicas = [await bed.submit(ann, 'd3-a', bed.honest), await bed.submit(eve, 'd3-e', altered)]
    const { body } = await bed.verify(impatient, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM', invalidInstances: [], recomputed: 0 })
    expect(body.contradictedInstances).toBeUndefined()
    expect(impatient.verdicts.at(-1)?.disputed).toEqual([{ x: bed.unit.pixels[at].x, y: bed.unit.pixels[at].y, recomputed: false, skipped: 'libraries' }])
    expect(impatient.verdicts.at(-1)?.replicas.map((r) => r.reason)).toEqual(['UNDECIDED', 'UNDECIDED'])
  })
})
