// The input's WCS from FITS to archive to export on both paths: `pogs galaxy fit`'s (fitted for real on a small
// synthetic galaxy whose layers carry a WCS) and the coordinator's (registration's layers file, read back as the
// archive input is built from it). The full network run compares its archive with the local one, WCS included
// (compareArchives, test/unit/coordinator/service/network-compute.test.ts).
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { galaxyArchiveFields } from '../../../src/archive/archive-input.js'
import { writeFitsExport } from '../../../src/archive/export-fits.js'
import { openArchive } from '../../../src/archive/read-archive.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { GalaxyLoader, storeGalaxyLayers } from '../../../src/coordinator/service/galaxy-loader.js'
import { galaxiesDir } from '../../../src/coordinator/service/paths.js'
import { chooseLibrary, listLibraries, N_VALUES, PARAMETER_NAMES, readFilters, readLibraryPair, type FilterSpec } from '../../../src/fit/index.js'
import { formatFits, keyword, parseFits, type FitsImage } from '../../../src/galaxy/fits/index.js'
import { galaxyFromFits, type Galaxy } from '../../../src/galaxy/galaxy-input.js'
import { synthesizeGalaxy } from '../../../src/galaxy/synth/synthesize.js'
import { fitGalaxy } from '../../../src/local-fit/fit-galaxy.js'
import { tempDir, writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'
import { TEST_WCS, withWcs } from './wcs-cards.js'

const SIZE = 10
let libraries: string
let filters: FilterSpec[]
let images: FitsImage[]
let galaxy: Galaxy

beforeAll(() => {
  libraries = writeSmallLibrariesWithFilters(50)
  filters = readFilters(join(libraries, 'filters.dat'))
  const syn = synthesizeGalaxy({ name: 'wcs spiral', size: SIZE, redshift: 0.01, seed: 11, ra: 12.5, dec: -30.25 }, readLibraryPair(chooseLibrary(listLibraries(libraries), 0.01)), filters)
  // Every layer (flux and sigma) carries the same WCS, as survey cut-outs resampled to one grid do.
  // Synth's own grid is replaced by a rotated one with a CD matrix.
  images = parseFits(formatFits(withWcs(syn.images, TEST_WCS)))
  galaxy = galaxyFromFits(images, filters)
}, 60_000)

describe('the input WCS on both paths', () => {
  it('pogs galaxy fit: FITS in -> fitted galaxy -> archive -> export, cards unchanged (nothing is cut, CRPIX stays)', async () => {
    expect(galaxy.wcs).toEqual(TEST_WCS)
    const fit = await fitGalaxy(galaxy, { libraries, catalogue: filters, threads: 2 })
    expect(fit.archive.pixels.length).toBeGreaterThan(10)
    expect(fit.archive.wcs).toEqual(TEST_WCS)
    const dir = tempDir()
    const path = join(dir, 'local.h5')
    await writeArchive(path, fit.archive, { compress: false })
    const a = await openArchive(path)
    try {
      expect(a.facts.wcs).toEqual(TEST_WCS)
      expect([a.facts.width, a.facts.height]).toEqual([SIZE, SIZE])
      const plan = writeFitsExport(a, join(dir, 'local.fits'))
      expect(plan.wcs).toBe('carried')
      const [, first] = parseFits(readFileSync(join(dir, 'local.fits')))
      expect(keyword(first.cards, 'EXTNAME')).toBe(PARAMETER_NAMES[0])
      expect(first.axes).toEqual([SIZE, SIZE, N_VALUES])
      for (const w of TEST_WCS) expect(keyword(first.cards, w.keyword)).toBe(w.value)
      // Each fitted pixel's median (plane 2) where the archive has it.
      for (const p of fit.archive.pixels) expect(first.data[p.x + SIZE * (p.y + SIZE * 1)]).toBe(Math.fround(p.fit.summary[1]))
    } finally {
      a.close()
    }
  }, 60_000)

  it('the coordinator: registration\'s layers file gives the archive input the same cards as the local fit', () => {
    const dataDir = tempDir()
    mkdirSync(galaxiesDir(dataDir), { recursive: true })
    const registered = { id: 7, name: galaxy.name, redshift: galaxy.redshift, metadata: {} }
    storeGalaxyLayers(dataDir, registered, galaxy)
    const facts = new GalaxyLoader(dataDir, () => filters).facts(registered)
    expect(facts.wcs).toEqual(TEST_WCS)
    // What buildArchiveInput (src/coordinator/service/archive-input.ts) and fitGalaxy take from the galaxy.
    expect(galaxyArchiveFields(facts, filters)).toEqual(galaxyArchiveFields(galaxy, filters))
  })
})
