// Child process of the archive-scale benchmark: `archive-step.ts DATA_DIR` runs the coordinator's archiving step
// for the complete galaxy that prepare.ts left in DATA_DIR (the archive's head built from the store, its pixels
// read from the store and written to the HDF5 archive in archives/ one by one, as archiver.ts does) and nothing
// else, so the process's peak RSS is the step's own (plus the baseline of a process with the store open and h5wasm
// loaded, reported beside it). Prints one JSON line.
import '../../src/util/polyfill.js'
import { mkdirSync, statSync } from 'node:fs'
import { loadH5 } from '../../src/archive/h5.js'
import { openArchive } from '../../src/archive/read-archive.js'
import { storedArchive } from '../../src/coordinator/service/archive-input.js'
import { writeStoredArchive } from '../../src/coordinator/service/archiver.js'
import { archiveFile, archivesDir } from '../../src/coordinator/service/paths.js'
import { archiveInputComponents, openStore } from './project.js'

const [dataDir] = process.argv.slice(2)
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20)

await loadH5()
const store = openStore(dataDir)
const [galaxyId] = store.galaxiesToArchive()
if (galaxyId === undefined) throw new Error(`no complete galaxy in ${dataDir}`)
const components = archiveInputComponents(dataDir, store)
mkdirSync(archivesDir(dataDir), { recursive: true })
const baselineRss = process.memoryUsage().rss

const t0 = performance.now()
const archive = await storedArchive(components, galaxyId)
const t1 = performance.now()
const afterHeadRss = process.memoryUsage().rss
const path = archiveFile(dataDir, galaxyId, archive.head.name)
const written = await writeStoredArchive(path, archive)
const t2 = performance.now()
const peakRss = process.resourceUsage().maxRSS * 1024
store.close()

const reopened = await openArchive(path)
const pixels = reopened.facts.pixelsProcessed
reopened.close()
if (pixels !== written) throw new Error(`archive says ${pixels} pixels, ${written} were written`)
console.log(JSON.stringify({
  headSeconds: +((t1 - t0) / 1000).toFixed(2),
  writeSeconds: +((t2 - t1) / 1000).toFixed(2),
  baselineRssMiB: mib(baselineRss),
  afterHeadRssMiB: mib(afterHeadRss),
  peakRssMiB: mib(peakRss),
  archivedPixels: pixels,
  archiveBytes: statSync(path).size
}))
