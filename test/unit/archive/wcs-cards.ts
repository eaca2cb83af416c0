// A celestial WCS as a galaxy input's layers carry it, for the archive and export tests.
import type { Card, ImageToWrite } from '../../../src/galaxy/fits/index.js'
import { skyCards } from '../../../src/galaxy/synth/synthesize.js'

const c = (keyword: string, value: Card['value'], comment = ''): Card => ({ keyword, value, comment })

/** A rotated TAN projection with a CD matrix, in the order src/galaxy/fits/wcs.ts keeps the cards. */
export const TEST_WCS: Card[] = [
  c('CTYPE1', 'RA---TAN'), c('CTYPE2', 'DEC--TAN'), c('CUNIT1', 'deg'), c('CUNIT2', 'deg'), c('CRPIX1', 5.5), c('CRPIX2', 4.25),
  c('CRVAL1', 12.5), c('CRVAL2', -30.25), c('CD1_1', -1.0e-4, 'deg/pixel'), c('CD1_2', 2.5e-5), c('CD2_1', 2.5e-5), c('CD2_2', 1.0e-4),
  c('RADESYS', 'ICRS'), c('EQUINOX', 2000)
]

/** The layers with synth's own sky grid replaced by `wcs` (the primary HDU, which holds no image, is left as it is). */
export function withWcs<T extends ImageToWrite> (images: T[], wcs: Card[]): T[] {
  const sky = new Set(skyCards({ ra: 0, dec: 0 }, 1).map((card) => card.keyword))
  return images.map((img, k) => k === 0 ? img : { ...img, cards: [...(img.cards ?? []).filter((card) => !sky.has(card.keyword)), ...wcs] })
}
