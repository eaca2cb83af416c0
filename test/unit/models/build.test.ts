import { mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFitPool, readFilters, readInfraredLibrary, readObservations, readOpticalLibrary } from '../../../src/fit/index.js'
import { buildLibraries, selectCandidates, cosmicAgeYr } from '../../../src/models/index.js'
import { repoRoot } from '../../../src/util/repo-root.js'
import { runPogs } from '../../helpers/cli.js'
import { DATA, REFERENCE, tempDir } from '../../helpers/reference-data.js'

const POGS12 = join(repoRoot(), 'seeds', 'filters', 'pogs-12.dat')

describe('buildLibraries', () => {
  it('writes the same bytes with 1 and 2 threads, in the layout the fit reads (two header lines)', async () => {
    const filters = readFilters(POGS12)
    const init = { dataDir: DATA, filters, redshifts: [0, 0.05], nOptical: 300, nInfrared: 200, seed: 11 }
    const a = tempDir()
    const b = tempDir()
    const ra = await buildLibraries(init, { out: a, threads: 1 })
    await buildLibraries(init, { out: b, threads: 2 })
    expect(ra.files.map((f) => f.slice(a.length))).toEqual(['/optical_z0.0000.lbr', '/infrared_z0.0000.lbr', '/optical_z0.0500.lbr', '/infrared_z0.0500.lbr'])
    for (const f of ra.files) expect(readFileSync(f, 'utf8')).toBe(readFileSync(b + f.slice(a.length), 'utf8'))
    expect(readFilters(join(a, 'filters.dat'))).toEqual(filters)
    const opt = readOpticalLibrary(join(a, 'optical_z0.0000.lbr'))
    const ir = readInfraredLibrary(join(a, 'infrared_z0.0000.lbr'))
    // all 12 bands but W3 and W4 are below 10 um rest; W1-W4 are beyond 2.5 um
    expect([opt.n, opt.nMags, ir.n, ir.nMags]).toEqual([300, 10, 200, 4])
    expect(readFileSync(join(a, 'optical_z0.0000.lbr'), 'utf8').split('\n')[1]).toMatch(/^#\s+index\s+tform\/yr.*GALEXFUV.*WISEW2\s*$/)
    // the fit's header skip loses nothing: the first data row is model index 1
    expect(opt.index[0]).toBe(1)
    for (let i = 0; i < opt.n; i++) {
      expect(opt.params[i * 24]).toBeLessThanOrEqual(cosmicAgeYr(0) * 1.0001)
      expect(opt.params[i * 24 + 5]).toBeGreaterThan(0)
    }
  })

  it('takes each redshift\'s models from one candidate stream: tform below the age of the universe there', () => {
    const plan = { seed: 3, redshifts: [0, 0.5], nOptical: 1000, tformMax: cosmicAgeYr(0) }
    const { count, kept } = selectCandidates(plan)
    expect(count).toBeGreaterThan(1000)
    expect(Array.from(kept[0])).toEqual(Array.from({ length: 1000 }, (_, k) => k))
    expect(kept[1][999]).toBe(count - 1)
  })

  it('refuses a filter whose redshifted curve leaves the spectra, before building anything', async () => {
    const data = tempDir()
    mkdirSync(join(data, 'filters', 'sedpy'), { recursive: true })
    mkdirSync(join(data, 'ssp'))
    mkdirSync(join(data, 'dust'))
    symlinkSync(join(DATA, 'ssp', 'bc03'), join(data, 'ssp', 'bc03'))
    symlinkSync(join(DATA, 'dust', 'dl07'), join(data, 'dust', 'dl07'))
    writeFileSync(join(data, 'filters', 'sedpy', 'xuv.par'), '40 0\n60 1\n80 0\n')
    const filters = [{ name: 'xuv', lambdaEff: 0.006, id: 0, fit: true }]
    const out = join(tempDir(), 'out')
    await expect(buildLibraries({ dataDir: data, filters, redshifts: [0], nOptical: 10, nInfrared: 10, seed: 1 }, { out }))
      .rejects.toMatchObject({ code: 'ERR_FILTER_OUT_OF_RANGE', name: 'FilterOutOfRangeError' })
    expect(existsSync(out)).toBe(false)
    await expect(buildLibraries({ dataDir: DATA, filters: readFilters(POGS12), redshifts: [0], nOptical: 0, nInfrared: 10, seed: 1 }, { out }))
      .rejects.toMatchObject({ code: 'ERR_MODEL_BUILD_INPUT' })
  })
})

describe('pogs models build', () => {
  it('builds libraries that pogs fit fits with, and reports bad input with typed errors', async () => {
    const out = tempDir()
    const r = await runPogs(['models', 'build', '--filters', join(REFERENCE, 'z01', 'filters.dat'), '--redshifts', '0.01', '--optical', '400', '--infrared', '400', '--seed', '5', '--out', out])
    expect(r.stderr).toContain('2 libraries')
    expect(r.code).toBe(0)
    const pool = createFitPool({ libraries: out, threads: 1 })
    try {
      const filters = readFilters(join(REFERENCE, 'z01', 'filters.dat'))
      const rows = readObservations(join(REFERENCE, 'z01', 'observations.dat'), filters.length).rows.slice(0, 2)
      const outcomes = await pool.fit(filters, rows)
      expect(outcomes.every((o) => o.ok)).toBe(true)
    } finally {
      await pool.close()
    }
    const badFilters = join(out, 'bad-filters.dat')
    writeFileSync(badFilters, '#name lambda_eff filter_id fit?\nNoSuchBand 1.0 9999 1\n')
    const bad = await runPogs(['models', 'build', '--filters', badFilters, '--redshifts', '0.01', '--optical', '10', '--infrared', '10', '--out', out])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('ERR_UNKNOWN_FILTER')
    const usage = await runPogs(['models', 'build', '--filters', badFilters, '--seed', 'x'])
    expect(usage.code).toBe(2)
    expect((await runPogs(['models', 'frobnicate'])).code).toBe(2)
  })
})
