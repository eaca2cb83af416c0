// What network tests check an archive against: the archive `pogs galaxy fit` writes for the same galaxy FITS file
// with the same libraries directory, compared pixel for pixel (compareArchives).
import { join } from 'node:path'
import { compareArchives } from '../../src/archive/compare-archives.js'
import { openArchive } from '../../src/archive/read-archive.js'
import { writeArchive } from '../../src/archive/write-archive.js'
import { readFilters } from '../../src/fit/index.js'
import { readFits } from '../../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../../src/galaxy/galaxy-input.js'
import { fitGalaxy } from '../../src/local-fit/fit-galaxy.js'

/** The comparison of `archive` with the local fit of `fits` (written to `outDir/local.h5`), and how many pixels
 * the local fit has. */
export async function compareWithLocalFit (archive: string, fits: string, libraries: string, outDir: string): Promise<{ differences: string[], compared: number, pixels: number }> {
  const catalogue = readFilters(join(libraries, 'filters.dat'))
  const local = await fitGalaxy(galaxyFromFits(readFits(fits), catalogue, {}, fits), { libraries, catalogue, threads: 2 })
  const localPath = join(outDir, 'local.h5')
  // Uncompressed: reading histograms back one by one decompresses a whole chunk each time (compareArchives).
  await writeArchive(localPath, local.archive, { compress: false })
  const [net, mine] = await Promise.all([openArchive(archive), openArchive(localPath)])
  try {
    const { differences, compared } = compareArchives(net, mine)
    return { differences, compared, pixels: local.archive.pixels.length }
  } finally {
    net.close()
    mine.close()
  }
}
