import { describe, expect, test } from 'vitest'
import * as work from '../../../protocols/work.js'
import * as result from '../../../protocols/result.js'
import * as manifest from '../../../protocols/manifest.js'
import * as pin from '../../../protocols/pin.js'
import * as verify from '../../../protocols/verify.js'
import { MESSAGE_KINDS } from '../../../src/net/envelope.js'
import { InvalidFieldError, MalformedMessageError, MissingFieldError } from '../../../src/net/errors.js'
import { MESSAGE_CODECS } from '../../../src/net/messages/index.js'
import { sampleMessages } from './fixtures.js'

describe('wire <-> domain conversion', () => {
  test('every kind round-trips', async () => {
    const samples = await sampleMessages()
    for (const kind of MESSAGE_KINDS) {
      const codec = MESSAGE_CODECS[kind] as { encode: (m: unknown) => Uint8Array, decode: (b: Uint8Array) => unknown }
      const decoded = codec.decode(codec.encode(samples[kind]))
      expect(normalize(decoded), kind).toEqual(normalize(samples[kind]))
    }
  })

  test('missing required fields are MissingFieldError', () => {
    const cases: Array<[keyof typeof MESSAGE_CODECS, Uint8Array]> = [
      ['work-request', work.WorkRequest.encode({ cores: 0, maxUnits: 1, appVersion: 'x', libraries: [] })],
      ['work-request', work.WorkRequest.encode({ cores: 1, maxUnits: 1, appVersion: '', libraries: [] })],
      ['work-assignment', work.WorkAssignment.encode({ retryAfterS: 0, units: [{ unitId: 'u', instanceId: 'i', nonce: new Uint8Array(16), deadlineMs: 1, payload: new Uint8Array(0), payloadCid: '', libraryCids: [], estimatedCpuS: 1 }] })],
      ['result', result.ResultSubmission.encode({ unitId: '', instanceId: 'i', nonce: new Uint8Array(16), result: new Uint8Array(1), resultCid: '', digest: new Uint8Array(32), cpuMs: 0, errorCode: 0, volunteerName: '', team: '' })],
      ['result', result.ResultSubmission.encode({ unitId: 'u', instanceId: 'i', nonce: new Uint8Array(0), result: new Uint8Array(1), resultCid: '', digest: new Uint8Array(32), cpuMs: 0, errorCode: 0, volunteerName: '', team: '' })],
      ['verify-request', verify.VerifyRequest.encode({ unitId: 'u', unit: new Uint8Array(1), unitCid: '', replicas: [], libraryCids: [] })],
      ['verdict', verify.Verdict.encode({ unitId: 'u', outcome: verify.Verdict.Outcome.OUTCOME_UNSPECIFIED, validInstances: [], invalidInstances: [], canonicalDigest: new Uint8Array(0), reason: 'x', recomputed: 0, contradictedInstances: [], retryAfterS: 0 })],
      ['pin-request', pin.PinRequest.encode({ cids: [], record: new Uint8Array(0) })],
      ['manifest', manifest.Manifest.encode({ project: '', sequence: 1, addrs: [], verifiers: [], mirrors: [], libraries: [], appVersion: 'x', issuedMs: 1, settings: { initialReplication: 2, minQuorum: 2, maxErrorResults: 8, maxTotalResults: 10, deadlineS: 1, verifierQuorum: 2, mirrorReceipts: 1 } })],
      ['manifest', manifest.Manifest.encode({ project: '12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e', sequence: 1, addrs: [], verifiers: [], mirrors: [], libraries: [], appVersion: 'x', issuedMs: 1 })]
    ]
    for (const [kind, bytes] of cases) expect(() => MESSAGE_CODECS[kind].decode(bytes), kind).toThrow(MissingFieldError)
  })

  test('malformed fields are InvalidFieldError; undecodable bytes MalformedMessageError', () => {
    const badCid = work.WorkRequest.encode({ cores: 1, maxUnits: 1, appVersion: 'x', libraries: ['not-a-cid'] })
    expect(() => MESSAGE_CODECS['work-request'].decode(badCid)).toThrow(InvalidFieldError)
    const tooManyCores = work.WorkRequest.encode({ cores: 1_000_000, maxUnits: 1, appVersion: 'x', libraries: [] })
    expect(() => MESSAGE_CODECS['work-request'].decode(tooManyCores)).toThrow(InvalidFieldError)
    const shortNonce = result.ResultSubmission.encode({ unitId: 'u', instanceId: 'i', nonce: new Uint8Array(5), result: new Uint8Array(1), resultCid: '', digest: new Uint8Array(32), cpuMs: 0, errorCode: 0, volunteerName: '', team: '' })
    expect(() => MESSAGE_CODECS.result.decode(shortNonce)).toThrow(InvalidFieldError)
    const sneakyName = manifest.Manifest.encode({ project: '12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e', sequence: 1, addrs: [], verifiers: [], mirrors: [], libraries: [{ name: '../etc/passwd', cid: 'bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am', size: 1 }], appVersion: 'x', issuedMs: 1, settings: { initialReplication: 2, minQuorum: 2, maxErrorResults: 8, maxTotalResults: 10, deadlineS: 1, verifierQuorum: 2, mirrorReceipts: 1 } })
    expect(() => MESSAGE_CODECS.manifest.decode(sneakyName)).toThrow(InvalidFieldError)
    expect(() => MESSAGE_CODECS.result.decode(new Uint8Array([0x0a, 0xff]))).toThrow(MalformedMessageError)
  })

  test('a verdict carries the instances a recomputation contradicted; a pending one its wait and no instances', () => {
    const codec = MESSAGE_CODECS.verdict
    const base = { unitId: 'u', validInstances: [], invalidInstances: ['x'], canonicalDigest: new Uint8Array(0), reason: 'NO_QUORUM', recomputed: 1 }
    expect(codec.decode(codec.encode({ ...base, outcome: 'disagree', contradictedInstances: ['x'] }))).toEqual({ ...base, outcome: 'disagree', contradictedInstances: ['x'] })
    const pending = { ...base, outcome: 'pending' as const, invalidInstances: [], reason: 'RECOMPUTING', recomputed: 0, retryAfterS: 42 }
    expect(codec.decode(codec.encode(pending))).toEqual(pending)
    const wire = { ...base, contradictedInstances: [], retryAfterS: 5, outcome: verify.Verdict.Outcome.PENDING }
    expect(() => codec.decode(verify.Verdict.encode(wire))).toThrow(InvalidFieldError)
    const tooMany = verify.Verdict.encode({ ...wire, outcome: verify.Verdict.Outcome.DISAGREE, invalidInstances: [], contradictedInstances: Array.from({ length: 17 }, (_, k) => `i${k}`) })
    expect(() => codec.decode(tooMany)).toThrow(MalformedMessageError)
  })

  test('an agreement carries the payload positions a recomputation confirmed; anything else none', () => {
    const codec = MESSAGE_CODECS.verdict
    const agree = { unitId: 'u', outcome: 'agree' as const, validInstances: ['a', 'b'], invalidInstances: [], canonicalDigest: new Uint8Array(32), reason: 'DIGESTS_EQUAL', recomputed: 2, confirmedPixels: [0, 7] }
    expect(codec.decode(codec.encode(agree))).toEqual(agree)
    const wire = { ...agree, contradictedInstances: [], retryAfterS: 0, validInstances: [], outcome: verify.Verdict.Outcome.DISAGREE }
    expect(() => codec.decode(verify.Verdict.encode(wire))).toThrow(InvalidFieldError)
    expect(() => codec.decode(verify.Verdict.encode({ ...wire, outcome: verify.Verdict.Outcome.AGREE, validInstances: ['a'], confirmedPixels: Array.from({ length: 17 }, (_, k) => k) }))).toThrow(MalformedMessageError)
  })

  test('repeated fields are bounded while decoding', () => {
    const many = pin.PinRequest.encode({ cids: Array.from({ length: 257 }, () => 'bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am'), record: new Uint8Array(0) })
    expect(() => MESSAGE_CODECS['pin-request'].decode(many)).toThrow(MalformedMessageError)
  })
})

/** Plain data for comparison: bytes as hex, CIDs and multiaddrs as strings. */
function normalize (value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (Array.isArray(value)) return value.map(normalize)
  if (value !== null && typeof value === 'object') {
    const name = value.constructor?.name
    if (name === 'CID' || name === 'Multiaddr' || name === '_CID') return String(value)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]))
  }
  return value
}
