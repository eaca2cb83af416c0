// What the coordinator refuses, and that refusing records nothing: results with a wrong nonce, content that does not
// hash to the signed digest, content that does not answer the unit (each of which bans its signer: the signature
// proves the lie), a result for another volunteer's instance;
// and inbox files that cannot become galaxies (malformed or truncated FITS, a redshift no library covers, a
// different galaxy under a registered name), after which the coordinator keeps working.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import galaxyAdd from '../../../../nodes/galaxy/add.js'
import { CoordinatorService, inboxDir, rejectedDir } from '../../../../src/coordinator/service/index.js'
import { Nonces } from '../../../../src/coordinator/service/nonces.js'
import { openEnvelope } from '../../../../src/net/envelope.js'
import { MESSAGE_CODECS, type Assignment } from '../../../../src/net/messages/index.js'
import { digestOf, encodeUnitResult, type UnitResult } from '../../../../src/work/unit-result.js'
import type { WorkUnit } from '../../../../src/work/unit-payload.js'
import { Dirs, FAST_DHT, smallGalaxy, TestVolunteer } from './helpers.js'

const dirs = new Dirs()
let galaxy: { libraries: string, fits: string }
let dataDir: string
let service: CoordinatorService
let project: string
let ann: TestVolunteer
let bob: TestVolunteer
let assignment: Assignment
let unit: WorkUnit
const rejected: Array<{ code: string }> = []

/** A result every pixel of which is "not fitted": well-formed, answers the unit, needs no fitting. */
function unfittedAnswer (u: WorkUnit, drop = 0): UnitResult {
  return { unitId: u.unitId, pixels: u.pixels.slice(drop).map((p) => ({ x: p.x, y: p.y, unfitted: { reason: 'ERR_TOO_FEW_BANDS', message: 'test' } })) }
}

const cheaters: TestVolunteer[] = []

/** A fresh key with one unit of its own: proven bad content bans its signer, so each such case needs its own. */
async function cheater (name: string): Promise<{ v: TestVolunteer, a: Assignment, u: WorkUnit }> {
  const v = await TestVolunteer.start(dirs, service.network.node.addrs()[0].toString(), name)
  cheaters.push(v)
  const [a] = (await v.work(project, 1)).units
  return { v, a, u: await v.unit(a) }
}

/** Whether the store has banned this volunteer's key. */
function banned (v: TestVolunteer): boolean {
  return service.store.isBanned(v.publicKey)
}

function recorded (): number {
  return (service.store.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n
}

beforeAll(async () => {
  galaxy = await smallGalaxy(dirs, { size: 12, seed: 3, stride: 50, name: 'refusal spiral' })
  dataDir = await dirs.make('pogs-coordinator-')
  service = new CoordinatorService({ dataDir, librariesDir: galaxy.libraries, dht: FAST_DHT, inboxScanIntervalMs: 200 })
  service.on('rejected', (r) => { rejected.push(r) })
  const ready = await service.start()
  project = ready.project
  ann = await TestVolunteer.start(dirs, ready.addrs[0], 'ann')
  bob = await TestVolunteer.start(dirs, ready.addrs[0], 'bob')
  const created = service.next('unit-created')
  await service.addGalaxy(galaxy.fits)
  await created
  const work = await ann.work(project, 1)
  assignment = work.units[0]
  unit = await ann.unit(assignment)
}, 60_000)

afterAll(async () => {
  await service?.stop()
  await ann?.stop()
  await bob?.stop()
  await Promise.all(cheaters.map(async (c) => { await c.stop() }))
  await dirs.remove()
})

describe('results the coordinator refuses', () => {
  it('a wrong nonce: ERR_NONCE_MISMATCH, nothing recorded', async () => {
    const ack = await ann.submit(project, assignment, encodeUnitResult(unfittedAnswer(unit)), { nonce: randomBytes(16) })
    expect(ack).toMatchObject({ accepted: false, reason: 'ERR_NONCE_MISMATCH' })
    expect(recorded()).toBe(0)
  })

  it('content that does not hash to the signed digest: ERR_DIGEST_MISMATCH, nothing recorded or kept, its signer banned', async () => {
    const { v, a, u } = await cheater('carol')
    const bytes = encodeUnitResult(unfittedAnswer(u))
    const other = encodeUnitResult({ ...unfittedAnswer(u), pixels: unfittedAnswer(u).pixels.map((p) => ({ ...p, unfitted: { reason: 'ERR_OTHER', message: 'x' } })) })
    const ban = service.next('banned')
    const ack = await v.submit(project, a, other, { digest: digestOf(bytes) })
    expect(ack).toMatchObject({ accepted: false, reason: 'ERR_DIGEST_MISMATCH' })
    expect(await ban).toMatchObject({ peer: v.peerId, reason: 'bad_result', units: 1 })
    expect(banned(v)).toBe(true)
    expect(recorded()).toBe(0)
  })

  it('content that does not answer the unit: ERR_RESULT_MISMATCH (a pixel missing), ERR_BAD_RESULT (not a result), each signer banned', async () => {
    // One after the other: each ban frees the instance the next cheater is given.
    const dave = await cheater('dave')
    expect(await dave.v.submit(project, dave.a, encodeUnitResult(unfittedAnswer(dave.u, 1)))).toMatchObject({ accepted: false, reason: 'ERR_RESULT_MISMATCH' })
    const erin = await cheater('erin')
    expect(await erin.v.submit(project, erin.a, encodeUnitResult({ ...unfittedAnswer(erin.u), unitId: 'g9a9' }))).toMatchObject({ accepted: false, reason: 'ERR_RESULT_MISMATCH' })
    const frank = await cheater('frank')
    expect(await frank.v.submit(project, frank.a, randomBytes(300))).toMatchObject({ accepted: false, reason: 'ERR_BAD_RESULT' })
    expect([dave, erin, frank].map((c) => banned(c.v))).toEqual([true, true, true])
    // Banned: whatever it sends next is refused.
    expect(await dave.v.submit(project, dave.a, encodeUnitResult(unfittedAnswer(dave.u)))).toMatchObject({ accepted: false, reason: 'ERR_BANNED' })
    expect(recorded()).toBe(0)
  })

  it('a result for another volunteer\'s instance: ERR_NOT_ASSIGNED; an unknown instance: ERR_UNKNOWN_INSTANCE', async () => {
    const bytes = encodeUnitResult(unfittedAnswer(unit))
    expect(await bob.submit(project, assignment, bytes)).toMatchObject({ accepted: false, reason: 'ERR_NOT_ASSIGNED' })
    expect(await ann.submit(project, { ...assignment, instanceId: `${assignment.unitId}/99` }, bytes)).toMatchObject({ accepted: false, reason: 'ERR_UNKNOWN_INSTANCE' })
    expect(await ann.submit(project, { ...assignment, unitId: 'g1a999' }, bytes)).toMatchObject({ accepted: false, reason: 'ERR_UNKNOWN_INSTANCE' })
    expect(recorded()).toBe(0)
  })

  it('inline results beyond the inline limit: ERR_RESULT_TOO_LARGE', async () => {
    const ack = await ann.submit(project, assignment, encodeUnitResult(unfittedAnswer(unit)), { resultCid: undefined, result: randomBytes(300 * 1024) })
    expect(ack).toMatchObject({ accepted: false, reason: 'ERR_RESULT_TOO_LARGE' })
    expect(recorded()).toBe(0)
  })

  it('reported every refusal as a rejected event with its code', () => {
    expect(rejected.map((r) => r.code)).toEqual(['ERR_NONCE_MISMATCH', 'ERR_DIGEST_MISMATCH', 'ERR_RESULT_MISMATCH', 'ERR_RESULT_MISMATCH',
      'ERR_BAD_RESULT', 'ERR_BANNED', 'ERR_NOT_ASSIGNED', 'ERR_UNKNOWN_INSTANCE', 'ERR_UNKNOWN_INSTANCE', 'ERR_RESULT_TOO_LARGE'])
    // Refusals that prove nothing (a wrong nonce, someone else's instance, an oversized inline result) ban nobody.
    expect([ann, bob].map(banned)).toEqual([false, false])
  })

  it('accepts a well-formed answer once, a repeat as a duplicate, a different one after it not at all', async () => {
    const bytes = encodeUnitResult(unfittedAnswer(unit))
    const first = service.next('result')
    expect(await ann.submit(project, assignment, bytes)).toMatchObject({ accepted: true, reason: '' })
    expect(await first).toMatchObject({ status: 'accepted', instanceId: assignment.instanceId, peer: ann.peerId })
    const again = service.next('result')
    expect(await ann.submit(project, assignment, bytes)).toMatchObject({ accepted: true })
    expect((await again).status).toBe('duplicate')
    const other = unfittedAnswer(unit)
    other.pixels[0] = { ...other.pixels[0], unfitted: { reason: 'ERR_OTHER', message: 'x' } } as UnitResult['pixels'][number]
    expect(await ann.submit(project, assignment, encodeUnitResult(other))).toMatchObject({ accepted: false, reason: 'ERR_CONFLICTING_RESULT' })
    expect(recorded()).toBe(1)
    // The volunteer's whole signed envelope is what the store keeps for the verifiers (in its envelope log).
    const row = service.store.db.prepare('SELECT length(signature) AS inRow, envelope_length, result_cid FROM results').get() as { inRow: number, envelope_length: number, result_cid: string }
    expect(row.inRow).toBe(0)
    const [envelope] = service.store.resultEnvelopes([assignment.instanceId])
    expect(envelope.length).toBe(row.envelope_length)
    const opened = await openEnvelope(envelope, 'result')
    expect(opened.signer.toString()).toBe(ann.peerId.toString())
    const submitted = MESSAGE_CODECS.result.decode(opened.payload)
    expect(submitted.instanceId).toBe(assignment.instanceId)
    expect(Buffer.from(submitted.digest).equals(Buffer.from(digestOf(bytes)))).toBe(true)
    expect(CID.parse(row.result_cid).toString()).toBe(row.result_cid)
  })

  it('records an error report (the unit is reissued) and gives the same nonce for an instance after a restart', async () => {
    const work = await bob.work(project, 1)
    const a = work.units[0]
    expect(a.instanceId).not.toBe(assignment.instanceId)
    const reported = service.next('result')
    expect(await bob.submit(project, a, new Uint8Array(0), { resultCid: undefined, digest: new Uint8Array(0), errorCode: 3 })).toMatchObject({ accepted: true })
    expect(await reported).toMatchObject({ error: true, status: 'accepted' })
    const row = service.store.db.prepare('SELECT outcome FROM instances WHERE id = ?').get(a.instanceId) as { outcome: string }
    expect(row.outcome).toBe('error')
    const needed = service.store.db.prepare('SELECT needed, boost FROM work_units WHERE id = ?').get(a.unitId) as { needed: number, boost: number }
    expect(needed).toMatchObject({ needed: 1, boost: 1 })
    expect(Buffer.from(Nonces.open(dataDir).nonceFor(a.instanceId)).equals(Buffer.from(a.nonce))).toBe(true)
    // The reissue goes to the next volunteer asking, ahead of anything else; an inline answer is accepted too.
    const cy = await TestVolunteer.start(dirs, service.addrs()[0], 'cy')
    try {
      const [reissue] = (await cy.work(project, 1)).units
      expect(reissue.unitId).toBe(a.unitId)
      const bytes = encodeUnitResult(unfittedAnswer(unit))
      expect(await cy.submit(project, reissue, bytes, { resultCid: undefined, result: bytes })).toMatchObject({ accepted: true })
      expect(recorded()).toBe(2)
    } finally {
      await cy.stop()
    }
  })
})

describe('inbox files the coordinator refuses', () => {
  async function rejectedFile (name: string, bytes: Uint8Array): Promise<{ code: string, file: string }> {
    const src = join(await dirs.make(), name)
    writeFileSync(src, bytes)
    const next = service.next('rejected', (r) => r.source === 'inbox' && r.file.endsWith(name))
    await service.addGalaxy(src)
    const r = await next
    if (r.source !== 'inbox') throw new Error('unreachable')
    return r
  }

  it('moves a malformed and a truncated FITS file to inbox/rejected/ with the reason, and keeps running', async () => {
    const bad = await rejectedFile('garbage.fits', randomBytes(5000))
    expect(bad.code).toBe('ERR_NOT_FITS')
    expect(readFileSync(`${bad.file}.reason.txt`, 'utf8')).toMatch(/^ERR_NOT_FITS: /)
    expect(bad.file.startsWith(rejectedDir(dataDir))).toBe(true)
    const truncated = await rejectedFile('truncated.fits', readFileSync(galaxy.fits).subarray(0, 4000))
    expect(truncated.code).toBe('ERR_FITS_TRUNCATED')
    // Still serving work.
    expect((await bob.work(project, 1)).retryAfterS).toBeGreaterThanOrEqual(0)
  })

  it('refuses a galaxy whose redshift no library covers, and another galaxy under a registered name', async () => {
    const src = join(await dirs.make(), 'far.fits')
    writeFileSync(src, readFileSync(galaxy.fits))
    const far = service.next('rejected', (r) => r.source === 'inbox' && r.file.endsWith('far.fits'))
    await service.addGalaxy(src, { redshift: 0.5, name: 'far away' })
    expect((await far).code).toBe('ERR_REDSHIFT_OUT_OF_RANGE')
    const other = await smallGalaxy(dirs, { size: 12, seed: 4, stride: 50, name: 'refusal spiral' })
    const conflict = service.next('rejected', (r) => r.source === 'inbox')
    await service.addGalaxy(other.fits)
    expect((await conflict).code).toBe('ERR_GALAXY_CONFLICT')
  })

  it('`pogs galaxy add` drops a file the running coordinator picks up (with its options)', async () => {
    const added = service.next('galaxy-added', (g) => g.galaxy === 'renamed spiral')
    const out: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((s: string) => { out.push(s); return true }) as typeof process.stdout.write
    let code: number
    try {
      code = await galaxyAdd.run([galaxy.fits, '--data', dataDir, '--name', 'renamed spiral', '--priority', '5', '--json'])
    } finally {
      process.stdout.write = write
    }
    expect(code).toBe(0)
    const printed = JSON.parse(out.join('')) as { inbox: string }
    expect(printed.inbox.startsWith(inboxDir(dataDir))).toBe(true)
    const g = await added
    expect(existsSync(printed.inbox)).toBe(false)
    expect(existsSync(g.file)).toBe(true)
    expect(service.store.galaxy(g.galaxyId)).toMatchObject({ name: 'renamed spiral', priority: 5 })
  })
})
