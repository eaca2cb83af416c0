import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { findFilterCurve, parseIsed, parseRedshifts, readIsed } from '../../../src/models/index.js'
import { columnAtAges, readColorColumn } from '../../../src/models/ssp-tables.js'
import { DATA, tempDir } from '../../helpers/reference-data.js'

const BC03 = join(DATA, 'ssp', 'bc03')
const SOLAR = join(BC03, 'bc2003_lr_BaSeL_m62_chab_ssp')
const BOLOMETRIC_SUN = 4.75 // BC03's M_bol,sun

describe('GALAXEV .ised reader', () => {
  const ised = readIsed(`${SOLAR}.ised.gz`)

  it('reads the BC03 low-resolution grid: 221 ages from 0 to 20 Gyr, 2023 wavelengths from 91 A to 3.6e8 A', () => {
    expect(ised.ages.length).toBe(221)
    expect(ised.ages[0]).toBe(0)
    expect(ised.ages[220]).toBeCloseTo(2e10, -6)
    expect(ised.wavelengths.length).toBe(2023)
    expect(ised.wavelengths[0]).toBe(91)
    expect(ised.wavelengths[2022]).toBe(3.6e8)
    expect(ised.spectra.length).toBe(221 * 2023)
  })

  // The table's M_bol comes from the isochrones, ours from integrating the spectrum: they agree to 0.003 mag
  // (median) and 0.07 mag at worst (0.8 Gyr, where TP-AGB stars emit beyond the spectra's resolution).
  it('gives bolometric magnitudes equal to the .4color table (column 2): median within 0.005 mag, all within 0.07', () => {
    const mbol = columnAtAges(readColorColumn(`${SOLAR}.4color.gz`, 2), ised.ages, 'm62')
    const nw = ised.wavelengths.length
    const diffs: number[] = []
    for (let a = 1; a < ised.ages.length; a++) {
      let l = 0
      for (let k = 1; k < nw; k++) l += 0.5 * (ised.wavelengths[k] - ised.wavelengths[k - 1]) * (ised.spectra[a * nw + k] + ised.spectra[a * nw + k - 1])
      diffs.push(Math.abs(BOLOMETRIC_SUN - 2.5 * Math.log10(l) - mbol[a]))
    }
    diffs.sort((x, y) => x - y)
    expect(diffs[diffs.length >> 1]).toBeLessThan(0.005)
    expect(diffs[diffs.length - 1]).toBeLessThan(0.07)
  })

  it('rejects a truncated file with a typed error', () => {
    const bytes = gunzipSync(readFileSync(`${SOLAR}.ised.gz`))
    const path = join(tempDir(), 'cut.ised')
    writeFileSync(path, bytes.subarray(0, 100_000))
    expect(() => readIsed(path)).toThrow(expect.objectContaining({ code: 'ERR_ISED_FORMAT', name: 'IsedFormatError' }))
    expect(() => parseIsed(bytes.subarray(0, 3))).toThrow(expect.objectContaining({ code: 'ERR_ISED_FORMAT' }))
    const broken = Buffer.from(bytes)
    broken.writeInt32LE(12345, 1184 + 4) // end marker of record 1
    expect(() => parseIsed(broken)).toThrow(expect.objectContaining({ code: 'ERR_ISED_FORMAT' }))
  })
})

describe('filter curves', () => {
  it('finds a curve by filter id (MAGPHYS) first, else by name (sedpy)', () => {
    const byId = findFilterCurve(DATA, { name: 'anything', lambdaEff: 0.48, id: 323, fit: true })
    expect(byId.source).toMatch(/filterbin_323\.txt$/)
    const byName = findFilterCurve(DATA, { name: 'SPIRE250', lambdaEff: 250, id: 0, fit: true })
    expect(byName.source).toMatch(/herschel_spire_250\.par$/)
    expect(findFilterCurve(DATA, { name: 'wise_w3', lambdaEff: 12, id: 9999, fit: true }).source).toMatch(/wise_w3\.par$/)
  })

  it('throws UnknownFilterError for a filter found neither way', () => {
    expect(() => findFilterCurve(DATA, { name: 'NoSuchBand', lambdaEff: 1, id: 9999, fit: true }))
      .toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_FILTER', name: 'UnknownFilterError' }))
    expect(() => findFilterCurve(DATA, { name: '../../etc/passwd', lambdaEff: 1, id: -1, fit: true }))
      .toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_FILTER' }))
  })
})

describe('redshift grids', () => {
  it('parses lists and FROM:TO:STEP grids that include TO', () => {
    expect(parseRedshifts('0:0.1:0.01')).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1])
    expect(parseRedshifts('0.02,0.01,0.02')).toEqual([0.01, 0.02])
    for (const bad of ['x', '0.1:0:0.01', '0:1:0', '-1', '0:1', '1:2:3:4', '']) {
      expect(() => parseRedshifts(bad)).toThrow(expect.objectContaining({ code: 'ERR_MODEL_BUILD_INPUT' }))
    }
  })
})
