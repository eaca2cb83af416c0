// `pogs archive export --archive FILE.h5 --out FILE.fits` in a real process: every parameter map in one FITS file
// with the archive's digest and WCS, what stderr says about the WCS, and the refusals (exit 1 for a file that is
// not an archive, exit 2 for usage errors).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { PARAMETER_NAMES } from '../../../src/fit/index.js'
import { keyword, readFits } from '../../../src/galaxy/fits/index.js'
import { runPogs } from '../../helpers/cli.js'
import { debianPython } from '../../helpers/debian-python.js'
import { tempDir } from '../../helpers/reference-data.js'
import { syntheticInput } from './synthetic-input.js'
import { TEST_WCS } from './wcs-cards.js'

let input: GalaxyArchiveInput
let dir: string
let path: string

beforeAll(async () => {
  input = { ...syntheticInput({ width: 8, height: 7 }), wcs: TEST_WCS }
  dir = tempDir()
  path = join(dir, 'galaxy.h5')
  await writeArchive(path, input)
})

describe('pogs archive export', () => {
  it('writes every parameter as a FITS cube with the archive\'s digest and WCS', async () => {
    const out = join(dir, 'all.fits')
    const r = await runPogs(['archive', 'export', '--archive', path, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('16 parameters x 7 values over 8 x 7 pixels')
    expect(r.stderr).toContain('with the input WCS')
    const [primary, ...ext] = readFits(out)
    expect(keyword(primary.cards, 'ARCHSHA')).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'))
    expect(ext.map((e) => keyword(e.cards, 'EXTNAME'))).toEqual([...PARAMETER_NAMES])
    expect(ext.every((e) => e.bitpix === -32 && e.axes.join() === '8,7,7' && keyword(e.cards, 'CTYPE1') === 'RA---TAN')).toBe(true)
    // The archive as the only argument works too; the same bytes.
    const again = join(dir, 'again.fits')
    expect((await runPogs(['archive', 'export', path, '--out', again])).code).toBe(0)
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true)
    const show = await runPogs(['archive', 'show', path])
    expect(show.stdout).toContain('wcs         RA---TAN DEC--TAN, reference pixel (5.5, 4.25) at (12.5, -30.25), 14 cards')
  }, 60_000)

  it('exports an archive written before the WCS was recorded, without one, and says so', async () => {
    const old = join(dir, 'old.h5')
    await writeArchive(old, input)
    debianPython('import h5py, sys, json\nf = h5py.File(sys.argv[1], "a")\ndel f["galaxy/wcs"]\nf.close()\nprint(json.dumps(True))', [old])
    const out = join(dir, 'old.fits')
    const r = await runPogs(['archive', 'export', '--archive', old, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('without WCS (the archive does not record one: it predates pogs keeping the input WCS)')
    expect(readFits(out).slice(1).some((e) => keyword(e.cards, 'CTYPE1') !== undefined)).toBe(false)
  }, 60_000)

  it('refuses a file that is not an archive with ERR_NOT_ARCHIVE (exit 1), writing nothing', async () => {
    const text = join(dir, 'text.h5')
    writeFileSync(text, 'not an archive\n')
    const out = join(dir, 'never.fits')
    const r = await runPogs(['archive', 'export', '--archive', text, '--out', out])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('ArchiveError (ERR_NOT_ARCHIVE)')
    expect(existsSync(out)).toBe(false)
  }, 30_000)

  it('usage errors exit 2; --help describes the export', async () => {
    const out = join(dir, 'x.fits')
    for (const args of [
      ['--out', out],
      [path, '--archive', path, '--out', out],
      ['--archive', path],
      ['--archive', path, '--out', out, '--parameter', 'mstar'],
      ['--archive', path, '--out', out, '--bogus']
    ]) {
      const r = await runPogs(['archive', 'export', ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toContain('usage:')
    }
    const help = await runPogs(['archive', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('pogs archive export --archive FILE.h5 --out FILE.fits')
    expect(help.stdout).toContain('PLANE1..PLANE7')
  }, 60_000)
})
