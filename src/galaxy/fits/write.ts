// A FITS writer for images: the first image becomes the primary HDU, the others IMAGE extensions. Floating
// images are written as IEEE values (NaN stays NaN); integer images write NaN as BLANK.
import { FitsError } from './errors.js'
import { BLOCK, formatHeader, type Card } from './header.js'
import type { Bitpix } from './image.js'
import { writeFileAtomically } from '../../util/atomic-write.js'

/** An image to write: extra header cards (not the structural ones), BITPIX, axes (NAXIS1 first) and values. */
export interface ImageToWrite {
  cards?: Card[]
  bitpix: Bitpix
  axes: number[]
  data: ArrayLike<number>
}

const STRUCTURAL = new Set(['SIMPLE', 'XTENSION', 'BITPIX', 'NAXIS', 'EXTEND', 'PCOUNT', 'GCOUNT', 'BLANK', 'BSCALE', 'BZERO', 'END'])
const INT_RANGE: Record<number, [number, number]> = { 8: [0, 255], 16: [-32768, 32767], 32: [-2147483648, 2147483647], 64: [-(2 ** 53), 2 ** 53] }

function encode (img: Pick<ImageToWrite, 'bitpix' | 'data'>, blank: number | undefined): Uint8Array {
  const n = img.data.length
  const out = new Uint8Array(imageDataBytes(img.bitpix, n))
  const view = new DataView(out.buffer)
  for (let k = 0; k < n; k++) {
    const v = img.data[k]
    if (img.bitpix < 0) {
      if (img.bitpix === -32) view.setFloat32(k * 4, v)
      else view.setFloat64(k * 8, v)
      continue
    }
    const [lo, hi] = INT_RANGE[img.bitpix]
    const raw = Number.isNaN(v) ? (blank as number) : v
    if (!Number.isInteger(raw) || raw < lo || raw > hi) throw new FitsError('ERR_FITS_UNSUPPORTED', `value ${v} cannot be stored with BITPIX ${img.bitpix}`)
    if (img.bitpix === 8) view.setUint8(k, raw)
    else if (img.bitpix === 16) view.setInt16(k * 2, raw)
    else if (img.bitpix === 32) view.setInt32(k * 4, raw)
    else view.setBigInt64(k * 8, BigInt(raw))
  }
  return out
}

/** Bytes of an image's data blocks: `count` values of BITPIX `bitpix`, padded to whole 2880-byte blocks. */
export function imageDataBytes (bitpix: Bitpix, count: number): number {
  return Math.ceil(count * Math.abs(bitpix) / 8 / BLOCK) * BLOCK
}

/**
 * The header blocks of one image HDU: the primary HDU (`primary`) or an IMAGE extension, with its structural cards
 * first, then `blank` (integer images holding NaN), then the image's own cards (structural ones among them dropped).
 */
export function formatImageHeader (img: Pick<ImageToWrite, 'cards' | 'bitpix' | 'axes'>, primary: boolean, blank?: number): Uint8Array {
  const cards: Card[] = primary
    ? [{ keyword: 'SIMPLE', value: true, comment: 'conforms to FITS standard' }]
    : [{ keyword: 'XTENSION', value: 'IMAGE', comment: 'image extension' }]
  cards.push({ keyword: 'BITPIX', value: img.bitpix, comment: '' })
  cards.push({ keyword: 'NAXIS', value: img.axes.length, comment: '' })
  img.axes.forEach((a, k) => cards.push({ keyword: `NAXIS${k + 1}`, value: a, comment: '' }))
  if (primary) cards.push({ keyword: 'EXTEND', value: true, comment: '' })
  else cards.push({ keyword: 'PCOUNT', value: 0, comment: '' }, { keyword: 'GCOUNT', value: 1, comment: '' })
  if (blank !== undefined) cards.push({ keyword: 'BLANK', value: blank, comment: 'value of undefined pixels' })
  for (const c of img.cards ?? []) if (!STRUCTURAL.has(c.keyword) && !/^NAXIS\d+$/.test(c.keyword)) cards.push(c)
  return formatHeader(cards)
}

/** The data blocks of one image: its values big-endian (floating NaN kept, integer NaN as `blank`), padded. */
export function formatImageData (img: Pick<ImageToWrite, 'bitpix' | 'axes' | 'data'>, blank?: number): Uint8Array {
  const count = img.axes.reduce((a, b) => a * b, 1)
  if (img.axes.length > 0 && count !== img.data.length) throw new FitsError('ERR_FITS_UNSUPPORTED', `axes ${img.axes.join('x')} do not match ${img.data.length} values`)
  return encode(img, blank)
}

/** Serialises images into FITS bytes. */
export function formatFits (images: readonly ImageToWrite[]): Uint8Array {
  if (images.length === 0) throw new FitsError('ERR_FITS_UNSUPPORTED', 'nothing to write')
  const parts: Uint8Array[] = []
  images.forEach((img, index) => {
    const count = img.axes.reduce((a, b) => a * b, 1)
    if (img.axes.length > 0 && count !== img.data.length) throw new FitsError('ERR_FITS_UNSUPPORTED', `image ${index}: axes ${img.axes.join('x')} do not match ${img.data.length} values`)
    const hasNaN = img.bitpix > 0 && Array.prototype.some.call(img.data, (v: number) => Number.isNaN(v))
    const blank = hasNaN ? (img.bitpix === 8 ? 255 : INT_RANGE[img.bitpix][0]) : undefined
    parts.push(formatImageHeader(img, index === 0, blank), encode(img, blank))
  })
  const total = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Writes images to a FITS file, under a temporary name renamed when complete (nothing half-written). */
export function writeFits (path: string, images: readonly ImageToWrite[]): void {
  writeFileAtomically(path, formatFits(images))
}
