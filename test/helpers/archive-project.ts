// The coordinator's side of the archive-scale benchmark: a data directory with the project's libraries (the real
// filters.dat; library files that only need a name, a digest and a manifest CID, since nothing is fitted), the
// store opened with the settings the benchmark uses, and the components the archive step takes.
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as createDigest } from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import { WorkStore } from '../../src/coordinator/lifecycle/index.js'
import type { ArchiveInputComponents } from '../../src/coordinator/service/archive-input.js'
import { GalaxyLoader } from '../../src/coordinator/service/galaxy-loader.js'
import { ProjectLibraries } from '../../src/coordinator/service/libraries.js'
import { ProjectRuns } from '../../src/coordinator/service/runs.js'
import { storePath } from '../../src/coordinator/service/paths.js'
import { resolveDataDir } from '../../src/util/data-dir.js'

/** The verifiers' keys (any 32 bytes: the store only compares them). */
export const VERIFIERS = [new Uint8Array(32).fill(201), new Uint8Array(32).fill(202), new Uint8Array(32).fill(203)]
/** Every unit cut to this many pixels (the cost-based size needs a real library's model counts). */
export const PIXELS_PER_UNIT = 200
/** The galaxy's registered redshift: the library pair's. */
export const REDSHIFT = 0.01

const LIBRARY_FILES = ['optical_z0.0100.lbr', 'infrared_z0.0100.lbr']

function libraryDir (dataDir: string): string { return join(dataDir, 'libraries') }

/** Writes the project's libraries directory under `dataDir`: the real filters.dat and two stand-in library files. */
export function writeLibraries (dataDir: string): void {
  const dir = libraryDir(dataDir)
  mkdirSync(dir, { recursive: true })
  copyFileSync(join(resolveDataDir(), 'magphys', 'filters.dat'), join(dir, 'filters.dat'))
  for (const name of LIBRARY_FILES) writeFileSync(join(dir, name), `# header 1\n# header 2\n${name} 1 2 3\n`)
}

/** The libraries as the coordinator serves them, each named by a CID of its bytes. */
export function projectLibraries (dataDir: string): ProjectLibraries {
  const dir = libraryDir(dataDir)
  return new ProjectLibraries(dir, LIBRARY_FILES.map((name) => {
    const digest = createHash('sha256').update(name).digest()
    return { name, cid: CID.createV1(raw.code, createDigest(sha256.code, digest)), size: 100 }
  }))
}

/** The coordinator's store in `dataDir`, with every unit generated at once (no queue limit). */
export function openStore (dataDir: string): WorkStore {
  return new WorkStore({
    path: storePath(dataDir),
    verifiers: VERIFIERS,
    pixelsPerUnit: PIXELS_PER_UNIT,
    queueTarget: 10_000_000,
    queueLowWater: 10_000_000
  })
}

/** What the archive step needs (storedArchive), from the data directory and an open store. */
export function archiveInputComponents (dataDir: string, store: WorkStore): ArchiveInputComponents {
  const libraries = projectLibraries(dataDir)
  return {
    store,
    runs: new ProjectRuns([libraries]),
    galaxies: new GalaxyLoader(dataDir, () => libraries.catalogue),
    now: Date.now
  }
}
