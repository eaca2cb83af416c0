import { createHash } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { chooseLibrary, listLibraries, parseObservations, readFilters, readLibraryPair, MIN_BANDS, type FilterSpec, type LibraryPair } from '../../../src/fit/index.js'
import { GalaxyInputError } from '../../../src/galaxy/errors.js'
import { formatFits, keyword } from '../../../src/galaxy/fits/index.js'
import { formatObservations, recipePixelSet } from '../../../src/galaxy/synth/pixel-set.js'
import { checkRecipe, type SynthRecipe } from '../../../src/galaxy/synth/recipe.js'
import { libraryBuildOf, readRecipeFile, recipeFromFile } from '../../../src/galaxy/synth/recipe-file.js'
import { BUILD_MARKER, builtLibrariesDir, ensureBuiltLibraries } from '../../../src/galaxy/synth/recipe-libraries.js'
import { skyCards, synthesizeGalaxy } from '../../../src/galaxy/synth/synthesize.js'
import { resolveCacheDir } from '../../../src/util/cache-dir.js'
import { repoRoot } from '../../../src/util/repo-root.js'
import { runPogs } from '../../helpers/cli.js'
import { DATA, tempDir, writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'

let libs: LibraryPair
let filters: FilterSpec[]
const RECIPE: SynthRecipe = { name: 'test spiral', size: 32, redshift: 0.01, seed: 11, ra: 150, dec: 20 }
const NOISY: SynthRecipe = { ...RECIPE, snr: [3, 50] }
/** The small-library run 3 build the cache tests share: 200 + 200 models at z = 0.01. */
const TINY_BUILD = { filters: 'pogs-runs/run0003_filters.dat', optical: 200, infrared: 200, seed: 1 }

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex')

beforeAll(() => {
  const dir = writeSmallLibrariesWithFilters(20)
  filters = readFilters(join(dir, 'filters.dat'))
  libs = readLibraryPair(chooseLibrary(listLibraries(dir), 0.01))
})

describe('recipe noise: signal-to-noise range and missing bands', () => {
  it('a recipe without them gives the bytes it gave before they existed (but for the sky cards added since)', () => {
    const syn = synthesizeGalaxy(RECIPE, libs, filters)
    const sky = new Set(skyCards(RECIPE, RECIPE.size).map((c) => c.keyword))
    for (const img of syn.images.slice(1)) expect(img.cards?.filter((c) => sky.has(c.keyword))).toEqual(skyCards(RECIPE, RECIPE.size))
    const withoutSky = syn.images.map((img) => ({ ...img, cards: img.cards?.filter((c) => !sky.has(c.keyword)) }))
    expect(sha256(formatFits(withoutSky))).toBe('794f42b816c2407f459f2c1ddc65905092dbca0e9b612b764d6aba813c6aea5c')
    expect(sha256(JSON.stringify(syn.truth))).toBe('932d32f0ce5c2cf052dca859a8295edb16a899a4ed39817cd387a2a407678e1c')
    expect(syn.bandsDropped).toBe(0)
  })

  it('snr: sigma = flux / snr with snr drawn log-uniformly in the range, per pixel and band, from the seed', () => {
    const a = synthesizeGalaxy(NOISY, libs, filters)
    expect(Buffer.from(formatFits(a.images)).equals(Buffer.from(formatFits(synthesizeGalaxy(NOISY, libs, filters).images)))).toBe(true)
    expect(Buffer.from(formatFits(a.images)).equals(Buffer.from(formatFits(synthesizeGalaxy({ ...NOISY, seed: 12 }, libs, filters).images)))).toBe(false)
    expect(keyword(a.images[0].cards ?? [], 'SYNSNRLO')).toBe(3)
    expect(keyword(a.images[0].cards ?? [], 'SYNSNRHI')).toBe(50)
    expect(a.truth.snr).toEqual([3, 50])
    const snrs: number[] = []
    const pulls: number[] = []
    for (const p of a.pairs) {
      const at = p.x + RECIPE.size * p.y
      filters.forEach((_, b) => {
        const flux = a.images[1 + 2 * b].data[at]
        const sigma = a.images[2 + 2 * b].data[at]
        if (Number.isNaN(sigma)) return
        snrs.push(p.trueFlux[b] / sigma)
        pulls.push((flux - p.trueFlux[b]) / sigma)
      })
    }
    expect(snrs.length).toBeGreaterThan(2000)
    expect(Math.min(...snrs)).toBeGreaterThanOrEqual(3 * (1 - 1e-12))
    expect(Math.max(...snrs)).toBeLessThanOrEqual(50 * (1 + 1e-12))
    // log-uniform: the median is the geometric mean, and each half-decade-ish third of log range holds a third
    const logs = snrs.map((s) => Math.log(s / 3) / Math.log(50 / 3)).sort((x, y) => x - y)
    expect(Math.abs(logs[logs.length >> 1] - 0.5)).toBeLessThan(0.05)
    expect(Math.abs(logs.filter((v) => v < 1 / 3).length / logs.length - 1 / 3)).toBeLessThan(0.05)
    const mean = pulls.reduce((s, v) => s + v, 0) / pulls.length
    const sd = Math.sqrt(pulls.reduce((s, v) => s + (v - mean) ** 2, 0) / pulls.length)
    expect(Math.abs(mean)).toBeLessThan(0.06)
    expect(Math.abs(sd - 1)).toBeLessThan(0.05)
  })

  it('missingBands: that fraction of pixels loses 1-3 of its usable bands, never below the fit\'s minimum', () => {
    const full = synthesizeGalaxy(NOISY, libs, filters)
    const cut = synthesizeGalaxy({ ...NOISY, missingBands: 0.3 }, libs, filters)
    expect(keyword(cut.images[0].cards ?? [], 'SYNMISS')).toBe(0.3)
    // the drops come after every noise draw: the bands left are the same values
    let lost = 0
    for (const p of cut.truth.pixels) {
      const at = p.x + RECIPE.size * p.y
      let dropped = 0
      let usable = 0
      filters.forEach((_, b) => {
        const before = full.images[1 + 2 * b].data[at]
        const after = cut.images[1 + 2 * b].data[at]
        if (Number.isNaN(after) && !Number.isNaN(before)) {
          dropped++
          expect(before).toBeGreaterThan(0) // only usable bands are dropped
          expect(Number.isNaN(cut.images[2 + 2 * b].data[at])).toBe(true)
        } else {
          expect(Object.is(after, before)).toBe(true)
          if (after > 0) usable++
        }
      })
      expect(dropped).toBeLessThanOrEqual(3)
      if (dropped > 0) {
        lost++
        expect(usable).toBeGreaterThanOrEqual(MIN_BANDS)
      }
    }
    expect(lost).toBe(cut.bandsDropped)
    expect(Math.abs(lost / cut.truth.pixels.length - 0.3)).toBeLessThan(0.08)
    const again = synthesizeGalaxy({ ...NOISY, missingBands: 0.3 }, libs, filters)
    expect(Buffer.from(formatFits(again.images)).equals(Buffer.from(formatFits(cut.images)))).toBe(true)
  })

  it('refuses bad noise settings and bad library builds with a typed error', () => {
    for (const bad of [{ snr: [0.5, 10] }, { snr: [10, 3] }, { snr: [3] }, { snr: [3, Number.NaN] }, { snr: [3, 1e5] }, { missingBands: -0.1 }, { missingBands: 1.5 }, { missingBands: Number.NaN }]) {
      expect(() => checkRecipe({ ...RECIPE, ...bad } as SynthRecipe)).toThrow(GalaxyInputError)
    }
    for (const bad of [{ libraries: 'magphys', build: TINY_BUILD }, { build: { ...TINY_BUILD, filters: '' } }, { build: { ...TINY_BUILD, optical: 0 } }, { build: { ...TINY_BUILD, infrared: 2.5 } }, { build: { ...TINY_BUILD, seed: -1 } }]) {
      expect(() => libraryBuildOf(bad)).toThrow(expect.objectContaining({ code: 'ERR_BAD_RECIPE' }))
    }
    expect(libraryBuildOf({ build: { filters: 'f.dat' } })).toEqual({ filters: 'f.dat', optical: 50_000, infrared: 50_000, seed: 1 })
    expect(libraryBuildOf({ libraries: 'magphys' })).toBeUndefined()
  })

  it('the seeds recipes of runs 3 and 5 are valid and build the real-size libraries', () => {
    for (const run of ['run3', 'run5']) {
      const file = readRecipeFile(join(repoRoot(), 'seeds', 'galaxies', `${run}-pixels.json`))
      expect(recipeFromFile(file)).toMatchObject({ redshift: 0.01, snr: [3, 50], missingBands: 0.2 })
      expect(libraryBuildOf(file)).toMatchObject({ optical: 50_000, infrared: 50_000 })
    }
  })
})

describe('recipe libraries in the cache directory', () => {
  it('the cache directory: --cache-dir, POGS_CACHE_DIR, XDG_CACHE_HOME/pogs, ~/.cache/pogs', () => {
    expect(resolveCacheDir('/a', { POGS_CACHE_DIR: '/b' })).toBe('/a')
    expect(resolveCacheDir(undefined, { POGS_CACHE_DIR: '/b', XDG_CACHE_HOME: '/c' })).toBe('/b')
    expect(resolveCacheDir(undefined, { XDG_CACHE_HOME: '/c' })).toBe('/c/pogs')
    expect(resolveCacheDir(undefined, {})).toMatch(/\.cache\/pogs$/)
  })

  it('a build is named by its inputs: other filters text, counts or seed give another directory', () => {
    const dir = builtLibrariesDir('/cache', TINY_BUILD, 0.01, 'text')
    expect(dir).toMatch(/^\/cache\/libraries\/run0003_filters-z0\.0100-o200-i200-s1-[0-9a-f]{12}$/)
    expect(builtLibrariesDir('/cache', TINY_BUILD, 0.01, 'text 2')).not.toBe(dir)
    expect(builtLibrariesDir('/cache', { ...TINY_BUILD, seed: 2 }, 0.01, 'text')).not.toBe(dir)
    expect(builtLibrariesDir('/cache', { ...TINY_BUILD, optical: 201 }, 0.01, 'text')).not.toBe(dir)
    expect(builtLibrariesDir('/cache', TINY_BUILD, 0.02, 'text')).not.toBe(dir)
  })

  it('builds once into the cache, then reuses; the pixel set and the CLI take the same libraries and pixels', async () => {
    const cacheDir = tempDir()
    const init = { dataDir: DATA, cacheDir, threads: 1 }
    const first = await ensureBuiltLibraries(TINY_BUILD, 0.01, init)
    expect(first.built).toBe(true)
    expect(JSON.parse(readFileSync(join(first.dir, BUILD_MARKER), 'utf8'))).toMatchObject({ ...TINY_BUILD, redshift: 0.01 })
    const optical = join(first.dir, 'optical_z0.0100.lbr')
    const mtime = statSync(optical).mtimeMs
    const second = await ensureBuiltLibraries(TINY_BUILD, 0.01, { ...init, onBuild: () => { throw new Error('built again') } })
    expect(second).toEqual({ dir: first.dir, built: false })
    expect(statSync(optical).mtimeMs).toBe(mtime)
    expect(readFilters(join(first.dir, 'filters.dat')).map((f) => f.name)).toContain('WISEW4')

    const work = tempDir()
    const recipePath = join(work, 'tiny.json')
    writeFileSync(recipePath, JSON.stringify({ name: 'tiny run 3', size: 10, redshift: 0.01, seed: 3009, build: TINY_BUILD, snr: [3, 50], missingBands: 0.2 }))
    const set = await recipePixelSet(recipePath, init)
    expect(set).toMatchObject({ libraries: first.dir, built: false })
    expect(set.observations.length).toBeGreaterThan(10)
    for (const o of set.observations) expect(o.flux.filter((f) => f > 0).length).toBeGreaterThanOrEqual(MIN_BANDS)
    const text = formatObservations(set.observations, 'tiny')
    const back = parseObservations(text, set.filters.length)
    expect(back.errors).toEqual([])
    expect(back.rows.map((r) => r.name)).toEqual(set.observations.map((o) => o.name))
    back.rows.forEach((r, k) => r.flux.forEach((f, b) => {
      const want = set.observations[k].flux[b]
      if (Number.isNaN(want)) expect(f).toBe(0)
      else expect(Math.abs(f - want)).toBeLessThanOrEqual(1e-7 * Math.abs(want))
    }))

    // The CLI, another process, finds the same cache directory and writes the same pixels.
    const out = join(work, 'tiny.fits')
    const obs = join(work, 'observations.dat')
    const cli = await runPogs(['galaxy', 'synth', '--recipe', recipePath, '--data-dir', DATA, '--cache-dir', cacheDir, '--out', out, '--observations', obs])
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stderr).not.toContain('building')
    expect(readFileSync(obs, 'utf8').split('\n').slice(1)).toEqual(text.split('\n').slice(1))
  })
})
