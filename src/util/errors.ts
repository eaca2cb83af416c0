import type { ErrorCode } from './error-codes.js'

/**
 * Base class of every error pogs throws on purpose. `code` is stable (one of ERROR_CODES, error-codes.ts) and is
 * what callers and tests branch on; the message is for people.
 */
export class PogsError extends Error {
  readonly code: ErrorCode

  constructor (code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** A command line that cannot be carried out as given (missing or malformed flag). */
export class UsageError extends PogsError {
  constructor (message: string) {
    super('ERR_USAGE', message)
  }
}

/**
 * A pogs older than its project accepts (the manifest's min_app_version): a volunteer, verifier or mirror stops
 * working on the project, and the coordinator refuses the old version's work requests and results with this code.
 */
export class VersionTooOldError extends PogsError {
  constructor (readonly version: string, readonly minimum: string, whose = 'this pogs') {
    super('ERR_VERSION_TOO_OLD', `${whose} is version ${version}, older than ${minimum}, the lowest version the project accepts: upgrade pogs`)
  }
}
