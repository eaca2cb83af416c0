import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keyword, readFits, writeFits } from '../../../src/galaxy/fits/index.js'
import { debianPython } from '../../helpers/debian-python.js'
import { tempDir } from '../../helpers/reference-data.js'

// Files written by astropy (Debian python3-astropy) and a real image shipped with Debian's ftools-fv.
const NGC1316 = '/usr/share/doc/ftools-fv/examples/sample_data/ngc1316o.fit'

const WRITE_WITH_ASTROPY = `
import sys, json, numpy as np
from astropy.io import fits
path = sys.argv[1]
y, x = np.mgrid[0:5, 0:7]
f32 = (x * 0.5 - y * 1.25).astype(np.float32); f32[2, 3] = np.nan
i16 = (x * 100 - y * 7).astype(np.int16)
u16 = (x * 9000 + y).astype(np.uint16)
i32 = (x * 100000 - y).astype(np.int32)
u8 = (x * 30 + y).astype(np.uint8)
i64 = (x.astype(np.int64) * 10**12 + y)
f64 = (x * 1e-3 + y * 1e3).astype(np.float64)
primary = fits.PrimaryHDU()
primary.header['OBJECT'] = "UGC 5479 'test'"
primary.header['REDSHIFT'] = (0.0037, 'spectroscopic')
hdus = [primary]
for name, arr in [('F32', f32), ('I16', i16), ('U16', u16), ('I32', i32), ('U8', u8), ('I64', i64), ('F64', f64)]:
    h = fits.ImageHDU(arr)
    h.header['FILTER'] = name
    hdus.append(h)
scaled = fits.ImageHDU(np.array([[0, 1, 2], [3, 4, -1]], dtype=np.int16))
scaled.header['BSCALE'] = 0.25
scaled.header['BZERO'] = 10.0
scaled.header['BLANK'] = -1
scaled.header['FILTER'] = 'SCALED'
hdus.append(scaled)
fits.HDUList(hdus).writeto(path, overwrite=True)
out = []
with fits.open(path) as hl:
    for h in hl[1:]:
        bitpix = h.header['BITPIX']  # read before .data: astropy rewrites BITPIX when it scales
        d = h.data.astype(np.float64)
        if h.header['FILTER'] == 'SCALED':
            d = np.where(np.array([[0, 1, 2], [3, 4, -1]]) == -1, np.nan, d)
        out.append({'filter': h.header['FILTER'], 'bitpix': bitpix, 'shape': list(d.shape),
                    'values': [None if np.isnan(v) else float(v) for v in d.ravel()]})
print(json.dumps(out))
`

const READ_WITH_ASTROPY = `
import sys, json, numpy as np
from astropy.io import fits
with fits.open(sys.argv[1]) as hl:
    out = []
    for h in hl:
        bitpix = h.header['BITPIX']
        d = None if h.data is None else h.data.astype(np.float64)
        out.append({'bitpix': bitpix, 'filter': h.header.get('FILTER'), 'object': h.header.get('OBJECT'),
                    'shape': None if d is None else list(d.shape),
                    'values': None if d is None else [None if np.isnan(v) else float(v) for v in d.ravel()]})
print(json.dumps(out))
`

const STATS = `
import sys, json, numpy as np
from astropy.io import fits
with fits.open(sys.argv[1]) as hl:
    h = hl[0]
    d = h.data.astype(np.float64)
    print(json.dumps({'bitpix': h.header['BITPIX'], 'shape': list(d.shape), 'sum': float(np.nansum(d)),
                      'min': float(np.nanmin(d)), 'max': float(np.nanmax(d)), 'first': float(d.ravel()[0]),
                      'object': str(h.header.get('OBJECT')), 'n': len(hl)}))
`

interface Layer { filter: string, bitpix: number, shape: number[], values: Array<number | null> }

describe('FITS interoperability', () => {
  it('reads every BITPIX, scaling and blanks as astropy wrote them', () => {
    const path = join(tempDir(), 'astropy.fits')
    const expected = debianPython<Layer[]>(WRITE_WITH_ASTROPY, [path])
    const images = readFits(path)
    expect(keyword(images[0].cards, 'OBJECT')).toBe("UGC 5479 'test'")
    expect(keyword(images[0].cards, 'REDSHIFT')).toBe(0.0037)
    expect(images.slice(1).map((i) => keyword(i.cards, 'FILTER'))).toEqual(expected.map((e) => e.filter))
    images.slice(1).forEach((img, k) => {
      expect(img.bitpix).toBe(expected[k].bitpix)
      expect([...img.axes].reverse()).toEqual(expected[k].shape)
      expect(Array.from(img.data, (v) => (Number.isNaN(v) ? null : v))).toEqual(expected[k].values)
    })
  })

  it('writes files astropy reads back with the same values and keywords', () => {
    const path = join(tempDir(), 'ours.fits')
    const data = Float64Array.from({ length: 12 }, (_, k) => (k === 5 ? Number.NaN : k * 0.75 - 2))
    writeFits(path, [
      { bitpix: -32, axes: [0], data: [], cards: [{ keyword: 'OBJECT', value: 'NGC 1316', comment: '' }] },
      { bitpix: -64, axes: [4, 3], data, cards: [{ keyword: 'FILTER', value: 'PS1r', comment: '' }] },
      { bitpix: 32, axes: [4, 3], data: Float64Array.from(data, (v) => (Number.isNaN(v) ? v : Math.round(v * 4))), cards: [{ keyword: 'FILTER', value: 'INT', comment: '' }] }
    ])
    const read = debianPython<Array<{ bitpix: number, filter: string | null, object: string | null, shape: number[] | null, values: Array<number | null> | null }>>(READ_WITH_ASTROPY, [path])
    expect(read[0].object).toBe('NGC 1316')
    expect(read[1]).toMatchObject({ bitpix: -64, filter: 'PS1r', shape: [3, 4] })
    expect(read[1].values).toEqual(Array.from(data, (v) => (Number.isNaN(v) ? null : v)))
    // integers with our BLANK come back as NaN in astropy too
    expect(read[2]).toMatchObject({ bitpix: 32, filter: 'INT' })
    expect(read[2].values).toEqual(Array.from(data, (v) => (Number.isNaN(v) ? null : Math.round(v * 4))))
  })

  it('reads a real image (ngc1316o.fit from Debian ftools-fv) as astropy does', () => {
    const stats = debianPython<{ bitpix: number, shape: number[], sum: number, min: number, max: number, first: number, n: number }>(STATS, [NGC1316])
    const [img] = readFits(NGC1316)
    expect(img.bitpix).toBe(stats.bitpix)
    expect([...img.axes].reverse()).toEqual(stats.shape)
    let sum = 0
    let min = Infinity
    let max = -Infinity
    for (const v of img.data) {
      if (Number.isNaN(v)) continue
      sum += v
      min = Math.min(min, v)
      max = Math.max(max, v)
    }
    expect(img.data[0]).toBe(stats.first)
    expect(min).toBe(stats.min)
    expect(max).toBe(stats.max)
    expect(sum).toBeCloseTo(stats.sum, 6)
  })
})
