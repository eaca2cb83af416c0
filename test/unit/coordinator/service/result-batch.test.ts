// Results in batches (/pogs/result-batch/1.0.0): each element is opened as a request of its own would be (its
// signature, its signer, its freshness and id), checked, and the good ones recorded in one transaction; the acks
// answer each element in order, refusals with their codes, and a refused element changes nothing for the others.
// Inline results are recorded under the CID their digest names and reach Helia only when assimilated.
import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoordinatorService } from '../../../../src/coordinator/service/index.js'
import { RemoteError } from '../../../../src/net/errors.js'
import { MAX_BATCH_RESULTS, type Assignment } from '../../../../src/net/messages/index.js'
import type { WorkUnit } from '../../../../src/work/unit-payload.js'
import { encodeUnitResult, inlineResultCid, digestOf, outlineOf } from '../../../../src/work/unit-result.js'
import { Dirs, FAST_DHT, smallGalaxy, TestVerifier, TestVolunteer } from './helpers.js'

const dirs = new Dirs()
let service: CoordinatorService
let project: string
let verifier: TestVerifier
let ann: TestVolunteer
let bob: TestVolunteer
let cy: TestVolunteer | undefined
let annUnits: Assignment[]
const rejected: string[] = []

/** Every pixel "not fitted": well-formed, answers the unit, needs no fitting. */
function answer (u: WorkUnit): Uint8Array {
  return encodeUnitResult({ unitId: u.unitId, pixels: u.pixels.map((p) => ({ x: p.x, y: p.y, unfitted: { reason: 'ERR_TOO_FEW_BANDS', message: 'test' } })) })
}

function resultRows (): Array<{ instance_id: string, result_cid: string, digest: Buffer }> {
  return service.store.db.prepare('SELECT instance_id, result_cid, digest FROM results ORDER BY instance_id').all() as Array<{ instance_id: string, result_cid: string, digest: Buffer }>
}

beforeAll(async () => {
  const galaxy = await smallGalaxy(dirs, { size: 10, seed: 9, stride: 50, name: 'batch spiral' })
  verifier = await TestVerifier.start(dirs, 2)
  service = new CoordinatorService({
    dataDir: await dirs.make('pogs-coordinator-'),
    librariesDir: galaxy.libraries,
    verifiers: [verifier.peerId],
    lifecycle: { verifierQuorum: 1, pixelsPerUnit: 4 },
    dht: FAST_DHT,
    maintenanceIntervalMs: 300
  })
  service.on('rejected', (r) => { rejected.push(r.code) })
  const ready = await service.start()
  project = ready.project
  await verifier.join(ready.addrs[0])
  ann = await TestVolunteer.start(dirs, ready.addrs[0], 'ann')
  bob = await TestVolunteer.start(dirs, ready.addrs[0], 'bob')
  const created = service.next('unit-created')
  await service.addGalaxy(galaxy.fits)
  await created
  annUnits = (await ann.work(project, 2)).units
}, 60_000)

afterAll(async () => {
  await service?.stop()
  for (const p of [ann, bob, cy, verifier]) await p?.stop()
  await dirs.remove()
})

describe('result batches', () => {
  it('answers each element in order: good ones recorded in one go, the others refused with their codes', async () => {
    expect(annUnits).toHaveLength(2)
    const [u0, u1] = annUnits
    const good = await ann.sealInline(u0, answer(await ann.unit(u0)))
    const acks = await ann.submitBatch(project, [
      good,
      await ann.sealInline(u1, answer(await ann.unit(u1)), { nonce: randomBytes(16) }),
      // Signed by another key than the connected peer's.
      await bob.sealInline(u1, answer(await ann.unit(u1))),
      randomBytes(200),
      // The first element again: a replay.
      good
    ])
    expect(acks.map((a) => a.accepted ? 'ok' : a.reason)).toEqual(['ok', 'ERR_NONCE_MISMATCH', 'ERR_SIGNER_MISMATCH', 'ERR_MALFORMED_MESSAGE', 'ERR_REPLAY'])
    expect(acks[0]).toMatchObject({ unitId: u0.unitId, instanceId: u0.instanceId })
    expect(acks[3]).toMatchObject({ unitId: '', instanceId: '' })
    expect(rejected).toEqual(['ERR_NONCE_MISMATCH', 'ERR_SIGNER_MISMATCH', 'ERR_MALFORMED_MESSAGE', 'ERR_REPLAY'])

    // One row: the inline result under the CID of its digest, not added to Helia (its envelope holds the bytes).
    const rows = resultRows()
    expect(rows.map((r) => r.instance_id)).toEqual([u0.instanceId])
    expect(rows[0].result_cid).toBe(inlineResultCid(digestOf(answer(await ann.unit(u0)))).toString())
    expect(await service.network.node.helia.pins.isPinned(CID.parse(rows[0].result_cid))).toBe(false)
  })

  it('checks results against the unit as its database records it: the outline equals the payload\'s', async () => {
    for (const a of annUnits) {
      const unit = await ann.unit(a)
      expect(unit.pixels.length).toBeGreaterThan(1)
      expect(service.store.unitOutline(a.unitId)).toEqual(outlineOf(unit))
    }
  })

  it('checks a unit cut before filter counts were recorded against its payload', async () => {
    const [, u1] = annUnits
    service.store.db.prepare('UPDATE work_units SET filters = NULL WHERE id = ?').run(u1.unitId)
    expect(service.store.unitOutline(u1.unitId)).toBeUndefined()
    const unit = await ann.unit(u1)
    const wrong = encodeUnitResult({ unitId: unit.unitId, pixels: unit.pixels.slice(1).map((p) => ({ x: p.x, y: p.y, unfitted: { reason: 'ERR_TOO_FEW_BANDS', message: 'test' } })) })
    // A wrong answer bans its signer (docs/work-lifecycle.md#revocation): a key of its own, whose instances go back.
    cy = await TestVolunteer.start(dirs, service.network.node.addrs()[0].toString(), 'cy')
    const mine = (await cy.work(project, 8)).units.find((a) => a.unitId === u1.unitId)
    if (mine === undefined) throw new Error('cy got no instance of the second unit')
    expect((await cy.submitBatch(project, [await cy.sealInline(mine, wrong)])).map((a) => a.reason)).toEqual(['ERR_RESULT_MISMATCH'])
    expect(service.store.isBanned(cy.publicKey)).toBe(true)
  })

  it('refuses a batch of more than 64 results as a whole, recording nothing', async () => {
    const [, u1] = annUnits
    const element = await ann.sealInline(u1, answer(await ann.unit(u1)))
    const err = await ann.submitBatch(project, Array.from({ length: MAX_BATCH_RESULTS + 1 }, () => element)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RemoteError)
    expect((err as RemoteError).remoteCode).toBe('ERR_MALFORMED_MESSAGE')
    expect(resultRows()).toHaveLength(1)
  })

  it('assimilates a unit whose valid result came inline, and then holds it in Helia under its recorded CID', async () => {
    const [u0] = annUnits
    const unit = await ann.unit(u0)
    // bob takes the unit's second instance (work is handed out by unit order; he may get others too).
    const bobs = (await bob.work(project, 8)).units.find((a) => a.unitId === u0.unitId)
    if (bobs === undefined) throw new Error('bob got no instance of the first unit')
    const assimilated = service.next('assimilated', (e) => e.unitId === u0.unitId)
    expect(await bob.submitBatch(project, [await bob.sealInline(bobs, answer(unit))])).toMatchObject([{ accepted: true }])
    expect(await assimilated).toMatchObject({ unitId: u0.unitId, unfitted: unit.pixels.length })
    const cid = CID.parse(resultRows()[0].result_cid)
    expect(await service.network.node.helia.pins.isPinned(cid)).toBe(true)
    expect(verifier.requests.at(-1)?.replicas).toHaveLength(2)
  })
})
