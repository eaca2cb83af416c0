import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  chooseLibrary, contextFor, fitPixel, LibraryMismatchError, MalformedInputError, readFilters, readLibraryPair, readObservations, parseFilters, parseObservations, readOpticalLibrary, readInfraredLibrary,
  RedshiftOutOfRangeError, listLibraries
} from '../../../src/fit/index.js'
import { DATA, MAGPHYS_LIBS, REFERENCE, tempDir, writeSmallLibraries } from '../../helpers/reference-data.js'

describe('filters.dat', () => {
  it('reads name, wavelength, id and fit flag, skipping comments', () => {
    const f = parseFilters('#name lambda id fit?\nSDSSu 0.3534 229 1\nPS1g 0.481 323 0\n')
    expect(f).toEqual([{ name: 'SDSSu', lambdaEff: 0.3534, id: 229, fit: true }, { name: 'PS1g', lambdaEff: 0.481, id: 323, fit: false }])
  })

  it.each([
    ['missing columns', 'SDSSu 0.3534 229\n', 1],
    ['a non-number', 'SDSSu 0.35x 229 1\n', 1],
    ['a bad fit flag', '# h\nSDSSu 0.35 229 2\n', 2],
    ['no filters', '# only a header\n', 2]
  ])('rejects %s with the file and line', (_, text, line) => {
    try {
      parseFilters(text, 'f.dat')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(MalformedInputError)
      expect((err as MalformedInputError).file).toBe('f.dat')
      expect((err as MalformedInputError).line).toBe(line)
    }
  })
})

describe('observations.dat', () => {
  it('keeps good rows and reports each bad one by line', () => {
    const text = [
      '# name z f1 s1 f2 s2',
      'good 0.01 1e-6 1e-7 2e-6 2e-7',
      'short 0.01 1e-6 1e-7',
      'word 0.01 1e-6 abc 2e-6 2e-7',
      'negsig 0.01 1e-6 -1e-7 2e-6 2e-7',
      'zero-z 0 1e-6 1e-7 2e-6 2e-7',
      'nan 0.01 nan nan 2e-6 2e-7'
    ].join('\n')
    const { rows, errors } = parseObservations(text, 2, 'o.dat')
    expect(rows.map((r) => r.name)).toEqual(['good', 'nan'])
    expect(Number.isNaN(rows[1].flux[0])).toBe(true)
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6])
    expect(errors.every((e) => e instanceof MalformedInputError && e.code === 'ERR_MALFORMED_INPUT')).toBe(true)
  })
})

describe('libraries', () => {
  it('finds pairs in both naming conventions and refuses redshifts beyond 0.005', () => {
    const libs = listLibraries(MAGPHYS_LIBS)
    expect(libs.map((l) => l.redshift)).toEqual([0.01, 0.02])
    expect(chooseLibrary(libs, 0.012).redshift).toBe(0.01)
    expect(chooseLibrary(libs, 0.0185).redshift).toBe(0.02)
    expect(() => chooseLibrary(libs, 0.03)).toThrow(RedshiftOutOfRangeError)
    expect(() => chooseLibrary(libs, 0.0049)).toThrow(RedshiftOutOfRangeError)
  })

  it('skips two header lines as MAGPHYS does, so a one-header POGS optical file loses its first model', () => {
    const dir = tempDir()
    const row = (k: number): string => `${k} ${Array.from({ length: 24 }, (_, c) => (c === 5 ? '2.0' : '0.5')).join(' ')} 10 11 12`
    writeFileSync(join(dir, 'o.lbr'), ['# one header', row(1), row(2), row(3)].join('\n'))
    const lib = readOpticalLibrary(join(dir, 'o.lbr'))
    expect(lib.n).toBe(2)
    expect(Array.from(lib.index)).toEqual([2, 3])
    expect(lib.nMags).toBe(3)
  })

  it('rejects malformed library rows with the file and line', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'i.lbr'), '# h\n# h\n0.1 0.2 40 20 0.1 0.1 0.8 1e-3 5.0\n0.1 0.2 40 20 0.1 0.1 0.8 oops 5.0\n')
    expect(() => readInfraredLibrary(join(dir, 'i.lbr'))).toThrow(/i\.lbr:4/)
    writeFileSync(join(dir, 'i2.lbr'), '# h\n# h\n0.1 0.2 40\n')
    expect(() => readInfraredLibrary(join(dir, 'i2.lbr'))).toThrow(MalformedInputError)
  })
})

describe('inputs that do not fit together', () => {
  it('refuses filters the library has no magnitude columns for, with a typed error', () => {
    // 10 bands (u..y + WISE) against POGS' 6-band libraries: W1 and W2 lie below 10 um rest frame.
    const filters = readFilters(join(REFERENCE, 'z01-wise', 'filters.dat'))
    const obs = readObservations(join(REFERENCE, 'z01-wise', 'observations.dat'), filters.length).rows[0]
    const ctx = contextFor(readLibraryPair(listLibraries(writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 50))[0]))
    expect(() => fitPixel(ctx, filters, obs)).toThrow(LibraryMismatchError)
  })

  it('rejects NaN in a library', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'i.lbr'), '# h\n# h\n0.1 0.2 40 20 0.1 0.1 0.8 nan 5.0\n')
    expect(() => readInfraredLibrary(join(dir, 'i.lbr'))).toThrow(MalformedInputError)
  })

  it('reads MAGPHYS\' own example files and POGS\' pixel photometry', () => {
    const ex = join(DATA, 'observations', 'magphys_example')
    const filters = readFilters(join(ex, 'filters.dat'))
    expect(filters).toHaveLength(20)
    expect(readObservations(join(ex, 'observations.dat'), filters.length)).toMatchObject({ errors: [] })
    const pogs = readObservations(join(DATA, 'observations', 'UGC05479_pixels_observations.dat'), 6)
    expect(pogs.rows).toHaveLength(17)
    expect(pogs.errors).toEqual([])
  })
})
