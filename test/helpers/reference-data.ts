import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readTextFile } from '../../src/fit/text-file.js'
import { resolveDataDir } from '../../src/util/data-dir.js'
import { tempDir } from './temp-dirs.js'

/** The reference data directory (../shared/data unless POGS_DATA_DIR says otherwise). */
export const DATA = resolveDataDir()
export const REFERENCE = join(DATA, 'reference')
export const MAGPHYS_LIBS = join(DATA, 'magphys')

export { tempDir } from './temp-dirs.js'

/**
 * A small library pair cut from real POGS libraries (every `stride`-th model), written with two header lines in
 * our naming, so that tests of the general pair loop run in seconds.
 */
export function writeSmallLibraries (srcDir: string, z: string, stride: number, dir = tempDir()): string {
  const cut = (path: string, skip: number): string => {
    const lines = readTextFile(path).split('\n').slice(skip).filter((l) => l.trim() !== '')
    return ['# header 1', '# header 2', ...lines.filter((_, k) => k % stride === 0)].join('\n') + '\n'
  }
  // POGS optical files carry one header line, infrared files two.
  writeFileSync(join(dir, `optical_z${z}.lbr`), cut(join(srcDir, `starformhist_cb07_z${z}.lbr.gz`), 1))
  writeFileSync(join(dir, `infrared_z${z}.lbr`), cut(join(srcDir, `infrared_dce08_z${z}.lbr.gz`), 2))
  return dir
}

/** Small libraries (every `stride`-th model) with the filters.dat they were built for, as `--libraries` expects. */
export function writeSmallLibrariesWithFilters (stride: number, z = '0.0100'): string {
  const dir = writeSmallLibraries(MAGPHYS_LIBS, z, stride)
  copyFileSync(join(MAGPHYS_LIBS, 'filters.dat'), join(dir, 'filters.dat'))
  return dir
}
