// Typed errors of work payloads: what a volunteer, verifier or coordinator throws when content it fetched by CID
// is not what it should be. Codes are stable; handlers branch on them.
import { PogsError } from '../util/errors.js'

/** A work-unit payload that does not decode, or decodes to something no fit can use. */
export class BadUnitError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) {
    super('ERR_BAD_UNIT', message, options)
  }
}

/** A unit result that does not decode or is malformed inside (a pixel fit that does not decode, a bad digest). */
export class BadResultError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) {
    super('ERR_BAD_RESULT', message, options)
  }
}

/** A well-formed result that does not answer its unit (another unit id, missing, extra or moved pixels). */
export class ResultMismatchError extends PogsError {
  constructor (message: string) {
    super('ERR_RESULT_MISMATCH', message)
  }
}
