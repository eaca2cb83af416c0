/** FITS images: reading (every BITPIX, BSCALE/BZERO/BLANK, gzip) and writing; the celestial WCS of image layers. */
export { parseFits, readFits } from './read.js'
export { formatFits, formatImageData, formatImageHeader, imageDataBytes, writeFits, type ImageToWrite } from './write.js'
export { keyword, BITPIX_VALUES, type Bitpix, type FitsImage } from './image.js'
export { BLOCK, CARD, formatCard, formatHeader, parseCard, parseHeader, type Card, type CardValue } from './header.js'
export { celestialWcs, headerWcs, WCS_KEYWORDS, type CelestialWcs } from './wcs.js'
export { FitsError } from './errors.js'
