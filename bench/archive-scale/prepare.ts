// Child process of the archive-scale benchmark: `prepare.ts DATA_DIR SIZE BINS SCATTER` registers a SIZE x SIZE
// galaxy (every pixel viable) in a coordinator store in DATA_DIR, cuts all its units, takes each through two
// agreeing results and two verifiers' agreement, then assimilates every unit. The first units go the assimilation
// pass's whole way (the result's bytes decoded, records built at the real pixels, store.assimilate); the rest get
// prepared records straight into store.assimilate, from a pool of pre-encoded fits (the fit's cost is not what is
// measured, and encoding ~0.2 ms a pixel would dominate the run). Prints one JSON line.
import '../../src/util/polyfill.js'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import type { PixelRecord, WorkStore } from '../../src/coordinator/lifecycle/index.js'
import { realPixelRecords } from '../../src/coordinator/service/assimilation.js'
import { storeGalaxyLayers, type GalaxyMetadata } from '../../src/coordinator/service/galaxy-loader.js'
import { galaxiesDir, storePath } from '../../src/coordinator/service/paths.js'
import { pixelRecord } from '../../src/coordinator/service/pixel-records.js'
import type { FilterSpec, PixelFit } from '../../src/fit/index.js'
import { cutAreas } from '../../src/galaxy/areas.js'
import type { Galaxy } from '../../src/galaxy/galaxy-input.js'
import { pixelName } from '../../src/work/unit-payload.js'
import { decodeUnitResult, encodeUnitResult } from '../../src/work/unit-result.js'
import { openStore, projectLibraries, REDSHIFT, VERIFIERS, writeLibraries } from './project.js'
import { syntheticFit, type HistogramShape } from './synthetic-fit.js'

const [dataDir, sizeArg, binsArg, scatterArg] = process.argv.slice(2)
const size = Number(sizeArg)
const shape: HistogramShape = { binsPerPixel: Number(binsArg), scatter: Number(scatterArg) }
const SEED = 2013
/** Distinct fits; pixel k uses fit k mod POOL (far apart in the archive's lists, beyond gzip's 32 KiB window). */
const POOL = 4096
/** Units assimilated the pass's whole way (decode, records, store): up to this many, and a quarter at most. */
const FULL_PATH_UNITS = 40
const ASSIGN_BATCH = 1000

function syntheticGalaxy (name: string, filters: FilterSpec[]): Galaxy {
  const n = size * size
  const flux = filters.map((_, b) => Float64Array.from({ length: n }, (_, k) => 1e-5 * (1 + 0.3 * b) * (1 + (k % size) / size)))
  return {
    name,
    ra: 150,
    dec: 20,
    redshift: REDSHIFT,
    width: size,
    height: size,
    filters,
    flux,
    sigma: flux.map((f) => f.map((v) => 0.1 * v)),
    sigmaLayers: filters.map((f) => f.name),
    signalToNoise: 10,
    header: [
      { keyword: 'SIMPLE', value: true, comment: 'conforms to FITS' },
      { keyword: 'OBJECT', value: name, comment: 'synthetic galaxy of the archive-scale benchmark' },
      { keyword: 'REDSHIFT', value: REDSHIFT, comment: '' }
    ],
    wcs: []
  }
}

function rawKey (): Uint8Array {
  const { publicKey } = generateKeyPairSync('ed25519')
  return Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url')
}

/** Every unit handed to two volunteers, both results returned (equal digests), two verifiers agreeing. */
function verifyAll (store: WorkStore): void {
  const volunteers = [rawKey(), rawKey()]
  let requests = 0
  for (;;) {
    let handed = 0
    for (const volunteer of volunteers) {
      for (const a of store.assignWork({ volunteer, requestId: `r${requests++}`, maxUnits: ASSIGN_BATCH })) {
        handed++
        const digest = new Uint8Array(32).fill(a.unitId.length)
        store.submitResult({ instanceId: a.instanceId, volunteer, digest, resultCid: `bafkreibench${a.unitId}`, size: 1000, signature: new Uint8Array(64).fill(7) })
      }
    }
    if (handed === 0) break
  }
  for (;;) {
    const units = store.awaitingVerification(ASSIGN_BATCH)
    if (units.length === 0) break
    for (const u of units) {
      const results = u.results.map((r) => r.instanceId)
      for (const verifier of VERIFIERS.slice(0, 2)) {
        if (store.recordVerdict({ unitId: u.unitId, round: u.round, verifier, agree: true, results, signature: new Uint8Array(64).fill(1) }).effect === 'verified') break
      }
    }
  }
}

const t0 = performance.now()
mkdirSync(dataDir, { recursive: true })
writeLibraries(dataDir)
const catalogue = projectLibraries(dataDir).catalogue ?? []
const galaxy = syntheticGalaxy(`bench ${size}x${size}`, catalogue)
const areas = cutAreas(galaxy)
const store = openStore(dataDir)
const metadata: GalaxyMetadata = { ra: 150, dec: 20, signalToNoise: 10, sha256: '0'.repeat(64), width: size, height: size }
const { galaxyId } = store.addGalaxy({ name: galaxy.name, bands: catalogue.map((f) => f.name), redshift: REDSHIFT, metadata: { ...metadata }, areas })
mkdirSync(galaxiesDir(dataDir), { recursive: true })
storeGalaxyLayers(dataDir, { id: galaxyId, name: galaxy.name }, galaxy)
await store.fillQueue((plan) => ({ payloadCid: `bafybench${plan.unitId}`, filters: catalogue.length }))
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
