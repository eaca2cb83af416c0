// The archive's WCS and its FITS export: the cards written and read back; the export parsed back block by block
// (alignment, BITPIX, NAXISn, EXTNAME, planes, WCS, values equal to the archive's, NaN where not fitted); archives
// without a WCS, or written before pogs recorded one; and astropy reading the export cleanly.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { compareArchives } from '../../../src/archive/compare-archives.js'
import { planFitsExport, writeFitsExport } from '../../../src/archive/export-fits.js'
import { openArchive } from '../../../src/archive/read-archive.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { N_VALUES, PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { BLOCK, formatCard, imageDataBytes, keyword, parseFits, parseHeader, type Card } from '../../../src/galaxy/fits/index.js'
import { debianPython } from '../../helpers/debian-python.js'
import { tempDir } from '../../helpers/reference-data.js'
import { syntheticInput } from './synthetic-input.js'
import { TEST_WCS } from './wcs-cards.js'

const W = 10
const H = 9
const WCS = TEST_WCS

let dir: string
let input: GalaxyArchiveInput
let path: string

beforeAll(async () => {
  dir = tempDir()
  input = { ...syntheticInput({ width: W, height: H }), wcs: WCS }
  path = join(dir, 'galaxy.h5')
  // Uncompressed: compareArchives reads every histogram, one chunk decompression each otherwise.
  await writeArchive(path, input, { compress: false })
})

/** Each HDU's header offset, cards, data offset and size, walked block by block. */
function hdus (bytes: Uint8Array): Array<{ at: number, cards: Card[], dataAt: number, dataBytes: number }> {
  const out = []
  let at = 0
  while (at < bytes.length) {
    const { cards, dataOffset } = parseHeader(bytes, at)
    const axes = Array.from({ length: Number(keyword(cards, 'NAXIS')) }, (_, k) => Number(keyword(cards, `NAXIS${k + 1}`)))
    const count = axes.length === 0 ? 0 : axes.reduce((a, b) => a * b, 1)
    const dataBytes = imageDataBytes(keyword(cards, 'BITPIX') as -32, count)
    out.push({ at, cards, dataAt: dataOffset, dataBytes })
    at = dataOffset + dataBytes
  }
  return out
}

describe('the WCS in the archive', () => {
  it('is written as FITS card images and reads back card for card', async () => {
    const a = await openArchive(path)
    try {
      expect(a.facts.wcs).toEqual(WCS)
    } finally {
      a.close()
    }
  })

  it('is empty for an input without one, unknown when not recorded, and compareArchives tells them apart', async () => {
    const none = join(dir, 'none.h5')
    await writeArchive(none, { ...input, wcs: [] }, { compress: false })
    const unknown = join(dir, 'unknown.h5')
    await writeArchive(unknown, { ...input, wcs: undefined }, { compress: false })
    const u = await openArchive(unknown)
    expect(u.facts.wcs).toBeUndefined()
    u.close()
    const a = await openArchive(none)
    const b = await openArchive(path)
    try {
      expect(a.facts.wcs).toEqual([])
      expect(compareArchives(a, b).differences.some((d) => d.startsWith('WCS'))).toBe(true)
      expect(compareArchives(b, b).differences).toEqual([])
    } finally {
      a.close()
      b.close()
    }
  })
})

describe('the FITS export', () => {
  it('is a primary HDU and 16 float32 cubes, block-aligned, with the archive\'s values, NaN where not fitted, and the WCS', async () => {
    const out = join(dir, 'galaxy.fits')
    const a = await openArchive(path)
    let plan
    try {
      plan = writeFitsExport(a, out, { sha256: 'ab'.repeat(32), cid: 'bafyarchive' })
    } finally {
      a.close()
    }
    expect(plan.wcs).toBe('carried')
    const bytes = new Uint8Array(readFileSync(out))
    expect(bytes.length).toBe(plan.size)
    expect(bytes.length % BLOCK).toBe(0)
    const walked = hdus(bytes)
    expect(walked).toHaveLength(1 + PARAMETER_NAMES.length)
    for (const h of walked) {
      expect(h.at % BLOCK).toBe(0)
      expect(h.dataAt % BLOCK).toBe(0)
      expect(h.dataBytes % BLOCK).toBe(0)
    }

    const [primary, ...extensions] = parseFits(bytes)
    expect(primary.axes).toEqual([])
    const p = primary.cards
    expect(keyword(p, 'EXTEND')).toBe(true)
    expect(keyword(p, 'OBJECT')).toBe('NGC 0001 (synthetic)')
    expect(keyword(p, 'GALAXYID')).toBe('g-synthetic-1')
    expect(keyword(p, 'REDSHIFT')).toBe(0.0123)
    expect([keyword(p, 'RA'), keyword(p, 'DEC')]).toEqual([12.5, -30.25])
    expect(keyword(p, 'NBANDS')).toBe(6)
    expect(keyword(p, 'BAND1')).toBe('GALEXFUV')
    expect(keyword(p, 'LIB2')).toBe('infrared_z0.0100.lbr')
    expect(keyword(p, 'NFITTED')).toBe(input.pixels.length)
    expect(keyword(p, 'ARCHSW')).toBe('pogs 0.0.0-test')
    expect(keyword(p, 'ARCHSHA')).toBe('ab'.repeat(32))
    expect(keyword(p, 'ARCHCID')).toBe('bafyarchive')
    expect(p.some((k) => k.keyword === 'CTYPE1')).toBe(false)

    const fitted = new Map(input.pixels.map((px) => [px.x + W * px.y, px]))
    extensions.forEach((img, q) => {
      const name = PARAMETER_NAMES[q]
      expect(img.bitpix).toBe(-32)
      expect(img.axes).toEqual([W, H, N_VALUES])
      expect(keyword(img.cards, 'XTENSION')).toBe('IMAGE')
      expect(keyword(img.cards, 'EXTNAME')).toBe(name)
      VALUE_NAMES.forEach((v, k) => { expect(keyword(img.cards, `PLANE${k + 1}`)).toBe(v) })
      // WCSAXES first, then the input's cards unchanged, then the plane axis.
      const names = img.cards.map((k) => k.keyword)
      expect(names.indexOf('WCSAXES')).toBeLessThan(names.indexOf('CTYPE1'))
      expect(keyword(img.cards, 'WCSAXES')).toBe(3)
      for (const w of WCS) expect(keyword(img.cards, w.keyword)).toBe(w.value)
      expect([keyword(img.cards, 'CTYPE3'), keyword(img.cards, 'CRPIX3'), keyword(img.cards, 'CRVAL3'), keyword(img.cards, 'CD3_3')]).toEqual(['VALUE', 1, 1, 1])
      for (let v = 0; v < N_VALUES; v++) {
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const got = img.data[x + W * (y + H * v)]
            const px = fitted.get(x + W * y)
            if (px === undefined) expect(got).toBeNaN()
            else expect(got).toBe(Math.fround(px.fit.summary[q * N_VALUES + v]))
          }
        }
      }
    })
    expect(keyword(extensions[PARAMETER_NAMES.indexOf('mstar')].cards, 'BUNIT')).toBe('log10(Msun)')
    // Big-endian IEEE: the first value of the first cube, read raw.
    const first = walked[1]
    const raw = new DataView(bytes.buffer, bytes.byteOffset + first.dataAt, 4).getFloat32(0, false)
    expect(Object.is(raw, extensions[0].data[0]) || (Number.isNaN(raw) && Number.isNaN(extensions[0].data[0]))).toBe(true)
  })

  it('has no WCS, and says why, when the archive has none or predates it', async () => {
    const none = join(dir, 'none.h5')
    await writeArchive(none, { ...input, wcs: [] })
    const old = join(dir, 'old.h5')
    await writeArchive(old, input)
    // An archive from before the WCS was recorded: the same without galaxy/wcs.
    debianPython('import h5py, sys, json\nf = h5py.File(sys.argv[1], "a")\ndel f["galaxy/wcs"]\nf.close()\nprint(json.dumps(True))', [old])
    for (const [file, expected, words] of [[none, 'none', 'had no consistent'], [old, 'not-recorded', 'predates pogs keeping']] as const) {
      const a = await openArchive(file)
      try {
        expect(a.facts.wcs).toEqual(expected === 'none' ? [] : undefined)
        const plan = planFitsExport(a)
        expect(plan.wcs).toBe(expected)
        const [primary, ...ext] = parseFits(Buffer.concat([...plan.parts()]))
        expect(primary.cards.filter((k) => k.keyword === 'COMMENT').map((k) => k.comment).join(' ')).toContain(words)
        expect(ext).toHaveLength(16)
        for (const img of ext) expect(img.cards.some((k) => ['WCSAXES', 'CTYPE1', 'CRPIX1'].includes(k.keyword))).toBe(false)
      } finally {
        a.close()
      }
    }
  })

  it('reads in astropy without warnings: EXTNAMEs, cubes, NaN, and the sky position of every pixel', async () => {
    const out = join(dir, 'astropy.fits')
    const a = await openArchive(path)
    try {
      writeFitsExport(a, out)
    } finally {
      a.close()
    }
    const script = `
import sys, json, warnings
import numpy as np
warnings.simplefilter('error')
from astropy.io import fits
from astropy.wcs import WCS
reference = WCS(fits.Header.fromstring(sys.argv[2], sep='\\n'))
with fits.open(sys.argv[1]) as hl:
    hl.verify('exception')
    out = {'names': [h.name for h in hl[1:]], 'shape': list(hl['mstar'].data.shape), 'dtype': str(hl['mstar'].data.dtype),
           'nan': int(np.isnan(hl['mstar'].data).sum()), 'p16': float(hl['mstar'].data[4, 3, 2])}
    w = WCS(hl['mstar'].header)
    out['naxis'] = w.naxis
    y, x = np.mgrid[0:${H}, 0:${W}]
    got = w.celestial.pixel_to_world(x, y)
    want = reference.pixel_to_world(x, y)
    out['sep_arcsec'] = float(got.separation(want).arcsec.max())
    sky, plane = w.pixel_to_world(2, 3, 4)
    out['plane'] = float(plane.value if hasattr(plane, 'value') else plane)
    out['frame'] = sky.frame.name
print(json.dumps(out))
`
    const r = debianPython<{ names: string[], shape: number[], dtype: string, nan: number, p16: number, naxis: number, sep_arcsec: number, plane: number, frame: string }>(script, [out, WCS.map(formatCard).join('\n')])
    expect(r.names).toEqual([...PARAMETER_NAMES])
    expect(r.shape).toEqual([N_VALUES, H, W])
    expect(r.dtype).toBe('>f4')
    expect(r.nan).toBe(N_VALUES * (W * H - input.pixels.length))
    const px = input.pixels.find((p) => p.x === 2 && p.y === 3)
    if (px !== undefined) expect(r.p16).toBe(Math.fround(px.fit.summary[PARAMETER_NAMES.indexOf('mstar') * N_VALUES + 4]))
    expect(r.naxis).toBe(3)
    expect(r.sep_arcsec).toBeLessThan(1e-6)
    // Plane index 4 (0-based) is plane 5: PLANE5 = p84.
    expect(r.plane).toBe(5)
    expect(r.frame).toBe('icrs')
  })
})
