// Child process of the archive-scale benchmark: `archive-step.ts DATA_DIR` runs the coordinator's archive step for
// the galaxy that prepare.ts assimilated in DATA_DIR, as the coordinator runs it (archiver.ts): every assimilated
// unit's areas added to the galaxy's partial archive in the archive thread, a checkpoint per batch of units, then
// the archive finished (area table, provenance, close, rename). Nothing else runs, so the process's peak RSS is the
// step's own (main thread with the store open, and the archive thread with h5wasm), beside the baseline of a
// process with the store open (loaded through tsx; `pogs coordinator` runs compiled code). Prints one JSON line.
import '../../src/util/polyfill.js'
import { statSync } from 'node:fs'
// The thread from the compiled code, as `pogs coordinator` runs it: its worker is plain JavaScript, without tsx.
// @ts-expect-error dist/ has no type declarations; the class is the one src/ declares.
import { ArchiveThread as CompiledArchiveThread } from '../../dist/src/coordinator/service/archive-thread.js'
import type { ArchiveThread } from '../../src/coordinator/service/archive-thread.js'
import { addAssimilated, finishArchive, type ArchiveWriteComponents } from '../../src/coordinator/service/archiver.js'
import { CoordinatorEmitter } from '../../src/coordinator/service/events.js'
import { archiveInputComponents, openStore } from '../../test/helpers/archive-project.js'

const [dataDir] = process.argv.slice(2)
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20)

const store = openStore(dataDir)
const [galaxyId] = store.galaxiesToArchive()
if (galaxyId === undefined) throw new Error(`no complete galaxy in ${dataDir}`)
const thread = new (CompiledArchiveThread as typeof ArchiveThread)()
const events = new CoordinatorEmitter()
let checkpoints = 0
events.on('archive-progress', () => { checkpoints++ })
const c: ArchiveWriteComponents = { ...archiveInputComponents(dataDir, store), store, dataDir, thread, events, signal: new AbortController().signal }
const baselineRss = process.memoryUsage().rss

const t0 = performance.now()
// As the units were assimilated: the coordinator adds them pass by pass while the galaxy is computed.
await addAssimilated(c, galaxyId)
const t1 = performance.now()
const finished = await finishArchive(c, galaxyId)
const t2 = performance.now()
await thread.close()
const peakRss = process.resourceUsage().maxRSS * 1024
store.close()
if (finished === undefined) throw new Error('the archive was not finished')

// Read back only now, after the peak was taken: the step's main thread never loads HDF5 (the archive thread does),
// and h5wasm loaded through tsx costs a process hundreds of MiB.
const { openArchive } = await import('../../src/archive/read-archive.js')
const reopened = await openArchive(finished.path)
const pixels = reopened.facts.pixelsProcessed
reopened.close()
if (pixels !== finished.pixels) throw new Error(`archive says ${pixels} pixels, ${finished.pixels} were written`)
console.log(JSON.stringify({
  writeSeconds: +((t1 - t0) / 1000).toFixed(2),
  checkpoints,
  finishSeconds: +((t2 - t1) / 1000).toFixed(2),
  baselineRssMiB: mib(baselineRss),
  peakRssMiB: mib(peakRss),
  archivedPixels: pixels,
  archiveBytes: statSync(finished.path).size
}))
