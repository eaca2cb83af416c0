import { randomBytes } from '../util/random-bytes.js'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { Envelope } from '../../protocols/envelope.js'
import { signEd25519, verifyEd25519 } from '../platform/ed25519.js'
import { wireBytes } from './messages/fields.js'
import { InvalidFieldError, InvalidKeyError, InvalidSignatureError, MalformedMessageError, UnsupportedVersionError, WrongDomainError } from './errors.js'

/** Every kind of signed message and record pogs knows; the domain of each is `pogs/<kind>/v1`. */
export const MESSAGE_KINDS = [
  'work-request', 'work-assignment', 'result', 'result-ack', 'result-batch', 'result-batch-ack', 'verify-request', 'verdict',
  'pin-request', 'pin-receipt', 'manifest', 'archive-record', 'stats-export', 'catalogue', 'submit-request', 'submit-progress', 'submit-receipt', 'error'
] as const

/** One kind of signed message. */
export type MessageKind = typeof MESSAGE_KINDS[number]

/** The one version of every kind this code speaks. */
export const ENVELOPE_VERSION = 1

/** Length of an envelope id in bytes (random: collisions are negligible at 2^-64 after 2^32 messages). */
export const ENVELOPE_ID_BYTES = 16
const ED25519_PUBLIC_KEY_BYTES = 32
const ED25519_SIGNATURE_BYTES = 64
const DOMAIN_PATTERN = /^pogs\/([a-z][a-z0-9-]{0,40})\/v([0-9]{1,6})$/

/** The signing domain of a message kind, e.g. `pogs/result/v1`. */
export function domainOf (kind: MessageKind): string {
  return `pogs/${kind}/v${ENVELOPE_VERSION}`
}

/** What to seal: the payload (a protobuf message) and what it is. */
export interface SealInit {
  kind: MessageKind
  payload: Uint8Array
  /** The id of the request this message answers. */
  inReplyTo?: Uint8Array
  /** Defaults to 16 fresh random bytes. */
  id?: Uint8Array
  /** Defaults to now. */
  timestampMs?: number
}

/** An envelope whose signature verified. */
export interface OpenedEnvelope {
  kind: MessageKind
  /** The signer's raw 32-byte ed25519 public key. */
  publicKey: Uint8Array
  signer: PeerId
  id: Uint8Array
  timestampMs: number
  inReplyTo: Uint8Array
  payload: Uint8Array
  /** The envelope as received, for forwarding byte for byte (e.g. a result inside a verification request). */
  bytes: Uint8Array
}

/**
 * The bytes a signature covers: each field length-prefixed (4-byte big-endian) so no two different envelopes
 * share signing bytes, the domain first so a signature never validates for another kind or version.
 */
export function signingBytes (domain: string, id: Uint8Array, timestampMs: number, inReplyTo: Uint8Array, payload: Uint8Array): Uint8Array {
  const domainBytes = new TextEncoder().encode(domain)
  const parts = [domainBytes, id, inReplyTo, payload]
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0) + 8)
  const view = new DataView(out.buffer)
  let offset = 0
  const put = (p: Uint8Array): void => {
    view.setUint32(offset, p.length)
    out.set(p, offset + 4)
    offset += 4 + p.length
  }
  put(domainBytes)
  put(id)
  view.setBigUint64(offset, BigInt(timestampMs))
  offset += 8
  put(inReplyTo)
  put(payload)
  return out
}

/** Signs a payload with the identity key and returns the encoded envelope. */
export async function sealEnvelope (key: PrivateKey, init: SealInit): Promise<Uint8Array> {
  if (key.type !== 'Ed25519') throw new InvalidKeyError(`pogs signs with Ed25519 keys, not ${key.type}`)
  const domain = domainOf(init.kind)
  const id = init.id ?? randomBytes(ENVELOPE_ID_BYTES)
  const timestampMs = init.timestampMs ?? Date.now()
  const inReplyTo = init.inReplyTo ?? new Uint8Array(0)
  const signature = signEd25519(key, signingBytes(domain, id, timestampMs, inReplyTo, init.payload))
  return Envelope.encode({
    domain,
    publicKey: wireBytes(key.publicKey.raw),
    id: wireBytes(id),
    timestampMs,
    inReplyTo: wireBytes(inReplyTo),
    payload: wireBytes(init.payload),
    signature: wireBytes(signature)
  })
}

/**
 * Opens an envelope: decodes it, checks that its domain is one of `expected` in a version we speak, checks key and
 * signature lengths, and verifies the signature. Throws a typed error for each failure; returns only verified
 * envelopes. Freshness and replay are the caller's (see ReplayGuard), since stored records are legitimately old.
 */
export async function openEnvelope (bytes: Uint8Array, expected: MessageKind | readonly MessageKind[]): Promise<OpenedEnvelope> {
  let env: Envelope
  try {
    env = Envelope.decode(bytes)
  } catch (err) {
    throw new MalformedMessageError('envelope does not decode', { cause: err })
  }
  const kind = checkDomain(env.domain, typeof expected === 'string' ? [expected] : expected)
  if (env.publicKey.length !== ED25519_PUBLIC_KEY_BYTES) throw new InvalidKeyError(`public key has ${env.publicKey.length} bytes, not ${ED25519_PUBLIC_KEY_BYTES}`)
  if (env.signature.length !== ED25519_SIGNATURE_BYTES) throw new InvalidKeyError(`signature has ${env.signature.length} bytes, not ${ED25519_SIGNATURE_BYTES}`)
  if (env.id.length !== ENVELOPE_ID_BYTES) throw new InvalidFieldError('envelope', 'id', `must be ${ENVELOPE_ID_BYTES} bytes`)
  if (env.inReplyTo.length !== 0 && env.inReplyTo.length !== ENVELOPE_ID_BYTES) throw new InvalidFieldError('envelope', 'inReplyTo', `must be empty or ${ENVELOPE_ID_BYTES} bytes`)
  let publicKey
  try {
    publicKey = publicKeyFromRaw(env.publicKey)
  } catch (err) {
    throw new InvalidKeyError(`public key is not a valid ed25519 key: ${(err as Error).message}`)
  }
  if (!verifyEd25519(env.publicKey, signingBytes(env.domain, env.id, env.timestampMs, env.inReplyTo, env.payload), env.signature)) throw new InvalidSignatureError()
  return {
    kind,
    publicKey: env.publicKey,
    signer: peerIdFromPublicKey(publicKey),
    id: env.id,
    timestampMs: env.timestampMs,
    inReplyTo: env.inReplyTo,
    payload: env.payload,
    bytes
  }
}

function checkDomain (domain: string, expected: readonly MessageKind[]): MessageKind {
  const match = DOMAIN_PATTERN.exec(domain)
  const kind = match?.[1] as MessageKind | undefined
  if (match === null || kind === undefined || !expected.includes(kind)) throw new WrongDomainError(expected.map(domainOf).join(' or '), domain)
  if (Number(match[2]) !== ENVELOPE_VERSION) throw new UnsupportedVersionError(`${kind} version ${match[2]} is not supported (this peer speaks v${ENVELOPE_VERSION})`)
  return kind
}
