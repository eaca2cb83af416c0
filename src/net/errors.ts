import { PogsError } from '../util/errors.js'

// One class per condition; `code` is what callers and tests branch on. Bad input from a remote peer raises one of
// these in the handler, which answers with an ErrorReply carrying the code (never the peer's own text) and counts
// against the peer's rate limit: we ignore it, we do not ban (a buggy volunteer should recover on its own).

/** A frame or message could not be decoded (truncated, garbage, wrong wire type, too many repeated elements). */
export class MalformedMessageError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) { super('ERR_MALFORMED_MESSAGE', message, options) }
}

/** A decoded message lacks a field the protocol requires. */
export class MissingFieldError extends PogsError {
  constructor (kind: string, field: string) { super('ERR_MISSING_FIELD', `${kind}: missing required field ${field}`) }
}

/** A field is present but out of range or malformed (bad CID, bad peer id, zero cores...). */
export class InvalidFieldError extends PogsError {
  constructor (kind: string, field: string, why: string) { super('ERR_INVALID_FIELD', `${kind}: ${field} ${why}`) }
}

/** A frame longer than the protocol allows. */
export class FrameTooLargeError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) { super('ERR_FRAME_TOO_LARGE', message, options) }
}

/** An envelope's signature does not verify against its public key. */
export class InvalidSignatureError extends PogsError {
  constructor () { super('ERR_INVALID_SIGNATURE', 'envelope signature does not verify') }
}

/** An envelope's public key is not a 32-byte ed25519 key, or its signature not 64 bytes. */
export class InvalidKeyError extends PogsError {
  constructor (message: string) { super('ERR_INVALID_KEY', message) }
}

/** An envelope signed for another kind of message than the one expected. */
export class WrongDomainError extends PogsError {
  constructor (expected: string, got: string) {
    super('ERR_WRONG_DOMAIN', `expected an envelope of domain ${expected}, got ${JSON.stringify(got.slice(0, 64))}`)
  }
}

/** A known message kind in a version this peer does not speak, or an unknown pogs protocol id. */
export class UnsupportedVersionError extends PogsError {
  constructor (message: string) { super('ERR_UNSUPPORTED_VERSION', message) }
}

/** A message id seen before, or a timestamp outside the accepted window. */
export class ReplayError extends PogsError {
  constructor (message: string) { super('ERR_REPLAY', message) }
}

/** A peer exceeded its request rate on a protocol. */
export class RateLimitedError extends PogsError {
  constructor (protocol: string, retryAfterMs: number) {
    super('ERR_RATE_LIMITED', `rate limit on ${protocol} exceeded; retry in ${Math.ceil(retryAfterMs)} ms`)
  }
}

/** The envelope's signer is not the peer on the other end of the connection (or not the expected signer). */
export class SignerMismatchError extends PogsError {
  constructor (message: string) { super('ERR_SIGNER_MISMATCH', message) }
}

/** A request got no answer in time. */
export class RequestTimeoutError extends PogsError {
  constructor (protocol: string, ms: number) { super('ERR_TIMEOUT', `${protocol}: no answer within ${ms} ms`) }
}

/** The remote peer refused a request; `remoteCode` is the code it reported: a string from outside, which
 * `isErrorCode` (util/error-codes.ts) recognises when it is one of ours. */
export class RemoteError extends PogsError {
  readonly remoteCode: string
  constructor (remoteCode: string, message: string) {
    super('ERR_REMOTE', `peer refused the request: ${remoteCode}: ${message.slice(0, 200)}`)
    this.remoteCode = remoteCode
  }
}

/** A manifest whose sequence number is not above the last accepted one for its project. */
export class StaleManifestError extends PogsError {
  constructor (sequence: number, accepted: number) {
    super('ERR_STALE_MANIFEST', `manifest sequence ${sequence} is not above the accepted ${accepted}`)
  }
}

/** No coordinator or manifest could be found for a project key. */
export class ProjectNotFoundError extends PogsError {
  constructor (project: string, why: string) { super('ERR_PROJECT_NOT_FOUND', `project ${project}: ${why}`) }
}

/** Content could not be fetched or pinned (not found in time, no holder reachable, aborted). */
export class ContentError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) { super('ERR_CONTENT', message, options) }
}

/** Content larger than the caller's bound: refused before more than the bound was read, and not kept. */
export class ContentTooLargeError extends PogsError {
  readonly maxBytes: number
  constructor (cid: string, maxBytes: number) {
    super('ERR_CONTENT_TOO_LARGE', `content ${cid} is larger than ${maxBytes} bytes`)
    this.maxBytes = maxBytes
  }
}

/** The identity key file exists but cannot be used. */
export class IdentityError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) { super('ERR_IDENTITY', message, options) }
}

/** A multiaddr, peer id or bootstrap list entry that does not parse. */
export class AddressError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) { super('ERR_ADDRESS', message, options) }
}

/** A peer asked for something only another peer may ask (e.g. a pin request not from the project coordinator). */
export class NotAuthorizedError extends PogsError {
  constructor (message: string) { super('ERR_NOT_AUTHORIZED', message) }
}
