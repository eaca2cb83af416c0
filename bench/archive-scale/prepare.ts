// Child process of the archive-scale benchmark: `prepare.ts DATA_DIR SIZE BINS SCATTER` registers a SIZE x SIZE
// galaxy (every pixel viable) in a coordinator store in DATA_DIR, cuts all its units, takes each through two
// agreeing results and two verifiers' agreement, then assimilates every unit. The first units go the assimilation
// pass's whole way (the result's bytes decoded, records built at the real pixels, store.assimilate); the rest get
// prepared records straight into store.assimilate, from a pool of pre-encoded fits (the fit's cost is not what is
// measured, and encoding ~0.2 ms a pixel would dominate the run). Prints one JSON line.
import '../../src/util/polyfill.js'
import { existsSync, statSync } from 'node:fs'
import type { PixelRecord } from '../../src/coordinator/lifecycle/index.js'
import { realPixelRecords } from '../../src/coordinator/service/assimilation.js'
import { storePath } from '../../src/coordinator/service/paths.js'
import { pixelRecord } from '../../src/coordinator/service/pixel-records.js'
import type { PixelFit } from '../../src/fit/index.js'
import { pixelName } from '../../src/work/unit-payload.js'
import { decodeUnitResult, encodeUnitResult } from '../../src/work/unit-result.js'
import { registerGalaxy, verifyAll } from '../../test/helpers/archive-project.js'
import { syntheticFit, type HistogramShape } from '../../test/helpers/synthetic-fit.js'

const [dataDir, sizeArg, binsArg, scatterArg] = process.argv.slice(2)
const size = Number(sizeArg)
const shape: HistogramShape = { binsPerPixel: Number(binsArg), scatter: Number(scatterArg) }
const SEED = 2013
/** Distinct fits; pixel k uses fit k mod POOL (far apart in the archive's lists, beyond gzip's 32 KiB window). */
const POOL = 4096
/** Units assimilated the pass's whole way (decode, records, store): up to this many, and a quarter at most. */
const FULL_PATH_UNITS = 40

const t0 = performance.now()
const { galaxyId, galaxy, catalogue, areas, store } = await registerGalaxy(dataDir, size)
verifyAll(store)
const setupSeconds = (performance.now() - t0) / 1000

const pool: PixelFit[] = Array.from({ length: Math.min(POOL, size * size) }, (_, k) => syntheticFit(pixelName(galaxy.name, k, 0), k % size, Math.floor(k / size), catalogue.length, shape, SEED))
const poolRecords = pool.map((fit) => pixelRecord(0, 0, fit))
const fitOf = (x: number, y: number): number => (x + size * y) % pool.length

let fullPixels = 0
let fullMs = 0
let storePixels = 0
let storeMs = 0
let units = 0
const fullPathUnits = Math.max(1, Math.min(FULL_PATH_UNITS, Math.floor((store.unitStateCounts().verified ?? 0) / 4)))
for (;;) {
  // The pass's own query (PASS_BATCH units at a time), timed with the store's work.
  const ta = performance.now()
  const batch = store.awaitingAssimilation(100)
  storeMs += performance.now() - ta
  if (batch.length === 0) break
  for (const unit of batch) {
    const map = store.unitPixelMap(unit.unitId) ?? []
    if (units++ < fullPathUnits) {
      // A volunteer's result names pixels by the payload's labels (x = label, y = 0), in payload order.
      const bytes = encodeUnitResult({ unitId: unit.unitId, pixels: map.map((p) => ({ x: p.label, y: 0, fit: pool[fitOf(p.x, p.y)] })) })
      const t = performance.now()
      const name = store.unitInfo(unit.unitId)?.galaxy.name ?? ''
      const { records } = realPixelRecords(decodeUnitResult(bytes), name, store.unitPixelMap(unit.unitId))
      store.assimilate(unit.unitId, records)
      fullMs += performance.now() - t
      fullPixels += records.length
    } else {
      const records: PixelRecord[] = []
      map.forEach((p, position) => { if (!p.ringer) records.push({ ...poolRecords[fitOf(p.x, p.y)], x: p.x, y: p.y, position }) })
      const t = performance.now()
      store.assimilate(unit.unitId, records)
      storeMs += performance.now() - t
      storePixels += records.length
    }
  }
}
const complete = store.galaxiesToArchive().includes(galaxyId)
store.db.pragma('wal_checkpoint(TRUNCATE)')
store.close()
const file = (p: string): number => existsSync(p) ? statSync(p).size : 0
const rows = pool.reduce((n, f) => n + f.histograms.reduce((m, h) => m + h.values.length, 0), 0) / pool.length
console.log(JSON.stringify({
  size,
  pixels: fullPixels + storePixels,
  areas: areas.length,
  units,
  complete,
  setupSeconds: +setupSeconds.toFixed(1),
  fullPathPixelsPerSecond: Math.round(fullPixels / (fullMs / 1000)),
  storePixelsPerSecond: Math.round(storePixels / (storeMs / 1000)),
  histogramRowsPerPixel: Math.round(rows),
  resultBytesPerPixel: Math.round(poolRecords.reduce((n, r) => n + r.histograms.length, 0) / poolRecords.length),
  summaryBytesPerPixel: Math.round(poolRecords.reduce((n, r) => n + r.summary.length, 0) / poolRecords.length),
  databaseBytes: file(storePath(dataDir)) + file(`${storePath(dataDir)}-wal`)
}))
