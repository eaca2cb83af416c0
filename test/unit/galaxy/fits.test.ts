import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { BITPIX_VALUES, FitsError, formatFits, formatHeader, keyword, parseFits, readFits, writeFits } from '../../../src/galaxy/fits/index.js'
import { tempDir } from '../../helpers/reference-data.js'

function codeOf (fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(FitsError)
    return (err as FitsError).code
  }
  return undefined
}

/** A header block by hand, to build files the writer would never produce. */
function header (cards: string[]): Uint8Array {
  const text = [...cards, 'END'].map((c) => c.padEnd(80)).join('')
  const out = new Uint8Array(Math.ceil(text.length / 2880) * 2880).fill(0x20)
  for (let k = 0; k < text.length; k++) out[k] = text.charCodeAt(k)
  return out
}

function block (bytes: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 2880) * 2880)
  out.set(bytes)
  return out
}

describe('FITS writer and reader', () => {
  it.each(BITPIX_VALUES)('round-trips a 2-D image with BITPIX %i, NaN included', (bitpix) => {
    const values = bitpix > 0 ? [0, 1, 2, 100, Number.NaN, 7] : [0, -1.5, 3.25, 1e-30, Number.NaN, 6e20]
    const bytes = formatFits([{ bitpix, axes: [3, 2], data: values, cards: [{ keyword: 'FILTER', value: 'PS1g', comment: 'band' }] }])
    expect(bytes.length % 2880).toBe(0)
    const [img] = parseFits(bytes)
    expect(img.bitpix).toBe(bitpix)
    expect(img.axes).toEqual([3, 2])
    const expected = bitpix === -32 ? values.map(Math.fround) : values
    expect(Array.from(img.data)).toEqual(expected)
    expect(keyword(img.cards, 'FILTER')).toBe('PS1g')
  })

  it('keeps several image extensions, headers with quotes, and reads gzip', () => {
    const dir = tempDir()
    const path = join(dir, 'g.fits')
    writeFits(path, [
      { bitpix: -32, axes: [0], data: [], cards: [{ keyword: 'OBJECT', value: "NGC 'x'", comment: '' }, { keyword: 'REDSHIFT', value: 0.0123, comment: 'z' }] },
      { bitpix: -64, axes: [2, 2], data: [1, 2, 3, 4], cards: [{ keyword: 'FILTER', value: 'SDSSu', comment: '' }] },
      { bitpix: 16, axes: [2, 1], data: [-5, 5], cards: [{ keyword: 'PIXTYPE', value: 'SIGMA', comment: '' }] }
    ])
    writeFileSync(path + '.gz', gzipSync(readFileSync(path)))
    for (const p of [path, path + '.gz']) {
      const imgs = readFits(p)
      expect(imgs).toHaveLength(3)
      expect(keyword(imgs[0].cards, 'OBJECT')).toBe("NGC 'x'")
      expect(keyword(imgs[0].cards, 'REDSHIFT')).toBe(0.0123)
      expect(Array.from(imgs[1].data)).toEqual([1, 2, 3, 4])
      expect(keyword(imgs[2].cards, 'PIXTYPE')).toBe('SIGMA')
      expect(Array.from(imgs[2].data)).toEqual([-5, 5])
    }
  })

  it('applies BSCALE, BZERO and BLANK to integer data, and steps over table extensions', () => {
    const primary = header(['SIMPLE  =                    T', 'BITPIX  =                   16', 'NAXIS   =                    1',
      'NAXIS1  =                    3', 'BSCALE  =                  0.5', 'BZERO   =                32768', 'BLANK   =                   -1', 'EXTEND  =                    T'])
    const data = block([0x00, 0x02, 0xff, 0xff, 0x80, 0x00]) // 2, -1 (blank), -32768
    const table = header(["XTENSION= 'BINTABLE'", 'BITPIX  =                    8', 'NAXIS   =                    2', 'NAXIS1  =                    4',
      'NAXIS2  =                    2', 'PCOUNT  =                    0', 'GCOUNT  =                    1', 'TFIELDS =                    1'])
    const image = header(["XTENSION= 'IMAGE   '", 'BITPIX  =                    8', 'NAXIS   =                    1', 'NAXIS1  =                    2',
      'PCOUNT  =                    0', 'GCOUNT  =                    1', 'BZERO   =                 -128'])
    const bytes = new Uint8Array([...primary, ...data, ...table, ...block([1, 2, 3, 4, 5, 6, 7, 8]), ...image, ...block([0, 255])])
    const imgs = parseFits(bytes)
    expect(imgs).toHaveLength(2)
    expect(Array.from(imgs[0].data)).toEqual([32769, Number.NaN, 16384])
    expect(Array.from(imgs[1].data)).toEqual([-128, 127])
  })
})

describe('bad FITS input', () => {
  it('rejects what is not FITS', () => {
    expect(codeOf(() => parseFits(new TextEncoder().encode('hello world, not a FITS file at all')))).toBe('ERR_NOT_FITS')
    expect(codeOf(() => parseFits(new Uint8Array(0)))).toBe('ERR_NOT_FITS')
  })

  it('rejects truncated data, a header without END and a corrupt gzip stream', () => {
    const bytes = formatFits([{ bitpix: -32, axes: [40, 40], data: new Float32Array(1600).fill(1) }])
    expect(codeOf(() => parseFits(bytes.subarray(0, 2880 + 1000)))).toBe('ERR_FITS_TRUNCATED')
    expect(codeOf(() => parseFits(header(['SIMPLE  =                    T']).subarray(0, 80)))).toBe('ERR_FITS_TRUNCATED')
    const gz = gzipSync(bytes)
    expect(codeOf(() => parseFits(gz.subarray(0, gz.length / 2)))).toBe('ERR_FITS_TRUNCATED')
  })

  it('rejects malformed headers', () => {
    const bad = (cards: string[]): string | undefined => codeOf(() => parseFits(header(cards)))
    expect(bad(['SIMPLE  =                    T', 'BITPIX  =                   12', 'NAXIS   =                    0'])).toBe('ERR_FITS_HEADER')
    expect(bad(['SIMPLE  =                    T', 'BITPIX  =                  -32', 'NAXIS   =                    1'])).toBe('ERR_FITS_HEADER')
    expect(bad(['SIMPLE  =                    T', 'BITPIX  =                  -32', "NAXIS   = 'two'"])).toBe('ERR_FITS_HEADER')
    expect(bad(['SIMPLE  =                    T', "OBJECT  = 'unterminated"])).toBe('ERR_FITS_HEADER')
  })

  it('refuses to write what FITS cannot hold', () => {
    expect(codeOf(() => formatFits([{ bitpix: 8, axes: [2], data: [1, 300] }]))).toBe('ERR_FITS_UNSUPPORTED')
    expect(codeOf(() => formatFits([{ bitpix: -32, axes: [3], data: [1, 2] }]))).toBe('ERR_FITS_UNSUPPORTED')
    expect(codeOf(() => formatHeader([{ keyword: 'lower', value: 1, comment: '' }]))).toBe('ERR_FITS_HEADER')
  })
})
