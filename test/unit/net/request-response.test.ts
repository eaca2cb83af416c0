import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Envelope } from '../../../protocols/envelope.js'
import { openEnvelope, sealEnvelope, signingBytes } from '../../../src/net/envelope.js'
import { RemoteError, UnsupportedVersionError } from '../../../src/net/errors.js'
import { MESSAGE_CODECS, type ResultSubmission } from '../../../src/net/messages/index.js'
import type { PogsNode } from '../../../src/net/node.js'
import { PROTOCOLS } from '../../../src/net/protocols.js'
import { ProtocolServer, request, type Rejection } from '../../../src/net/request-response.js'
import { sampleMessages } from './fixtures.js'
import { TestNetwork } from './helpers.js'

let net: TestNetwork
let server: PogsNode
let client: PogsNode
const received: ResultSubmission[] = []
const rejections: Rejection[] = []
let sample: ResultSubmission

beforeAll(async () => {
  net = new TestNetwork()
  ;[server, client] = await net.addMany(2)
  sample = (await sampleMessages()).result
  const results = new ProtocolServer(server.libp2p, 'result', async (submission) => {
    received.push(submission)
    return { unitId: submission.unitId, instanceId: submission.instanceId, accepted: true, reason: '' }
  }, { privateKey: server.identity.privateKey, onRejected: (r) => rejections.push(r) })
  const pins = new ProtocolServer(server.libp2p, 'pin', async (req) => ({ cids: req.cids, bytes: 1, pinnedMs: Date.now() }), {
    privateKey: server.identity.privateKey, onRejected: (r) => rejections.push(r)
  })
  await results.start()
  await pins.start()
})
afterAll(async () => { await net.close() })

/** Sends one raw frame on a protocol and returns the error code the server answered with. */
async function rawFrame (protocol: string, frame: Uint8Array): Promise<string> {
  const stream = await client.libp2p.dialProtocol(server.addrs()[0], protocol)
  const lp = lpStream(stream, { maxDataLength: 8 * 1024 * 1024 })
  await lp.write(frame)
  const reply = await openEnvelope((await lp.read()).subarray(), ['error', 'result-ack', 'pin-receipt'])
  await stream.close()
  expect(reply.signer.equals(server.peerId)).toBe(true)
  return reply.kind === 'error' ? MESSAGE_CODECS.error.decode(reply.payload).code : 'OK'
}

async function sealedResult (key = client.identity.privateKey, change: Partial<ResultSubmission> = {}): Promise<Uint8Array> {
  return await sealEnvelope(key, { kind: 'result', payload: MESSAGE_CODECS.result.encode({ ...sample, ...change }) })
}

describe('request/response over libp2p', () => {
  test('a signed request gets a signed response that answers it', async () => {
    const before = received.length
    const { body, envelope } = await request(client.libp2p, server.addrs()[0], 'result', sample, { privateKey: client.identity.privateKey })
    expect(body).toEqual({ unitId: sample.unitId, instanceId: sample.instanceId, accepted: true, reason: '' })
    expect(envelope.signer.equals(server.peerId)).toBe(true)
    expect(received.length).toBe(before + 1)
    expect(Buffer.from(received.at(-1)?.nonce ?? []).equals(sample.nonce)).toBe(true)
  })

  test('bad input is rejected with its code and never reaches the handler', async () => {
    const before = received.length
    const forged = Envelope.decode(await sealedResult())
    forged.payload = MESSAGE_CODECS.result.encode({ ...sample, unitId: 'other' }) as Uint8Array<ArrayBuffer>
    expect(await rawFrame(PROTOCOLS.result.id, Envelope.encode(forged))).toBe('ERR_INVALID_SIGNATURE')

    const wrongDomain = await sealEnvelope(client.identity.privateKey, { kind: 'verdict', payload: MESSAGE_CODECS.result.encode(sample) })
    expect(await rawFrame(PROTOCOLS.result.id, wrongDomain)).toBe('ERR_WRONG_DOMAIN')

    const v2 = Envelope.decode(await sealedResult())
    v2.domain = 'pogs/result/v2'
    v2.signature = await client.identity.privateKey.sign(signingBytes(v2.domain, v2.id, v2.timestampMs, v2.inReplyTo, v2.payload)) as Uint8Array<ArrayBuffer>
    expect(await rawFrame(PROTOCOLS.result.id, Envelope.encode(v2))).toBe('ERR_UNSUPPORTED_VERSION')

    const once = await sealedResult()
    expect(await rawFrame(PROTOCOLS.result.id, once)).toBe('OK')
    expect(await rawFrame(PROTOCOLS.result.id, once)).toBe('ERR_REPLAY')
    const stale = await sealEnvelope(client.identity.privateKey, { kind: 'result', payload: MESSAGE_CODECS.result.encode(sample), timestampMs: Date.now() - 6 * 60_000 })
    expect(await rawFrame(PROTOCOLS.result.id, stale)).toBe('ERR_REPLAY')

    const stranger = await generateKeyPair('Ed25519')
    expect(await rawFrame(PROTOCOLS.result.id, await sealedResult(stranger))).toBe('ERR_SIGNER_MISMATCH')

    expect(await rawFrame(PROTOCOLS.result.id, randomBytes(500))).toBe('ERR_MALFORMED_MESSAGE')
    expect(await rawFrame(PROTOCOLS.result.id, await sealedResult(undefined, { digest: new Uint8Array(3) }))).toBe('ERR_INVALID_FIELD')
    expect(await rawFrame(PROTOCOLS.pin.id, randomBytes(64 * 1024 + 1))).toBe('ERR_FRAME_TOO_LARGE')
    expect(await rawFrame(PROTOCOLS.result.id, randomBytes(4 * 1024 * 1024 + 1))).toBe('ERR_FRAME_TOO_LARGE')
    // One valid request went through (the first `once`); nothing else did.
    expect(received.length).toBe(before + 1)
    expect(rejections.map((r) => r.code)).toContain('ERR_FRAME_TOO_LARGE')
  })

  test('an unknown protocol version is refused at negotiation', async () => {
    const err = await request(client.libp2p, server.addrs()[0], 'work', (await sampleMessages())['work-request'], { privateKey: client.identity.privateKey }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnsupportedVersionError)
    await expect(client.libp2p.dialProtocol(server.addrs()[0], '/pogs/result/2.0.0')).rejects.toThrow()
  })

  test('a peer over its rate limit gets ERR_RATE_LIMITED', async () => {
    const burst = PROTOCOLS.pin.rateLimit.burst
    const cids = (await sampleMessages())['pin-request'].cids
    const codes: string[] = []
    for (let i = 0; i < burst + 2; i++) {
      codes.push(await request(client.libp2p, server.addrs()[0], 'pin', { cids }, { privateKey: client.identity.privateKey })
        .then(() => 'OK', (e: unknown) => e instanceof RemoteError ? e.remoteCode : String(e)))
    }
    expect(codes.filter((c) => c === 'OK').length).toBeLessThanOrEqual(burst)
    expect(codes.at(-1)).toBe('ERR_RATE_LIMITED')
  })
})
