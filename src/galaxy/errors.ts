import { PogsError } from '../util/errors.js'

/** A galaxy FITS file that cannot be used as input (layers of different sizes, unknown band, no redshift...). */
export class GalaxyInputError extends PogsError {
  constructor (code: 'ERR_LAYER_SIZE' | 'ERR_UNKNOWN_FILTER' | 'ERR_NO_REDSHIFT' | 'ERR_NO_LAYERS' | 'ERR_DUPLICATE_LAYER' | 'ERR_BAD_COORDINATE' | 'ERR_BAD_RECIPE' | 'ERR_NOTHING_TO_FIT', message: string) {
    super(code, message)
  }
}
