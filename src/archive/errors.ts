import { PogsError } from '../util/errors.js'

export type ArchiveErrorCode = 'ERR_NOT_ARCHIVE' | 'ERR_ARCHIVE_INPUT' | 'ERR_ARCHIVE_WRITE' | 'ERR_ARCHIVE_RESUME' | 'ERR_UNKNOWN_PARAMETER' | 'ERR_UNKNOWN_VALUE' | 'ERR_OUTSIDE_IMAGE'

/** An archive that cannot be written from its input, or read as a pogs galaxy archive. */
export class ArchiveError extends PogsError {
  constructor (code: ArchiveErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
