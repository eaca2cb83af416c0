import { randomBytes } from 'node:crypto'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { describe, expect, test } from 'vitest'
import { Envelope } from '../../../protocols/envelope.js'
import { openEnvelope, sealEnvelope, signingBytes } from '../../../src/net/envelope.js'
import { InvalidFieldError, InvalidKeyError, InvalidSignatureError, MalformedMessageError, UnsupportedVersionError, WrongDomainError } from '../../../src/net/errors.js'

ed.hashes.sha512 = sha512

const payload = new TextEncoder().encode('a result')

/** Re-encodes an envelope with some fields replaced (the signature is kept unless replaced). */
function tamper (bytes: Uint8Array, change: Partial<Envelope>): Uint8Array {
  return Envelope.encode({ ...Envelope.decode(bytes), ...change } as Envelope)
}

describe('signed envelopes', () => {
  test('seal and open round trip, signer derived from the key', async () => {
    const key = await generateKeyPair('Ed25519')
    const sealed = await sealEnvelope(key, { kind: 'result', payload })
    const opened = await openEnvelope(sealed, 'result')
    expect(opened.kind).toBe('result')
    expect(Buffer.from(opened.payload).equals(payload)).toBe(true)
    expect(opened.publicKey).toEqual(key.publicKey.raw)
    expect(opened.signer.toString()).toBe((await import('@libp2p/peer-id')).peerIdFromPrivateKey(key).toString())
    expect(opened.id.length).toBe(16)
    expect(Math.abs(opened.timestampMs - Date.now())).toBeLessThan(5_000)
  })

  test('@noble/ed25519 verifies our signatures, and we open envelopes it signed', async () => {
    const key = await generateKeyPair('Ed25519')
    const sealed = Envelope.decode(await sealEnvelope(key, { kind: 'verdict', payload }))
    const msg = signingBytes(sealed.domain, sealed.id, sealed.timestampMs, sealed.inReplyTo, sealed.payload)
    expect(ed.verify(sealed.signature, msg, key.publicKey.raw)).toBe(true)

    const secret = ed.utils.randomSecretKey()
    const publicKey = ed.getPublicKey(secret)
    const id = randomBytes(16)
    const now = Date.now()
    const signature = ed.sign(signingBytes('pogs/pin-receipt/v1', id, now, new Uint8Array(0), payload), secret)
    const nobleEnvelope = Envelope.encode({ domain: 'pogs/pin-receipt/v1', publicKey, id, timestampMs: now, inReplyTo: new Uint8Array(0), payload, signature } as Envelope)
    const opened = await openEnvelope(nobleEnvelope, 'pin-receipt')
    expect(opened.publicKey).toEqual(publicKey)
  })

  test('a changed payload, id, timestamp or domain breaks the signature', async () => {
    const key = await generateKeyPair('Ed25519')
    const sealed = await sealEnvelope(key, { kind: 'result', payload })
    await expect(openEnvelope(tamper(sealed, { payload: new TextEncoder().encode('another result') as Uint8Array<ArrayBuffer> }), 'result')).rejects.toBeInstanceOf(InvalidSignatureError)
    await expect(openEnvelope(tamper(sealed, { id: randomBytes(16) as Uint8Array<ArrayBuffer> }), 'result')).rejects.toBeInstanceOf(InvalidSignatureError)
    await expect(openEnvelope(tamper(sealed, { timestampMs: Date.now() + 1 }), 'result')).rejects.toBeInstanceOf(InvalidSignatureError)
    // Re-labelled as a verdict: the domain check passes, the signature (made for pogs/result/v1) does not.
    await expect(openEnvelope(tamper(sealed, { domain: 'pogs/verdict/v1' }), 'verdict')).rejects.toBeInstanceOf(InvalidSignatureError)
  })

  test('another key claiming the signature is rejected', async () => {
    const key = await generateKeyPair('Ed25519')
    const other = await generateKeyPair('Ed25519')
    const sealed = await sealEnvelope(key, { kind: 'result', payload })
    await expect(openEnvelope(tamper(sealed, { publicKey: other.publicKey.raw as Uint8Array<ArrayBuffer> }), 'result')).rejects.toBeInstanceOf(InvalidSignatureError)
  })

  test('wrong domain, unknown version, bad lengths and garbage each get their typed error', async () => {
    const key = await generateKeyPair('Ed25519')
    const sealed = await sealEnvelope(key, { kind: 'result', payload })
    await expect(openEnvelope(sealed, 'verdict')).rejects.toBeInstanceOf(WrongDomainError)
    await expect(openEnvelope(tamper(sealed, { domain: 'other/result/v1' }), 'result')).rejects.toBeInstanceOf(WrongDomainError)
    // A correctly signed v2 envelope: refused for its version, not its signature.
    const v2 = Envelope.decode(sealed)
    v2.domain = 'pogs/result/v2'
    v2.signature = await key.sign(signingBytes(v2.domain, v2.id, v2.timestampMs, v2.inReplyTo, v2.payload)) as Uint8Array<ArrayBuffer>
    await expect(openEnvelope(Envelope.encode(v2), 'result')).rejects.toBeInstanceOf(UnsupportedVersionError)
    await expect(openEnvelope(tamper(sealed, { publicKey: randomBytes(33) as Uint8Array<ArrayBuffer> }), 'result')).rejects.toBeInstanceOf(InvalidKeyError)
    await expect(openEnvelope(tamper(sealed, { signature: randomBytes(63) as Uint8Array<ArrayBuffer> }), 'result')).rejects.toBeInstanceOf(InvalidKeyError)
    await expect(openEnvelope(tamper(sealed, { id: randomBytes(8) as Uint8Array<ArrayBuffer> }), 'result')).rejects.toBeInstanceOf(InvalidFieldError)
    await expect(openEnvelope(new Uint8Array([0xff, 0xff, 0xff]), 'result')).rejects.toBeInstanceOf(MalformedMessageError)
  })

  test('only ed25519 keys sign', async () => {
    const key = await generateKeyPair('secp256k1')
    await expect(sealEnvelope(key, { kind: 'result', payload })).rejects.toBeInstanceOf(InvalidKeyError)
  })
})
