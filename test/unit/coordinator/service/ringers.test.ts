// Ringers through a running coordinator (docs/work-lifecycle.md#ringers), without fitting (every pixel answered
// with the same plausible fit, named as the payload names it): the positions a verifier confirms become known
// pixels at assimilation, which renames fits to the real pixels; a unit cut afterwards carries known pixels
// blinded among its own; a result whose ringer differs beyond the tolerance is refused ERR_WRONG_RINGER and its key
// banned; one within the tolerance (another digest) passes; and the unit's assimilation stores its real pixels,
// named as `pogs galaxy fit` names them, and no ringer.
import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIT_CORE_VERSION } from '../../../../src/fit/core-version.js'
import { decodePixelFit } from '../../../../src/fit/index.js'
import { CoordinatorService } from '../../../../src/coordinator/service/index.js'
import { Nonces } from '../../../../src/coordinator/service/nonces.js'
import type { Assignment } from '../../../../src/net/messages/index.js'
import { pixelName, type WorkUnit } from '../../../../src/work/unit-payload.js'
import { encodeUnitResult } from '../../../../src/work/unit-result.js'
import { fakeFit } from '../../../../bench/compute/fake-result.js'
import { Dirs, FAST_DHT, smallGalaxy, TestVerifier, TestVolunteer } from './helpers.js'

const dirs = new Dirs()
let service: CoordinatorService
let dataDir: string
let project: string
let verifier: TestVerifier
const volunteers: TestVolunteer[] = []
const CONFIRMED = [0, 1, 2, 3]


function answer (unit: WorkUnit, alter: { at: number[], factor: number } = { at: [], factor: 1 }): Uint8Array {
  return encodeUnitResult({
    unitId: unit.unitId,
    pixels: unit.pixels.map(({ x, y }, k) => ({ x, y, fit: fakeFit(unit, x, y, alter.at.includes(k) ? 3.5 * alter.factor : 3.5) }))
  })
}

/** Gives a unit's instance to a volunteer as the work handler would (same nonce), without asking over the network. */
function give (unitId: string, v: TestVolunteer, requestId: string): Assignment {
  const a = service.store.assignUnit(unitId, v.publicKey, requestId, FIT_CORE_VERSION)
  if (a === undefined) throw new Error(`${unitId} could not be given to ${v.name}`)
  return { unitId, instanceId: a.instanceId, nonce: Nonces.open(dataDir).nonceFor(a.instanceId), deadlineMs: 0, payloadCid: CID.parse(a.payloadCid), libraryCids: [], estimatedCpuS: 1 }
}

beforeAll(async () => {
  const galaxy = await smallGalaxy(dirs, { size: 20, seed: 31, stride: 50, name: 'ringed spiral' })
  verifier = await TestVerifier.start(dirs, 2)
  verifier.confirm = CONFIRMED
  dataDir = await dirs.make('pogs-coordinator-')
  service = new CoordinatorService({
    dataDir,
    librariesDir: galaxy.libraries,
    verifiers: [verifier.peerId],
    // One area per unit, one unit cut at a time (the next once the last one's instances are out).
    lifecycle: { verifierQuorum: 1, pixelsPerUnit: 1, queueTarget: 2, queueLowWater: 1, ringersPerUnit: 2 },
    dht: FAST_DHT,
    maintenanceIntervalMs: 300
  })
  const ready = await service.start()
  project = ready.project
  await verifier.join(ready.addrs[0])
  for (const name of ['ann', 'bob', 'cy', 'dan', 'eve']) volunteers.push(await TestVolunteer.start(dirs, ready.addrs[0], name))
  const created = service.next('unit-created')
  await service.addGalaxy(galaxy.fits)
  await created
}, 60_000)

afterAll(async () => {
  await service?.stop()
  for (const p of [...volunteers, verifier]) await p?.stop()
  await dirs.remove()
})

/** The stored fits of a unit's pixels, by "x,y". */
function storedNames (unitId: string): Map<string, string> {
  return new Map(service.store.galaxyPixels(1).filter((p) => p.unitId === unitId)
    .map((p) => [`${p.x},${p.y}`, decodePixelFit(p.histograms ?? p.summary).name]))
}

describe('ringers', () => {
  let known: Array<{ x: number, y: number }> = []

  it('makes the confirmed positions known pixels and stores the unit at its real pixels, named as them', async () => {
    const [ann, bob] = volunteers
    const [a, b] = [(await ann.work(project, 1)).units[0], (await bob.work(project, 1)).units[0]]
    expect(b.unitId).toBe(a.unitId)
    const unit = await ann.unit(a)
    const map = service.store.unitPixelMap(a.unitId) ?? []
    // Blinded: labels for x, y and area 0, in the map's (shuffled) order.
    expect(unit.pixels.map((p) => [p.x, p.y, p.area])).toEqual(map.map((p) => [p.label, 0, 0]))
    const assimilated = service.next('assimilated')
    expect(await ann.submit(project, a, answer(unit))).toMatchObject({ accepted: true })
    expect(await bob.submit(project, b, answer(unit))).toMatchObject({ accepted: true })
    expect(await assimilated).toMatchObject({ unitId: a.unitId, pixels: map.length })
    known = service.store.knownPixels(1).map(({ x, y }) => ({ x, y }))
    expect(known).toEqual(CONFIRMED.map((k) => ({ x: map[k].x, y: map[k].y })).sort((p, q) => p.y - q.y || p.x - q.x))
    expect(service.store.knownPixels(1).map((p) => [p.unitId, p.coreVersion])).toEqual(CONFIRMED.map(() => [a.unitId, FIT_CORE_VERSION]))
    const names = storedNames(a.unitId)
    expect([...names.keys()].sort()).toEqual(map.map((p) => `${p.x},${p.y}`).sort())
    for (const [xy, name] of names) expect(name).toBe(pixelName(unit.galaxy, Number(xy.split(',')[0]), Number(xy.split(',')[1])))
  })

  it('refuses a wrong ringer (ERR_WRONG_RINGER, key banned), takes one within the tolerance, and assimilates without ringers', async () => {
    const [, , cy, dan, eve] = volunteers
    // Hand out the instances of units cut before the known pixels, until a unit carries ringers.
    let ringed: string | undefined
    for (let k = 0; k < 6 && ringed === undefined; k++) {
      await service.runPasses()
      const unsent = (service.store.db.prepare('SELECT id FROM work_units WHERE needed > 0 ORDER BY seq').all() as Array<{ id: string }>).map((r) => r.id)
      ringed = unsent.find((id) => service.store.unitPixelMap(id)?.some((p) => p.ringer))
      // Keys that never return anything: the queue runs low and the next unit is cut.
      if (ringed === undefined) for (const id of unsent) for (const n of [1, 2]) service.store.assignUnit(id, randomBytes(32), `drain-${k}-${n}`, FIT_CORE_VERSION)
    }
    if (ringed === undefined) throw new Error(`no unit with ringers was cut: ${JSON.stringify(service.store.db.prepare('SELECT id, needed, state, length(pixel_map) AS m FROM work_units').all())} areas ${JSON.stringify(service.store.db.prepare('SELECT count(*) AS n, count(unit_id) AS c FROM areas').get())}`)
    const map = service.store.unitPixelMap(ringed) ?? []
    const ringers = map.flatMap((p, k) => p.ringer ? [k] : [])
    expect(ringers).toHaveLength(2)
    expect(ringers.map((k) => ({ x: map[k].x, y: map[k].y })).every((r) => known.some((p) => p.x === r.x && p.y === r.y))).toBe(true)
    const wrong = give(ringed, cy, 'c1')
    const unit = await cy.unit(wrong)
    // Nothing in the payload tells ringers from the unit's own pixels: labels only, y and area 0.
    expect(unit.pixels.map((p) => [p.x, p.y, p.area])).toEqual(map.map((p) => [p.label, 0, 0]))

    // Beyond the tolerance at one ringer: refused before anything is recorded, and the key is banned.
    const banned = service.next('banned')
    expect(await cy.submit(project, wrong, answer(unit, { at: [ringers[1]], factor: 1.01 }))).toMatchObject({ accepted: false, reason: 'ERR_WRONG_RINGER' })
    expect(await banned).toMatchObject({ peer: cy.peerId, reason: 'wrong_ringer' })
    expect(service.store.bans()).toMatchObject([{ reason: 'wrong_ringer' }])
    expect(service.store.db.prepare('SELECT 1 FROM results WHERE instance_id = ?').get(wrong.instanceId)).toBeUndefined()

    // Within the tolerance at both ringers (another digest than the known answer's): accepted, inline in a batch
    // and as content.
    const close = answer(unit, { at: ringers, factor: 1 + 1e-7 })
    const [ack] = await dan.submitBatch(project, [await dan.sealInline(give(ringed, dan, 'd1'), close)])
    expect(ack).toMatchObject({ accepted: true })
    const assimilated = service.next('assimilated')
    expect(await eve.submit(project, give(ringed, eve, 'e1'), close)).toMatchObject({ accepted: true })
    expect(await assimilated).toMatchObject({ unitId: ringed, pixels: map.length - 2 })

    // Stored at the real pixels, named as them; the ringers' rows still belong to the unit they came from.
    const names = storedNames(ringed)
    expect([...names.keys()].sort()).toEqual(map.filter((p) => !p.ringer).map((p) => `${p.x},${p.y}`).sort())
    for (const [xy, name] of names) expect(name).toBe(pixelName(unit.galaxy, Number(xy.split(',')[0]), Number(xy.split(',')[1])))
    const after = service.store.knownPixels(1)
    for (const k of ringers) expect(after.find((p) => p.x === map[k].x && p.y === map[k].y)?.unitId).not.toBe(ringed)
  })
})
