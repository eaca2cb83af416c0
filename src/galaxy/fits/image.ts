import type { Card } from './header.js'

/** BITPIX values of FITS images: unsigned 8-bit, signed 16/32/64-bit integers, IEEE 32/64-bit floats. */
export type Bitpix = 8 | 16 | 32 | 64 | -32 | -64

export const BITPIX_VALUES: readonly Bitpix[] = [8, 16, 32, 64, -32, -64]

/**
 * One image HDU. `axes[0]` is NAXIS1 (x, fastest varying), so pixel (x, y) of a 2-D image is
 * `data[x + axes[0] * y]`. Values are physical (BZERO + BSCALE * stored; BLANK read as NaN).
 */
export interface FitsImage {
  /** Every card of the header, in order (structural keywords included). */
  cards: Card[]
  bitpix: Bitpix
  axes: number[]
  data: Float64Array
}

/** Looks a keyword up in a header (the first card wins). */
export function keyword (cards: readonly Card[], name: string): Card['value'] | undefined {
  const c = cards.find((k) => k.keyword === name)
  return c === undefined ? undefined : c.value
}
