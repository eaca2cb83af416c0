import { CID } from 'multiformats/cid'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { isVersion } from '../../util/app-version.js'
import { InvalidFieldError, MalformedMessageError, MissingFieldError } from '../errors.js'

// Field checks shared by the wire <-> domain conversions. proto3 has no presence for scalars: an empty string or
// empty bytes is how a missing required field arrives.

/** Decodes with a protons decoder, turning any failure into MalformedMessageError. */
export function decodeWith<T> (kind: string, decode: (b: Uint8Array) => T, bytes: Uint8Array): T {
  try {
    return decode(bytes)
  } catch (err) {
    throw new MalformedMessageError(`${kind} does not decode`, { cause: err })
  }
}

/** A required, non-empty string. */
export function requiredString (kind: string, field: string, value: string, maxLength = 256): string {
  if (value === '') throw new MissingFieldError(kind, field)
  if (value.length > maxLength) throw new InvalidFieldError(kind, field, `is longer than ${maxLength} characters`)
  return value
}

/** A required pogs version: a semantic version (semver.org) of at most 64 characters. */
export function requiredVersion (kind: string, field: string, value: string): string {
  requiredString(kind, field, value, 64)
  if (!isVersion(value)) throw new InvalidFieldError(kind, field, 'is not a semantic version')
  return value
}

/** Largest fitting-core version a message may name: the core's version is raised once per change of its output,
 * so anything near this is nonsense. */
export const MAX_CORE_VERSION = 0xffff

/** Required bytes of an exact length. */
export function requiredBytes (kind: string, field: string, value: Uint8Array, length: number): Uint8Array {
  if (value.length === 0) throw new MissingFieldError(kind, field)
  if (value.length !== length) throw new InvalidFieldError(kind, field, `must be ${length} bytes, got ${value.length}`)
  return value
}

/** A CID string (any version); `field` names it in the error. */
export function parseCid (kind: string, field: string, value: string): CID {
  if (value === '') throw new MissingFieldError(kind, field)
  try {
    return CID.parse(value)
  } catch {
    throw new InvalidFieldError(kind, field, 'is not a CID')
  }
}

/** An optional CID: empty means absent. */
export function optionalCid (kind: string, field: string, value: string): CID | undefined {
  return value === '' ? undefined : parseCid(kind, field, value)
}

/** A peer id string, validated and returned in canonical form. */
export function parsePeerId (kind: string, field: string, value: string): string {
  if (value === '') throw new MissingFieldError(kind, field)
  try {
    return peerIdFromString(value).toString()
  } catch {
    throw new InvalidFieldError(kind, field, 'is not a peer id')
  }
}

/** A multiaddr string. */
export function parseMultiaddr (kind: string, field: string, value: string): Multiaddr {
  if (value === '') throw new MissingFieldError(kind, field)
  try {
    return multiaddr(value)
  } catch {
    throw new InvalidFieldError(kind, field, 'is not a multiaddr')
  }
}

/** Exactly one of inline bytes or a CID must be given (payloads travel inline or as content). */
export function inlineOrCid (kind: string, field: string, bytes: Uint8Array, cid: string): { inline?: Uint8Array, cid?: CID } {
  if (bytes.length > 0 && cid !== '') throw new InvalidFieldError(kind, field, 'is given both inline and as a CID')
  if (bytes.length > 0) return { inline: bytes }
  if (cid !== '') return { cid: parseCid(kind, `${field}Cid`, cid) }
  throw new MissingFieldError(kind, field)
}

/** A positive integer within a bound. */
export function positive (kind: string, field: string, value: number, max: number): number {
  if (value === 0) throw new MissingFieldError(kind, field)
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new InvalidFieldError(kind, field, `must be 1..${max}`)
  return value
}

/** protons types its byte fields as Uint8Array<ArrayBuffer>; its encoder only reads them, so any view serves. */
export function wireBytes (b: Uint8Array): Uint8Array<ArrayBuffer> {
  return b as Uint8Array<ArrayBuffer>
}
