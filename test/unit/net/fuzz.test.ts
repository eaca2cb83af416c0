import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { expect, test } from 'vitest'
import { PogsError } from '../../../src/util/errors.js'
import { parseBootstrapList } from '../../../src/net/bootstrap.js'
import { MESSAGE_KINDS, openEnvelope, sealEnvelope } from '../../../src/net/envelope.js'
import { openManifest } from '../../../src/net/manifest-record.js'
import { MESSAGE_CODECS } from '../../../src/net/messages/index.js'
import { sampleMessages } from './fixtures.js'

// Every decoder facing peer bytes must either succeed or throw a PogsError: never a TypeError, RangeError or a
// hang. Deterministic seeds would be nicer, but node:crypto's randomness finds more; failures print the input.
const ITERATIONS = 1000

function mutate (bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes)
  const op = Math.floor(Math.random() * 4)
  if (op === 0 && out.length > 0) out[Math.floor(Math.random() * out.length)] ^= 1 << Math.floor(Math.random() * 8)
  if (op === 1) return out.subarray(0, Math.floor(Math.random() * out.length))
  if (op === 2) return Buffer.concat([out, randomBytes(1 + Math.floor(Math.random() * 8))])
  if (op === 3 && out.length > 0) out[Math.floor(Math.random() * out.length)] = Math.floor(Math.random() * 256)
  return out
}

async function expectTyped (what: string, input: Uint8Array, run: () => unknown): Promise<void> {
  try {
    await run()
  } catch (err) {
    if (!(err instanceof PogsError)) throw new Error(`${what} threw ${(err as Error).name} for ${Buffer.from(input).toString('hex')}`, { cause: err })
  }
}

test('every message decoder survives random and mutated bytes with typed errors only', async () => {
  const samples = await sampleMessages()
  for (const kind of MESSAGE_KINDS) {
    const codec = MESSAGE_CODECS[kind] as { encode: (m: unknown) => Uint8Array, decode: (b: Uint8Array) => unknown }
    const valid = codec.encode(samples[kind])
    for (let i = 0; i < ITERATIONS; i++) {
      const input = i % 2 === 0 ? randomBytes(Math.floor(Math.random() * 200)) : mutate(valid)
      await expectTyped(kind, input, () => codec.decode(input))
    }
  }
})

test('envelope and manifest openers survive random and mutated bytes; nothing mutated verifies', async () => {
  const key = await generateKeyPair('Ed25519')
  const samples = await sampleMessages()
  const valid = await sealEnvelope(key, { kind: 'result', payload: MESSAGE_CODECS.result.encode(samples.result) })
  let accepted = 0
  for (let i = 0; i < ITERATIONS; i++) {
    const input = i % 2 === 0 ? randomBytes(Math.floor(Math.random() * 300)) : mutate(valid)
    await expectTyped('openEnvelope', input, async () => {
      await openEnvelope(input, 'result')
      // Only inputs equal in signed content to the original may open (e.g. trailing bytes that protobuf skips).
      accepted++
    })
    await expectTyped('openManifest', input, async () => await openManifest(input))
  }
  expect(accepted).toBeLessThan(ITERATIONS)
})

test('bootstrap list parser survives random text', () => {
  for (let i = 0; i < ITERATIONS; i++) {
    const text = randomBytes(Math.floor(Math.random() * 80)).toString('latin1')
    try {
      parseBootstrapList(text)
    } catch (err) {
      expect(err).toBeInstanceOf(PogsError)
    }
  }
})
