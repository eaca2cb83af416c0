// Ed25519 in the browser: @noble/ed25519 (audited, no dependencies). Signatures are deterministic (RFC 8032), so
// a browser volunteer's signature of a message equals the Node volunteer's, byte for byte, for the same key.
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import type { PrivateKey } from '@libp2p/interface'

ed.hashes.sha512 = sha512

/** Whether `signature` is `publicKey`'s (raw, 32 bytes) Ed25519 signature of `data`; false for malformed input. */
export function verifyEd25519 (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed.verify(signature, data, publicKey)
  } catch {
    return false
  }
}

/** Signs `data` with an Ed25519 identity key (its raw form: 32-byte seed then 32-byte public key). */
export function signEd25519 (key: PrivateKey, data: Uint8Array): Uint8Array {
  return ed.sign(data, key.raw.subarray(0, 32))
}
