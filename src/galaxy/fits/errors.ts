import { PogsError } from '../../util/errors.js'

/** A file that is not FITS, or a FITS file this reader cannot use (truncated, malformed header, bad sizes). */
export class FitsError extends PogsError {
  constructor (code: 'ERR_NOT_FITS' | 'ERR_FITS_TRUNCATED' | 'ERR_FITS_HEADER' | 'ERR_FITS_UNSUPPORTED', message: string) {
    super(code, message)
  }
}
