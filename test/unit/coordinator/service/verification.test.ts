// Verification and its failures, without fitting (every answer says "not fitted", which is well-formed): a verifier
// that is down is asked again once it is back; one that answers PENDING is asked again after the wait it states; replicas that disagree make the coordinator issue a further
// instance, whose answer settles the unit; only the agreeing volunteers are credited; a galaxy whose every pixel
// went unfitted is still archived (with no pixel) and pinned; deadlines time instances out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoordinatorService, type CoordinatorEvents } from '../../../../src/coordinator/service/index.js'
import type { Assignment } from '../../../../src/net/messages/index.js'
import type { WorkUnit } from '../../../../src/work/unit-payload.js'
import { encodeUnitResult, type UnitResult } from '../../../../src/work/unit-result.js'
import { Dirs, FAST_DHT, smallGalaxy, TestMirror, TestVerifier, TestVolunteer } from './helpers.js'

const dirs = new Dirs()
let service: CoordinatorService
let project: string
let addr: string
let verifierDir: string
let steady: TestVerifier
let flaky: TestVerifier | undefined
let mirror: TestMirror
const volunteers: TestVolunteer[] = []
const events: Array<{ name: string, event: unknown }> = []

function answer (u: WorkUnit, reason = 'ERR_TOO_FEW_BANDS'): Uint8Array {
  const r: UnitResult = { unitId: u.unitId, pixels: u.pixels.map((p) => ({ x: p.x, y: p.y, unfitted: { reason, message: 'test' } })) }
  return encodeUnitResult(r)
}

beforeAll(async () => {
  const libraries = (await smallGalaxy(dirs, { size: 10, seed: 5, stride: 50 })).libraries
  verifierDir = await dirs.make('pogs-ver-')
  steady = await TestVerifier.start(dirs)
  flaky = await TestVerifier.start(dirs, 2, verifierDir)
  const flakyId = flaky.peerId
  await flaky.stop()
  flaky = undefined
  mirror = await TestMirror.start(dirs)
  service = new CoordinatorService({
    dataDir: await dirs.make('pogs-coordinator-'),
    librariesDir: libraries,
    verifiers: [steady.peerId, flakyId],
    mirrors: [mirror.peerId],
    // Two error reports abandon a unit (max error results 1).
    lifecycle: { verifierQuorum: 2, mirrorReceipts: 1, pixelsPerUnit: 1000, maxErrorResults: 1 },
    dht: FAST_DHT,
    maintenanceIntervalMs: 300,
    retryBaseMs: 100,
    retryMaxMs: 400
  })
  for (const name of ['verdict', 'verify-failed', 'assimilated', 'archived', 'receipt', 'timed-out', 'abandoned', 'error'] as const) {
    service.on(name, (event) => { events.push({ name, event }) })
  }
  const ready = await service.start()
  project = ready.project
  addr = ready.addrs[0]
  await steady.join(addr)
  await mirror.join(project, addr)
  for (const name of ['ann', 'bob', 'cy']) volunteers.push(await TestVolunteer.start(dirs, addr, name))
}, 60_000)

afterAll(async () => {
  await service?.stop()
  for (const p of [...volunteers, steady, flaky, mirror]) await p?.stop()
  await dirs.remove()
})

describe('verification', () => {
  /** Registers a galaxy of one unit and gives its two instances to ann and bob. */
  async function oneUnit (name: string, seed: number): Promise<{ units: Assignment[], unit: WorkUnit }> {
    const galaxy = await smallGalaxy(dirs, { size: 10, seed, stride: 50, name })
    const created = service.next('unit-created')
    await service.addGalaxy(galaxy.fits)
    expect((await created).count).toBe(1)
    const [ann, bob] = volunteers
    const units = [(await ann.work(project, 1)).units[0], (await bob.work(project, 1)).units[0]]
    expect(units[1].unitId).toBe(units[0].unitId)
    return { units, unit: await ann.unit(units[0]) }
  }

  it('asks a verifier that was down again once it is back; a galaxy with no pixel fitted is archived all the same', async () => {
    const [ann, bob] = volunteers
    const { units, unit } = await oneUnit('verified spiral', 5)
    const failed = service.next('verify-failed')
    const steadyVerdict = service.next('verdict', (v) => v.verifier === steady.peerId)
    expect(await ann.submit(project, units[0], answer(unit))).toMatchObject({ accepted: true })
    expect(await bob.submit(project, units[1], answer(unit))).toMatchObject({ accepted: true })
    // 2 of 2 needed: the steady verifier's agreement alone leaves the round open.
    expect(await steadyVerdict).toMatchObject({ agree: true, round: 1, effect: 'pending' })
    expect((await failed).verifier).not.toBe(steady.peerId)
    // The other verifier comes back (same identity) and is asked again.
    const verified = service.next('verdict', (v) => v.effect === 'verified')
    const archived = service.next('archived')
    const receipt = service.next('receipt')
    flaky = await TestVerifier.start(dirs, 2, verifierDir)
    await flaky.join(addr)
    expect(await verified).toMatchObject({ verifier: flaky.peerId, agree: true, round: 1 })
    const a: CoordinatorEvents['archived'] = await archived
    expect(a).toMatchObject({ galaxy: 'verified spiral', pixels: 0 })
    expect((await receipt).cid).toBe(a.cid)
    const assimilated = events.find((e) => e.name === 'assimilated')?.event as CoordinatorEvents['assimilated']
    expect(assimilated).toMatchObject({ pixels: 0, unfitted: unit.pixels.length, galaxyComplete: true })
  }, 60_000)

  it('sends disagreeing replicas out for one more; the agreeing two are valid and credited, the odd one not', async () => {
    const [ann, bob, cy] = volunteers
    const { units, unit } = await oneUnit('disputed spiral', 6)
    const disagreement = service.next('verdict', (v) => v.effect === 'disagreement')
    expect(await ann.submit(project, units[0], answer(unit))).toMatchObject({ accepted: true })
    expect(await bob.submit(project, units[1], answer(unit, 'ERR_ODD'))).toMatchObject({ accepted: true })
    expect(await disagreement).toMatchObject({ agree: false, round: 1 })
    const [extra] = (await cy.work(project, 1)).units
    expect(extra.unitId).toBe(unit.unitId)
    const archived = service.next('archived', (e) => e.galaxy === 'disputed spiral')
    expect(await cy.submit(project, extra, answer(unit))).toMatchObject({ accepted: true })
    await archived
    const round2 = events.filter((e) => e.name === 'verdict').map((e) => e.event as CoordinatorEvents['verdict']).filter((v) => v.unitId === unit.unitId && v.round === 2)
    expect(round2.map((v) => v.agree)).toEqual([true, true])
    const validity = service.store.db.prepare('SELECT instance_id, validity FROM results WHERE instance_id LIKE ? ORDER BY instance_id').all(`${unit.unitId}/%`)
    expect(validity).toEqual([
      { instance_id: units[0].instanceId, validity: 'valid' },
      { instance_id: units[1].instanceId, validity: 'invalid' },
      { instance_id: extra.instanceId, validity: 'valid' }
    ])
    // ann: both galaxies; bob: the first only; cy: the second only.
    const credit = Object.fromEntries(service.credit().volunteers.map((v) => [v.name, v.total]))
    expect(credit.cy).toBeGreaterThan(0)
    expect(credit.ann).toBe(credit.bob + credit.cy)
  }, 60_000)

  it('abandons a unit past its error limit, reports it, and archives its galaxy without its pixels', async () => {
    const [ann, bob] = volunteers
    const { units, unit } = await oneUnit('doomed spiral', 8)
    const abandoned = service.next('abandoned')
    const archived = service.next('archived', (e) => e.galaxy === 'doomed spiral')
    for (const [v, a] of [[ann, units[0]], [bob, units[1]]] as const) {
      expect(await v.submit(project, a, new Uint8Array(0), { resultCid: undefined, digest: new Uint8Array(0), errorCode: 2 })).toMatchObject({ accepted: true })
    }
    expect(await abandoned).toEqual({ unitId: unit.unitId, reason: 'too_many_errors' })
    expect((await archived).pixels).toBe(0)
    // A late result for it is refused.
    expect(await ann.submit(project, units[0], answer(unit))).toMatchObject({ accepted: false, reason: 'ERR_CONFLICTING_RESULT' })
  })

  it('asks a verifier that answered PENDING again after the wait it stated, without counting a failure, then records its verdict', async () => {
    const [ann, bob] = volunteers
    steady.pendingFirst = 1
    try {
      const { units, unit } = await oneUnit('pending spiral', 9)
      const pending = service.next('verify-pending', (e) => e.unitId === unit.unitId)
      const steadyVerdict = service.next('verdict', (v) => v.verifier === steady.peerId && v.unitId === unit.unitId)
      const verified = service.next('verdict', (v) => v.unitId === unit.unitId && v.effect === 'verified')
      expect(await ann.submit(project, units[0], answer(unit))).toMatchObject({ accepted: true })
      expect(await bob.submit(project, units[1], answer(unit))).toMatchObject({ accepted: true })
      expect(await pending).toEqual({ verifier: steady.peerId, unitId: unit.unitId, retryAfterS: 1 })
      expect(await steadyVerdict).toMatchObject({ agree: true, round: 1 })
      await verified
      // Asked twice: the second time no sooner than the stated second after the first.
      const asked = steady.arrivals.filter((_, k) => steady.requests[k].unitId === unit.unitId)
      expect(asked).toHaveLength(2)
      expect(asked[1] - asked[0]).toBeGreaterThanOrEqual(1000)
      expect(events.some((e) => e.name === 'verify-failed' && (e.event as CoordinatorEvents['verify-failed']).unitId === unit.unitId)).toBe(false)
    } finally {
      steady.pendingFirst = undefined
    }
  }, 60_000)

  it('times instances out past their deadline (tick) and reports them', async () => {
    const { units } = await oneUnit('late spiral', 7)
    const timedOut = service.next('timed-out')
    service.tick(Math.max(...units.map((u) => u.deadlineMs)) + 1)
    expect([...(await timedOut).instances].sort()).toEqual(units.map((u) => u.instanceId).sort())
  })
})
