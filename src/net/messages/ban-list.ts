// The project's ban list (protocols/ban-list.md): the keys its coordinator banned, as content the signed manifest
// names by CID. Decoding checks what a verifier relies on: the list is the project's, and every entry is a key.
import * as wire from '../../../protocols/ban-list.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { decodeWith, parsePeerId } from './fields.js'

/** Raw Ed25519 public keys are this long. */
const KEY_BYTES = 32

/** A project's banned keys. */
export interface BanList {
  project: string
  keys: Uint8Array[]
  issuedMs: number
}

export function encodeBanList (b: BanList): Uint8Array {
  return wire.BanList.encode({ project: b.project, keys: b.keys as Array<Uint8Array<ArrayBuffer>>, issuedMs: b.issuedMs })
}

export function decodeBanList (bytes: Uint8Array): BanList {
  const k = 'BanList'
  const w = decodeWith(k, wire.BanList.decode, bytes)
  if (w.issuedMs === 0) throw new MissingFieldError(k, 'issuedMs')
  for (const key of w.keys) if (key.length !== KEY_BYTES) throw new InvalidFieldError(k, 'keys', `a key has ${key.length} bytes, not ${KEY_BYTES}`)
  return { project: parsePeerId(k, 'project', w.project), keys: w.keys, issuedMs: w.issuedMs }
}
