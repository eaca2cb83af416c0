/**
 * Base class of every error pogs throws on purpose. `code` is stable and is what callers and tests branch on;
 * the message is for people.
 */
export class PogsError extends Error {
  readonly code: string

  constructor (code: string, message: string, options?: { cause?: unknown }) {
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
