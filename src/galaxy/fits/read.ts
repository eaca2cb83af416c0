// A FITS reader for image data (FITS Standard 4.0): the primary HDU and IMAGE extensions, every BITPIX, BSCALE,
// BZERO and BLANK, gzip-compressed files. Other extensions (tables) are stepped over by their declared size.
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { FitsError } from './errors.js'
import { BLOCK, parseHeader, type Card } from './header.js'
import { BITPIX_VALUES, keyword, type Bitpix, type FitsImage } from './image.js'

function integer (cards: Card[], name: string, where: string): number {
  const v = keyword(cards, name)
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FitsError('ERR_FITS_HEADER', `${where}: ${name} missing or not an integer`)
  return v
}

function decode (bytes: Uint8Array, offset: number, count: number, bitpix: Bitpix, scale: number, zero: number, blank: number | undefined): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * Math.abs(bitpix) / 8)
  const out = new Float64Array(count)
  for (let n = 0; n < count; n++) {
    let raw: number
    let isBlank = false
    switch (bitpix) {
      case 8: raw = view.getUint8(n); isBlank = raw === blank; break
      case 16: raw = view.getInt16(n * 2); isBlank = raw === blank; break
      case 32: raw = view.getInt32(n * 4); isBlank = raw === blank; break
      case 64: {
        const big = view.getBigInt64(n * 8)
        isBlank = blank !== undefined && big === BigInt(blank)
        raw = Number(big)
        break
      }
      case -32: raw = view.getFloat32(n * 4); break
      case -64: raw = view.getFloat64(n * 8); break
    }
    out[n] = isBlank ? Number.NaN : zero + scale * raw
  }
  return out
}

/** Parses FITS bytes (gzip-compressed or not) into its image HDUs, in file order. */
export function parseFits (input: Uint8Array): FitsImage[] {
  let bytes = input
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch (err) {
      throw new FitsError('ERR_FITS_TRUNCATED', `gzip stream is corrupt or truncated: ${(err as Error).message}`)
    }
  }
  const start = String.fromCharCode(...bytes.subarray(0, 30))
  if (!/^SIMPLE {2}=\s+T/.test(start)) throw new FitsError('ERR_NOT_FITS', 'not a FITS file (no SIMPLE = T card at the start)')
  const images: FitsImage[] = []
  let offset = 0
  let index = 0
  while (offset < bytes.length) {
    // Trailing zero or space padding after the last HDU is allowed.
    if (bytes.subarray(offset).every((b) => b === 0 || b === 0x20)) break
    const { cards, dataOffset } = parseHeader(bytes, offset)
    const where = `HDU ${index}`
    const bitpix = integer(cards, 'BITPIX', where)
    if (!BITPIX_VALUES.includes(bitpix as Bitpix)) throw new FitsError('ERR_FITS_HEADER', `${where}: BITPIX ${bitpix} is not valid`)
    const naxis = integer(cards, 'NAXIS', where)
    if (naxis < 0 || naxis > 999) throw new FitsError('ERR_FITS_HEADER', `${where}: NAXIS ${naxis} out of range`)
    const axes = Array.from({ length: naxis }, (_, k) => integer(cards, `NAXIS${k + 1}`, where))
    if (axes.some((a) => a < 0)) throw new FitsError('ERR_FITS_HEADER', `${where}: negative axis length`)
    const xtension = keyword(cards, 'XTENSION')
    const pcount = index === 0 ? 0 : integer(cards, 'PCOUNT', where)
    const gcount = index === 0 ? 1 : integer(cards, 'GCOUNT', where)
    const count = naxis === 0 ? 0 : axes.reduce((a, b) => a * b, 1)
    const dataBytes = Math.abs(bitpix) / 8 * gcount * (pcount + count)
    if (dataOffset + dataBytes > bytes.length) throw new FitsError('ERR_FITS_TRUNCATED', `${where}: data needs ${dataBytes} bytes, the file has ${Math.max(0, bytes.length - dataOffset)}`)
    if (index === 0 || (typeof xtension === 'string' && xtension.trim() === 'IMAGE')) {
      const scale = keyword(cards, 'BSCALE')
      const zero = keyword(cards, 'BZERO')
      const blank = keyword(cards, 'BLANK')
      images.push({
        cards,
        bitpix: bitpix as Bitpix,
        axes,
        data: decode(bytes, dataOffset, count, bitpix as Bitpix, typeof scale === 'number' ? scale : 1, typeof zero === 'number' ? zero : 0, typeof blank === 'number' ? blank : undefined)
      })
    }
    offset = dataOffset + Math.ceil(dataBytes / BLOCK) * BLOCK
    index++
  }
  return images
}

/** Reads a FITS file (plain or gzipped) from disk. */
export function readFits (path: string): FitsImage[] {
  return parseFits(readFileSync(path))
}
