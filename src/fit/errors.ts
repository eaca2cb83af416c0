import { PogsError } from '../util/errors.js'

/** A line of an input file (filters, observations, library) that cannot be read. Names the file and line. */
export class MalformedInputError extends PogsError {
  readonly file: string
  readonly line: number

  constructor (file: string, line: number, message: string) {
    super('ERR_MALFORMED_INPUT', `${file}:${line}: ${message}`)
    this.file = file
    this.line = line
  }
}

/** No library pair exists within |dz| <= 0.005 of a pixel's redshift. */
export class RedshiftOutOfRangeError extends PogsError {
  constructor (redshift: number, available: readonly number[]) {
    super('ERR_REDSHIFT_OUT_OF_RANGE', `no model library within 0.005 of z = ${redshift} ` +
      `(libraries at ${available.length === 0 ? 'none' : available.map((z) => z.toFixed(4)).join(', ')})`)
  }
}

/** A libraries directory holds no library for a wanted redshift, or only one half of a pair. */
export class LibraryNotFoundError extends PogsError {
  constructor (message: string) {
    super('ERR_LIBRARY_NOT_FOUND', message)
  }
}

/** A library does not fit the filter set (too few magnitude columns for the bands at this redshift). */
export class LibraryMismatchError extends PogsError {
  constructor (message: string) {
    super('ERR_LIBRARY_MISMATCH', message)
  }
}

/** A binary-encoded result that is not a valid encoding (truncated, wrong version, bad lengths). */
export class ResultDecodeError extends PogsError {
  constructor (message: string) {
    super('ERR_RESULT_DECODE', message)
  }
}
