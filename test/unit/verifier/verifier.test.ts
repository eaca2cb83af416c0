import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { openEnvelope } from '../../../src/net/envelope.js'
import { RemoteError } from '../../../src/net/errors.js'
import type { PogsNode } from '../../../src/net/node.js'
import { digestOf, decodeUnitResult, encodeUnitResult } from '../../../src/work/unit-result.js'
import { alterResult, INFRARED_NAME, OPTICAL_NAME } from '../work/helpers.js'
import { VerifierTestbed, type TestVerifier, type TestVolunteer } from './testbed.js'

// A coordinator, two verifiers (one never samples a pixel, one always does; both recompute where replicas
// differ), an outsider and volunteers' keys on loopback. Each test asks for a verdict as the coordinator would, with
// real signed result envelopes, asking again after a PENDING answer.
let bed: VerifierTestbed
let verifier: TestVerifier
let recomputing: TestVerifier
let outsider: PogsNode
let ann: TestVolunteer
let bob: TestVolunteer
let eve: TestVolunteer
/** The honest result with one summary value of every fitted pixel raised by half (an altered result). */
let altered: Uint8Array

const MSTAR_MEDIAN = PARAMETER_NAMES.indexOf('mstar') * VALUE_NAMES.length + VALUE_NAMES.indexOf('median')

beforeAll(async () => {
  bed = await VerifierTestbed.start()
  verifier = await bed.addVerifier()
  recomputing = await bed.addVerifier({ recomputeRate: 1 })
  outsider = await bed.addPeer()
  ann = await bed.volunteer()
  bob = await bed.volunteer()
  eve = await bed.volunteer()
  altered = encodeUnitResult(alterResult(decodeUnitResult(bed.honest), (fit) => { fit.summary[MSTAR_MEDIAN] += 0.5 }))
}, 60_000)
afterAll(async () => { await bed?.close() })

/** The replica reasons the verifier reported for its last verdict, by instance. */
function reasons (v: TestVerifier): Record<string, string> {
  const last = v.verdicts.at(-1)
  return Object.fromEntries((last?.replicas ?? []).map((r) => [r.instanceId ?? '-', r.reason]))
}

describe('verifier', () => {
  it('finds its project from the key and knows its quorum from the manifest', () => {
    expect(verifier.service.current.project).toBe(bed.coordinator.node.peerId.toString())
    expect(verifier.service.quorum).toBe(2)
  })

  it('agrees on two replicas with equal digests, signed by the verifier, days after they were signed', async () => {
    const daysAgo = Date.now() - 3 * 24 * 3600_000
    const replicas = [
      await bed.submit(ann, 'u0-i1', bed.honest, { timestampMs: daysAgo }),
      await bed.submit(bob, 'u0-i2', bed.honest, { inline: true })
    ]
    const { body, envelope } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ unitId: 'small-u0', outcome: 'agree', reason: 'DIGESTS_EQUAL', validInstances: ['u0-i1', 'u0-i2'], invalidInstances: [], recomputed: 0 })
    expect(Buffer.from(body.canonicalDigest).equals(Buffer.from(digestOf(bed.honest)))).toBe(true)
    // The verdict is the verifier's signed statement: it opens as a verdict signed by the verifier's key.
    const reopened = await openEnvelope(envelope.bytes, 'verdict')
    expect(reopened.signer.equals(verifier.node.peerId)).toBe(true)
    expect(verifier.verdicts.at(-1)?.peer).toBe(bed.coordinator.node.peerId.toString())
  })

  it('takes the unit inline as well as by CID', async () => {
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), await bed.submit(bob, 'u0-i2', bed.honest)]
    const { body } = await bed.verify(verifier, replicas, { inlineUnit: true })
    expect(body.outcome).toBe('agree')
  })

  it('agrees with the two honest replicas among three and lists the tampered one invalid', async () => {
    const replicas = [
      await bed.submit(ann, 'u0-i1', bed.honest),
      await bed.submit(eve, 'u0-i3', altered),
      await bed.submit(bob, 'u0-i2', bed.honest)
    ]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'agree', reason: 'DIGESTS_EQUAL', validInstances: ['u0-i1', 'u0-i2'], invalidInstances: ['u0-i3'] })
    expect(reasons(verifier)).toEqual({ 'u0-i1': 'AGREED', 'u0-i3': 'OUTVOTED', 'u0-i2': 'AGREED' })
    expect(verifier.verdicts.at(-1)?.replicas[1].detail).toContain('VALUE_MISMATCH')
    // The pixel where the tampered replica and the quorum differ is recomputed, whatever the sampling rate.
    expect(body).toMatchObject({ recomputed: 1, contradictedInstances: ['u0-i3'] })
    expect(verifier.verdicts.at(-1)?.replicas[1]).toMatchObject({ contradicted: true })
  })

  it('agrees within tolerance on replicas whose bytes differ in the last digits, and reports it', async () => {
    const nudged = encodeUnitResult(alterResult(decodeUnitResult(bed.honest), (fit) => { fit.summary[MSTAR_MEDIAN] *= 1 + 1e-9 }))
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), await bed.submit(bob, 'u0-i2', nudged)]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'agree', reason: 'WITHIN_TOLERANCE', validInstances: ['u0-i1', 'u0-i2'] })
    expect(Buffer.from(body.canonicalDigest).equals(Buffer.from(digestOf(bed.honest)))).toBe(true)
  })

  it('finds no quorum in one honest and one altered replica; the recomputation lists the altered one, not the honest one', async () => {
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), await bed.submit(eve, 'u0-i3', altered)]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM', validInstances: [], invalidInstances: ['u0-i3'], contradictedInstances: ['u0-i3'], recomputed: 1 })
    expect(reasons(verifier)).toEqual({ 'u0-i1': 'UNDECIDED', 'u0-i3': 'RECOMPUTE_MISMATCH' })
  })

  it('lists a replica whose content does not match its signed digest as invalid (DIGEST_MISMATCH)', async () => {
    const replicas = [
      await bed.submit(ann, 'u0-i1', bed.honest),
      await bed.submit(bob, 'u0-i2', bed.honest),
      await bed.submit(eve, 'u0-i3', altered, { digest: digestOf(bed.honest) })
    ]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'agree', validInstances: ['u0-i1', 'u0-i2'], invalidInstances: ['u0-i3'] })
    expect(reasons(verifier)['u0-i3']).toBe('DIGEST_MISMATCH')
  })

  it('lists a replica whose envelope was altered (signature no longer verifies) as invalid', async () => {
    const forged = Uint8Array.from(await bed.submit(eve, 'u0-i3', bed.honest))
    forged[forged.length - 1] ^= 0x01 // the signature is the envelope's last field
    await expect(openEnvelope(forged, 'result')).rejects.toMatchObject({ code: 'ERR_INVALID_SIGNATURE' })
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), forged, await bed.submit(bob, 'u0-i2', bed.honest)]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'agree', validInstances: ['u0-i1', 'u0-i2'], invalidInstances: ['u0-i3'] })
    expect(reasons(verifier)['u0-i3']).toBe('BAD_SIGNATURE')
  })

  it('does not let one volunteer key make a quorum with two instances', async () => {
    const replicas = [await bed.submit(eve, 'u0-i3', altered), await bed.submit(eve, 'u0-i4', altered)]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM', invalidInstances: ['u0-i4'] })
    expect(reasons(verifier)['u0-i4']).toBe('DUPLICATE_VOLUNTEER')
  })

  it('judges results that do not answer the unit, and ignores submissions for another unit', async () => {
    const r = decodeUnitResult(bed.honest)
    const short = encodeUnitResult({ ...r, pixels: r.pixels.slice(1) })
    const replicas = [
      await bed.submit(ann, 'u0-i1', bed.honest),
      await bed.submit(eve, 'u0-i3', short),
      await bed.submit(bob, 'u9-i1', bed.honest, { unitId: 'small-u9' }),
      await bed.submit(bob, 'u0-i2', Uint8Array.from([1, 2, 3]))
    ]
    const { body } = await bed.verify(verifier, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', reason: 'NO_QUORUM', invalidInstances: ['u0-i3', 'u0-i2'] })
    expect(reasons(verifier)).toEqual({ 'u0-i1': 'UNDECIDED', 'u0-i3': 'RESULT_MISMATCH', '-': 'WRONG_UNIT', 'u0-i2': 'BAD_RESULT' })
  })

  it('refuses a request from a peer that is not the coordinator, with ERR_NOT_AUTHORIZED', async () => {
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), await bed.submit(bob, 'u0-i2', bed.honest)]
    const before = verifier.verdicts.length
    const refused = bed.verify(verifier, replicas, { from: outsider })
    await expect(refused).rejects.toBeInstanceOf(RemoteError)
    await expect(refused).rejects.toMatchObject({ remoteCode: 'ERR_NOT_AUTHORIZED' })
    expect(verifier.rejections.at(-1)).toMatchObject({ protocol: 'verify', peer: outsider.peerId.toString(), code: 'ERR_NOT_AUTHORIZED' })
    expect(verifier.verdicts).toHaveLength(before)
  })

  it('refuses a request whose unit payload is another unit, with ERR_BAD_UNIT', async () => {
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest)]
    await expect(bed.verify(verifier, replicas, { unitId: 'small-u9' })).rejects.toMatchObject({ remoteCode: 'ERR_BAD_UNIT' })
  })

  it('recomputes a sampled pixel: honest replicas pass, with recomputed = 1', async () => {
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), await bed.submit(bob, 'u0-i2', bed.honest)]
    const { body } = await bed.verify(recomputing, replicas)
    expect(body).toMatchObject({ outcome: 'agree', reason: 'DIGESTS_EQUAL', validInstances: ['u0-i1', 'u0-i2'], recomputed: 1 })
  })

  it('does not hold a verdict back for libraries: that unit goes without recomputation, later ones have it', async () => {
    const impatient = await bed.addVerifier({ recomputeRate: 1, libraryWaitMs: 0 })
    const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), await bed.submit(bob, 'u0-i2', bed.honest)]
    const first = await bed.verify(impatient, replicas)
    expect(first.body).toMatchObject({ outcome: 'agree', recomputed: 0 })
    expect(impatient.verdicts[0].sampled).toMatchObject({ recomputed: false })
    expect(new Set(await impatient.libraries)).toEqual(new Set([OPTICAL_NAME, INFRARED_NAME]))
    // Other replicas: the same ones would get the verdict already given.
    const second = await bed.verify(impatient, [await bed.submit(ann, 'u0-i5', bed.honest), await bed.submit(bob, 'u0-i6', bed.honest)])
    expect(second.body).toMatchObject({ outcome: 'agree', recomputed: 1 })
    const { x, y } = impatient.verdicts[1].sampled ?? { x: -1, y: -1 }
    expect(bed.unit.pixels.some((p) => p.x === x && p.y === y)).toBe(true)
  })

  it('catches two replicas altered identically by recomputing (RECOMPUTE_MISMATCH), both invalid', async () => {
    const replicas = [await bed.submit(eve, 'u0-i3', altered), await bed.submit(bob, 'u0-i4', altered)]
    // Without recomputation the pair makes a quorum...
    expect((await bed.verify(verifier, replicas)).body).toMatchObject({ outcome: 'agree', validInstances: ['u0-i3', 'u0-i4'] })
    // ...with it, the pair is caught.
    const { body } = await bed.verify(recomputing, replicas)
    expect(body).toMatchObject({ outcome: 'disagree', reason: 'RECOMPUTE_MISMATCH', validInstances: [], invalidInstances: ['u0-i3', 'u0-i4'], recomputed: 1 })
    expect(reasons(recomputing)).toEqual({ 'u0-i3': 'RECOMPUTE_MISMATCH', 'u0-i4': 'RECOMPUTE_MISMATCH' })
    // Both colluders are named as contradicted by the sampled pixel.
    expect(body.contradictedInstances).toEqual(['u0-i3', 'u0-i4'])
  })
})
