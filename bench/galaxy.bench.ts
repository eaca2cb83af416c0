// A galaxy end to end on this machine: a 64 x 64 synthetic galaxy forward-modelled from the real z = 0.01
// POGS libraries (49,312 x 50,000 models), written as FITS, read back, every viable pixel fitted on all cores,
// the HDF5 archive written; then the truth is scored. Reports time per stage, peak memory, archive size and the
// calibration figures. `POGS_BENCH_GALAXY_SIZE=32` for a quicker run.
import '../src/util/polyfill.js'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeArchive } from '../src/archive/write-archive.js'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair } from '../src/fit/index.js'
import { readFits, writeFits } from '../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../src/galaxy/galaxy-input.js'
import { scoreRecovery } from '../src/galaxy/synth/recovery.js'
import { synthesizeGalaxy } from '../src/galaxy/synth/synthesize.js'
import { fitGalaxy } from '../src/local-fit/fit-galaxy.js'
import { resolveDataDir } from '../src/util/data-dir.js'

const size = Number(process.env.POGS_BENCH_GALAXY_SIZE ?? 64)
const libraries = join(resolveDataDir(), 'magphys')
const work = mkdtempSync(join(tmpdir(), 'pogs-bench-galaxy-'))
const stage: Record<string, number> = {}
const time = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
  const t = performance.now()
  const out = await fn()
  stage[name] = +((performance.now() - t) / 1000).toFixed(2)
  return out
}

try {
  const before = loadavg()[0]
  const filters = readFilters(join(libraries, 'filters.dat'))
  const fitsPath = join(work, 'g.fits')
  const archivePath = join(work, 'g.h5')
  const syn = await time('synthesize', () => {
    const libs = readLibraryPair(chooseLibrary(listLibraries(libraries), 0.01))
    const g = synthesizeGalaxy({ name: `bench ${size}x${size}`, size, redshift: 0.01, seed: 2013, ra: 150, dec: 20 }, libs, filters)
    writeFits(fitsPath, g.images)
    return g
  })
  const galaxy = galaxyFromFits(readFits(fitsPath), filters)
  const fit = await time('fit', async () => await fitGalaxy(galaxy, { libraries, catalogue: filters }))
  await time('archive', async () => { await writeArchive(archivePath, fit.archive) })
  const pixels = fit.archive.pixels.length
  console.log(JSON.stringify({
    galaxy: `${size} x ${size}`,
    cores: availableParallelism(),
    loadAverageBefore: Number(before.toFixed(2)),
    modelledPixels: syn.modelled,
    fittedPixels: pixels,
    areas: fit.archive.areas.length,
    seconds: stage,
    fitSecondsPerPixelPerCore: +(stage.fit * availableParallelism() / pixels).toFixed(3),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    fitsBytes: statSync(fitsPath).size,
    archiveBytes: statSync(archivePath).size,
    calibration: (['mstar', 'sfr', 'tau_v', 'ssfr'] as const).map((n) => scoreRecovery(syn.truth, fit.archive.pixels, n))
  }, null, 2))
} finally {
  rmSync(work, { recursive: true, force: true })
}
