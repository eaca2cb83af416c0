// Errors of the dashboard: each HTTP refusal is one class with its status and a code clients can branch on.
import type { ErrorCode } from '../util/error-codes.js'
import { PogsError } from '../util/errors.js'

/** A request the dashboard refuses; `status` is the HTTP status sent, `code` goes in the JSON body. */
export class HttpError extends PogsError {
  constructor (readonly status: number, code: ErrorCode, message: string) {
    super(code, message)
  }
}

/** No such route or resource (404). */
export class NotFoundError extends HttpError {
  constructor (what: string) {
    super(404, 'ERR_NOT_FOUND', `${what} not found`)
  }
}

/** The route exists but not with this method (405); `allow` lists the methods it takes. */
export class MethodNotAllowedError extends HttpError {
  constructor (readonly allow: string[]) {
    super(405, 'ERR_METHOD_NOT_ALLOWED', `method not allowed; allowed: ${allow.join(', ')}`)
  }
}

/** A malformed query parameter or path segment (400). */
export class BadRequestError extends HttpError {
  constructor (message: string) {
    super(400, 'ERR_BAD_REQUEST', message)
  }
}

/** More FITS exports at once than the dashboard streams (503). */
export class TooManyExportsError extends HttpError {
  constructor () {
    super(503, 'ERR_TOO_MANY_EXPORTS', 'too many FITS exports at once; try again later')
  }
}

/** More live-update clients than the server keeps (503). */
export class TooManyClientsError extends HttpError {
  constructor () {
    super(503, 'ERR_TOO_MANY_CLIENTS', 'too many live-update clients; try again later')
  }
}
