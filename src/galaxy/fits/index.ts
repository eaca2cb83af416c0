/** FITS images: reading (every BITPIX, BSCALE/BZERO/BLANK, gzip) and writing. */
export { parseFits, readFits } from './read.js'
export { formatFits, writeFits, type ImageToWrite } from './write.js'
export { keyword, BITPIX_VALUES, type Bitpix, type FitsImage } from './image.js'
export { formatHeader, parseHeader, type Card, type CardValue } from './header.js'
export { FitsError } from './errors.js'
