// `pogs archive show|export` in a real process, and the exported FITS map read back.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { N_VALUES, PARAMETER_NAMES, VALUE_NAMES } from '../../../src/fit/index.js'
import { keyword, readFits } from '../../../src/galaxy/fits/index.js'
import { runPogs } from '../../helpers/cli.js'
import { tempDir } from '../../helpers/reference-data.js'
import { syntheticInput } from './synthetic-input.js'

const W = 10
const H = 9
let input: GalaxyArchiveInput
let dir: string
let path: string

beforeAll(async () => {
  input = syntheticInput({ width: W, height: H })
  dir = tempDir()
  path = join(dir, 'galaxy.h5')
  await writeArchive(path, input)
})

describe('pogs archive', () => {
  it('show prints the galaxy facts', async () => {
    const r = await runPogs(['archive', 'show', path])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('NGC 0001 (synthetic)')
    expect(r.stdout).toContain(`${W} x ${H} pixels, 6 bands: GALEXFUV SDSSu SDSSg SDSSr SDSSi WISEW1`)
    expect(r.stdout).toContain(`${input.pixels.length} pixels in 2 areas`)
    expect(r.stdout).toContain('12D3KooWver1')
    for (const p of PARAMETER_NAMES) expect(r.stdout).toMatch(new RegExp(`^  ${p} `, 'm'))
  }, 30_000)

  it('show --json gives the facts and per-parameter statistics of the medians', async () => {
    const r = await runPogs(['archive', 'show', path, '--json'])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout) as { name: string, width: number, pixelsProcessed: number, provenance: unknown[], medians: Record<string, { n: number, min: number, max: number }> }
    expect(j).toMatchObject({ name: 'NGC 0001 (synthetic)', width: W, pixelsProcessed: input.pixels.length })
    expect(j.provenance).toHaveLength(2)
    const q = PARAMETER_NAMES.indexOf('mstar')
    const medians = input.pixels.map((p) => Math.fround(p.fit.summary[q * N_VALUES + 1]))
    expect(j.medians.mstar).toMatchObject({ n: input.pixels.length, min: Math.min(...medians), max: Math.max(...medians) })
  }, 30_000)

  it('export writes a 2-D FITS map with NaN where nothing was fitted', async () => {
    const out = join(dir, 'mstar.fits')
    const r = await runPogs(['archive', 'export', path, '--parameter', 'mstar', '--value', 'p16', '--out', out])
    expect(r.code).toBe(0)
    const [img] = readFits(out)
    expect(img.bitpix).toBe(-32)
    expect(img.axes).toEqual([W, H])
    expect(keyword(img.cards, 'OBJECT')).toBe('NGC 0001 (synthetic)')
    expect(keyword(img.cards, 'PARAM')).toBe('mstar')
    expect(keyword(img.cards, 'VALUE')).toBe('p16')
    expect(keyword(img.cards, 'REDSHIFT')).toBe(0.0123)
    expect(keyword(img.cards, 'BUNIT')).toBe('log10(Msun)')
    const q = PARAMETER_NAMES.indexOf('mstar')
    const v = VALUE_NAMES.indexOf('p16')
    const fitted = new Map(input.pixels.map((p) => [p.x + W * p.y, p]))
    for (let k = 0; k < W * H; k++) {
      const p = fitted.get(k)
      if (p === undefined) expect(img.data[k]).toBeNaN()
      else expect(img.data[k]).toBe(Math.fround(p.fit.summary[q * N_VALUES + v]))
    }
  }, 30_000)

  it('unknown parameter or value names are usage errors listing the valid names', async () => {
    const out = join(dir, 'x.fits')
    const p = await runPogs(['archive', 'export', path, '--parameter', 'stellar_mass', '--value', 'median', '--out', out])
    expect(p.code).toBe(2)
    expect(p.stderr).toContain('fmu_sfh, fmu_ir, mu')
    const v = await runPogs(['archive', 'export', path, '--parameter', 'mstar', '--value', 'mean', '--out', out])
    expect(v.code).toBe(2)
    expect(v.stderr).toContain('best_fit, median, highest_prob_bin')
    const verb = await runPogs(['archive', 'list', path])
    expect(verb.code).toBe(2)
  }, 30_000)

  it('a file that is not an archive fails with ERR_NOT_ARCHIVE, not a crash', async () => {
    const text = join(dir, 'text.h5')
    writeFileSync(text, 'hello\n')
    const r = await runPogs(['archive', 'show', text])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('ERR_NOT_ARCHIVE')
  }, 30_000)
})
