import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { beforeAll, describe, expect, it } from 'vitest'
import { sealEnvelope } from '../../../src/net/envelope.js'
import { ContentTooLargeError } from '../../../src/net/errors.js'
import { MESSAGE_CODECS, type ResultSubmission } from '../../../src/net/messages/index.js'
import { digestOf, encodeUnitResult } from '../../../src/work/unit-result.js'
import { checkReplica, dedupeReplicas, type CheckedReplica, type ReplicaCheckComponents } from '../../../src/verifier/replica-check.js'
import { fakeResult, mutate, plainUnit } from '../work/helpers.js'

// checkReplica on its own, with results inline or served from an in-memory map by CID.
const unit = plainUnit('g1-u7', 3)
const honest = encodeUnitResult(fakeResult(unit, 1))
const noncanonical = Uint8Array.from([...honest, 0x78, 0x01])
const contents = new Map<string, Uint8Array>()
let key: PrivateKey

beforeAll(async () => { key = await generateKeyPair('Ed25519') })

async function cidOf (bytes: Uint8Array): Promise<CID> {
  const cid = CID.createV1(raw.code, await sha256.digest(bytes))
  contents.set(cid.toString(), bytes)
  return cid
}

const components = (maxResultBytes = 1_000_000): ReplicaCheckComponents => ({
  unit,
  maxResultBytes,
  signal: AbortSignal.timeout(10_000),
  fetchResult: async (cid, max) => {
    const bytes = contents.get(cid.toString())
    if (bytes === undefined) throw new Error('not held')
    if (bytes.length > max) throw new ContentTooLargeError(cid.toString(), max)
    return bytes
  }
})

async function envelope (change: Partial<ResultSubmission> = {}, signer = key): Promise<Uint8Array> {
  const submission: ResultSubmission = {
    unitId: 'g1-u7', instanceId: 'g1-u7-i1', nonce: randomBytes(16), result: honest, digest: digestOf(honest),
    cpuMs: 10, errorCode: 0, volunteerName: 'ann', team: '', appVersion: '0.1.0', coreVersion: 1, ...change
  }
  return await sealEnvelope(signer, { kind: 'result', payload: MESSAGE_CODECS.result.encode(submission) })
}

describe('checkReplica', () => {
  it('accepts a signed, well-formed result inline or by CID, with its signer and digest', async () => {
    const inline = await checkReplica(await envelope(), components())
    expect(inline).toMatchObject({ ok: true, instanceId: 'g1-u7-i1', signer: peerIdFromPrivateKey(key).toString() })
    const byCid = await checkReplica(await envelope({ result: undefined, resultCid: await cidOf(honest) }), components())
    expect(byCid.ok).toBe(true)
    if (byCid.ok) expect(Buffer.from(byCid.digest).equals(Buffer.from(digestOf(honest)))).toBe(true)
  })

  it.each<[string, Partial<ResultSubmission>, string]>([
    ['an error report', { result: undefined, digest: new Uint8Array(0), errorCode: 3 }, 'ERROR_REPORTED'],
    ['content that does not hash to the digest', { digest: digestOf(Uint8Array.from([1])) }, 'DIGEST_MISMATCH'],
    ['content that is not a result', { result: Uint8Array.from([1, 2, 3]), digest: digestOf(Uint8Array.from([1, 2, 3])) }, 'BAD_RESULT'],
    // An unknown protobuf field (15, varint 1): it decodes to the same result, in bytes that are not canonical.
    ['a result not in canonical encoding', { result: noncanonical, digest: digestOf(noncanonical) }, 'BAD_RESULT']
  ])('refuses %s as %s, naming the instance', async (_, change, reason) => {
    expect(await checkReplica(await envelope(change), components())).toEqual({ ok: false, instanceId: 'g1-u7-i1', reason, detail: expect.any(String) })
  })

  it('refuses a result for another unit payload as RESULT_MISMATCH', async () => {
    const other = encodeUnitResult(fakeResult(plainUnit('g1-u7', 2)))
    expect(await checkReplica(await envelope({ result: other, digest: digestOf(other) }), components())).toMatchObject({ ok: false, instanceId: 'g1-u7-i1', reason: 'RESULT_MISMATCH' })
  })

  it('refuses content larger than a result of the unit can be, inline or by CID', async () => {
    expect(await checkReplica(await envelope(), components(100))).toMatchObject({ ok: false, reason: 'RESULT_TOO_LARGE' })
    const byCid = await envelope({ result: undefined, resultCid: await cidOf(honest) })
    expect(await checkReplica(byCid, components(100))).toMatchObject({ ok: false, instanceId: 'g1-u7-i1', reason: 'RESULT_TOO_LARGE' })
  })

  it('fails (rather than judging) when content cannot be fetched: the coordinator asks again', async () => {
    const missing = CID.createV1(raw.code, await sha256.digest(randomBytes(8)))
    await expect(checkReplica(await envelope({ result: undefined, resultCid: missing }), components())).rejects.toThrow('not held')
  })

  it('does not name an instance of another unit', async () => {
    expect(await checkReplica(await envelope({ unitId: 'g1-u8' }), components())).toEqual({ ok: false, reason: 'WRONG_UNIT', detail: expect.any(String) })
  })

  it('names the instance an envelope claims when its signature no longer verifies', async () => {
    const forged = Uint8Array.from(await envelope())
    forged[forged.length - 1] ^= 0x80
    expect(await checkReplica(forged, components())).toMatchObject({ ok: false, instanceId: 'g1-u7-i1', reason: 'BAD_SIGNATURE', detail: 'ERR_INVALID_SIGNATURE' })
    const otherKind = await sealEnvelope(key, { kind: 'verdict', payload: new Uint8Array(0) })
    expect(await checkReplica(otherKind, components())).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE', detail: 'ERR_WRONG_DOMAIN' })
  })

  it('judges random and mutated envelopes without throwing', async () => {
    const valid = await envelope()
    let accepted = 0
    for (let i = 0; i < 300; i++) {
      const input = i % 2 === 0 ? randomBytes(Math.floor(Math.random() * 300)) : mutate(valid)
      const r = await checkReplica(input, components())
      if (r.ok) accepted++
    }
    // Only mutations protobuf ignores (trailing bytes) leave a replica that opens.
    expect(accepted).toBeLessThan(150)
  })
})

describe('dedupeReplicas', () => {
  const good = (instanceId: string, signer: string): CheckedReplica => ({ ok: true, instanceId, signer, digest: new Uint8Array(32), coreVersion: 1, result: fakeResult(unit) })

  it('keeps one replica per instance and one per volunteer key', () => {
    const out = dedupeReplicas([
      good('i1', 'ann'),
      good('i1', 'ann'),
      good('i2', 'ann'),
      { ok: false, instanceId: 'i3', reason: 'DIGEST_MISMATCH', detail: '' },
      good('i3', 'bob'),
      good('i4', 'bob')
    ])
    expect(out.map((r) => r.ok ? `${r.instanceId}:ok` : `${r.instanceId ?? '-'}:${r.reason}`)).toEqual([
      'i1:ok', '-:DUPLICATE_INSTANCE', 'i2:DUPLICATE_VOLUNTEER', 'i3:DIGEST_MISMATCH', '-:DUPLICATE_INSTANCE', 'i4:ok'
    ])
  })
})
