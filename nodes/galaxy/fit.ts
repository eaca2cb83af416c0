import { resolve } from 'node:path'
import type { Command } from '../command.js'
import { libraryFilters } from './libraries-filters.js'
import { writeArchive } from '../../src/archive/write-archive.js'
import { readFits } from '../../src/galaxy/fits/index.js'
import { galaxyFromFits, galaxyWcs } from '../../src/galaxy/galaxy-input.js'
import { fitGalaxy } from '../../src/local-fit/fit-galaxy.js'
import { finiteNumber, parseCommandArgs, positiveInt, required } from '../../src/util/args.js'
import { UsageError } from '../../src/util/errors.js'
import { startProgress, type Progress } from '../../src/util/progress.js'

const USAGE = 'pogs galaxy fit FILE.fits --libraries DIR --out FILE.h5 [--filters FILE] [--threads N] [--name NAME] [--ra DEG] [--dec DEG] [--redshift Z] [--snr S]'

const command: Command = {
  summary: 'fit every viable pixel of a galaxy FITS file on all cores and write its HDF5 archive',
  usage: USAGE,
  async run (argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      libraries: { type: 'string' },
      filters: { type: 'string' },
      out: { type: 'string' },
      threads: { type: 'string' },
      name: { type: 'string' },
      ra: { type: 'string' },
      dec: { type: 'string' },
      redshift: { type: 'string' },
      snr: { type: 'string' }
    }, true)
    if (positionals.length !== 1) throw new UsageError(`expected one galaxy FITS file, got ${positionals.length}`)
    const librariesDir = required(values.libraries, 'libraries')
    const out = resolve(required(values.out, 'out'))
    const catalogue = libraryFilters(librariesDir, values.filters)
    const images = readFits(positionals[0])
    const galaxy = galaxyFromFits(images, catalogue, {
      name: values.name,
      ra: finiteNumber(values.ra, 'ra'),
      dec: finiteNumber(values.dec, 'dec'),
      redshift: finiteNumber(values.redshift, 'redshift'),
      signalToNoise: finiteNumber(values.snr, 'snr')
    }, positionals[0])
    // The archive keeps the layers' WCS (docs/galaxy.md); say when it cannot, or keeps only part of it.
    const wcs = galaxyWcs(images)
    if (wcs.note !== undefined) process.stderr.write(`pogs galaxy fit: WCS: ${wcs.note}\n`)
    let progress: Progress | undefined
    const started = Date.now()
    const result = await fitGalaxy(galaxy, {
      libraries: librariesDir,
      catalogue,
      threads: values.threads === undefined ? undefined : positiveInt(values.threads, 'threads', 1),
      onStart: (n) => { progress = startProgress(`fitting ${galaxy.name}`, n) },
      onPixel: () => progress?.increment()
    }).finally(() => progress?.stop())
    for (const u of result.unfitted) process.stderr.write(`pixel ${u.x},${u.y}\t${u.reason}\t${u.message}\n`)
    await writeArchive(out, result.archive)
    const seconds = (Date.now() - started) / 1000
    process.stderr.write(`pogs galaxy fit: ${galaxy.name}: ${result.archive.pixels.length} pixels fitted in ${result.archive.areas.length} areas, ` +
      `${result.unfitted.length} not fitted, ${seconds.toFixed(1)} s -> ${out}\n`)
    return 0
  }
}

export default command
