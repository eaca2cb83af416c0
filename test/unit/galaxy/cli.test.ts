import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatFits, readFits, type ImageToWrite } from '../../../src/galaxy/fits/index.js'
import { runPogs } from '../../helpers/cli.js'
import { tempDir, writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'

let libs: string
let dir: string

beforeAll(() => {
  libs = writeSmallLibrariesWithFilters(20)
  dir = tempDir()
})

function layer (band: string, w: number, h: number): ImageToWrite {
  return { bitpix: -32, axes: [w, h], data: new Float64Array(w * h).fill(1e-5), cards: [{ keyword: 'FILTER', value: band, comment: '' }] }
}

describe('pogs galaxy', () => {
  it('synth -> fit -> archive show / export, end to end in real processes', async () => {
    const fits = join(dir, 'g.fits')
    const truth = join(dir, 'truth.json')
    const synth = await runPogs(['galaxy', 'synth', '--libraries', libs, '--size', '12', '--redshift', '0.01', '--seed', '5', '--out', fits, '--truth', truth])
    expect(synth.code, synth.stderr).toBe(0)
    const t = JSON.parse(readFileSync(truth, 'utf8')) as { pixels: Array<Record<string, number>> }
    expect(t.pixels.length).toBeGreaterThan(40)
    expect(readFits(fits).length).toBe(1 + 2 * 6)
    const archive = join(dir, 'g.h5')
    const fit = await runPogs(['galaxy', 'fit', fits, '--libraries', libs, '--out', archive, '--threads', '2'])
    expect(fit.code, fit.stderr).toBe(0)
    expect(fit.stderr).toMatch(/pixels fitted in \d+ areas/)
    expect(statSync(archive).size).toBeGreaterThan(10_000)
    const show = await runPogs(['archive', 'show', archive])
    expect(show.code, show.stderr).toBe(0)
    expect(show.stdout).toContain('synthetic galaxy')
    const map = join(dir, 'mstar.fits')
    const exported = await runPogs(['archive', 'export', archive, '--parameter', 'mstar', '--value', 'median', '--out', map])
    expect(exported.code, exported.stderr).toBe(0)
    const [img] = readFits(map)
    expect(img.axes).toEqual([12, 12])
    const values = Array.from(img.data)
    const fitted = values.filter((v) => !Number.isNaN(v))
    expect(fitted.length).toBeGreaterThan(40)
    expect(fitted.length).toBeLessThan(144) // NaN where nothing was fitted
    for (const p of t.pixels) {
      const v = values[p.x + 12 * p.y]
      if (!Number.isNaN(v)) expect(Math.abs(v - p.mstar)).toBeLessThan(1)
    }
    const bad = await runPogs(['archive', 'export', archive, '--parameter', 'nonsense', '--value', 'median', '--out', map])
    expect(bad.code).toBe(2)
  })

  it('bad input: each a typed error, exit 1, and no archive or temporary file left behind', async () => {
    const good = formatFits([{ bitpix: -32, axes: [], data: [], cards: [{ keyword: 'REDSHIFT', value: 0.01, comment: '' }] }, layer('PS1g', 8, 8), layer('PS1r', 8, 8), layer('PS1i', 8, 8), layer('PS1z', 8, 8)])
    const cases: Record<string, Uint8Array> = {
      ERR_NOT_FITS: Buffer.from('this is not a FITS file\n'.repeat(200)),
      ERR_FITS_TRUNCATED: good.subarray(0, good.length - 2880 - 100),
      ERR_LAYER_SIZE: formatFits([{ bitpix: -32, axes: [], data: [], cards: [{ keyword: 'REDSHIFT', value: 0.01, comment: '' }] }, layer('PS1g', 8, 8), layer('PS1r', 8, 9)]),
      ERR_NO_REDSHIFT: formatFits([{ bitpix: -32, axes: [], data: [], cards: [] }, layer('PS1g', 8, 8), layer('PS1r', 8, 8)]),
      ERR_UNKNOWN_FILTER: formatFits([{ bitpix: -32, axes: [], data: [], cards: [{ keyword: 'REDSHIFT', value: 0.01, comment: '' }] }, layer('PS1g', 8, 8), layer('HST_F555W', 8, 8)])
    }
    const caseDir = tempDir()
    const existing = join(caseDir, 'kept.h5')
    writeFileSync(existing, 'an archive written earlier')
    await Promise.all(Object.entries(cases).map(async ([code, bytes]) => {
      const input = join(caseDir, `${code}.fits`)
      writeFileSync(input, bytes)
      const out = code === 'ERR_NO_REDSHIFT' ? existing : join(caseDir, `${code}.h5`)
      const r = await runPogs(['galaxy', 'fit', input, '--libraries', libs, '--out', out])
      expect(r.code, r.stderr).toBe(1)
      expect(r.stderr).toContain(code)
    }))
    expect(readFileSync(existing, 'utf8')).toBe('an archive written earlier')
    expect(readdirSync(caseDir).filter((f) => f.endsWith('.h5') || f.includes('.tmp')).sort()).toEqual(['kept.h5'])
    expect(existsSync(join(caseDir, 'ERR_NOT_FITS.h5'))).toBe(false)
  })

  it('usage errors exit 2', async () => {
    expect((await runPogs(['galaxy'])).code).toBe(2)
    expect((await runPogs(['galaxy', 'synth', '--libraries', libs, '--size', '4', '--redshift', '0.01', '--out', join(dir, 'x.fits')])).code).toBe(1)
    expect((await runPogs(['galaxy', 'fit', '--libraries', libs, '--out', join(dir, 'x.h5')])).code).toBe(2)
  })
})
