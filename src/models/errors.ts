import { PogsError } from '../util/errors.js'

/** A filters.dat row whose curve is found neither by its filter id nor by its name. */
export class UnknownFilterError extends PogsError {
  readonly filter: string

  constructor (filter: string, id: number, looked: string) {
    super('ERR_UNKNOWN_FILTER', `no transmission curve for filter ${JSON.stringify(filter)} (id ${id}); looked in ${looked}`)
    this.filter = filter
  }
}

/** A filter whose redshifted curve reaches beyond the wavelengths the model spectra cover. */
export class FilterOutOfRangeError extends PogsError {
  readonly filter: string

  constructor (filter: string, message: string) {
    super('ERR_FILTER_OUT_OF_RANGE', `filter ${JSON.stringify(filter)}: ${message}`)
    this.filter = filter
  }
}

/** A GALEXEV `.ised` binary that ends early or whose Fortran record markers do not agree. */
export class IsedFormatError extends PogsError {
  readonly file: string

  constructor (file: string, message: string) {
    super('ERR_ISED_FORMAT', `${file}: ${message}`)
    this.file = file
  }
}

/** A model input file (SSP table, filter curve, dust model) that cannot be read as its format says. */
export class ModelDataError extends PogsError {
  readonly file: string

  constructor (file: string, message: string) {
    super('ERR_MODEL_DATA', `${file}: ${message}`)
    this.file = file
  }
}

/** A redshift grid or model count that cannot be built (`--redshifts`, `--optical`, `--infrared`). */
export class ModelBuildInputError extends PogsError {
  constructor (message: string) {
    super('ERR_MODEL_BUILD_INPUT', message)
  }
}
