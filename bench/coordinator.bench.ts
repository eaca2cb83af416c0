// Coordinator state throughput and growth (goal for the whole coordinator: >= 2,000 signed results
// verified and recorded per second; memory as the database grows to 1e6 work units).
//  1. Store path alone: submitResult for pre-assigned instances of many simulated volunteers (each second result
//     of a unit also runs the transition to `returned`), in a WAL database file.
//  2. The same with node:crypto ed25519 verification of each result's signature in the loop.
//  3. Growth: work units (one area each) inserted in batches of 10,000 up to 1e6, with RSS, database size and the
//     rates of assignment and result submission measured at each step. Run with POGS_BENCH_UNITS=N to stop earlier.
import '../src/util/polyfill.js'
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { WorkStore } from '../src/coordinator/lifecycle/index.js'
import { packPixels } from '../src/coordinator/lifecycle/galaxies.js'

const VOLUNTEERS = 1000
const THROUGHPUT_UNITS = 20_000
const GROWTH_MAX = Number(process.env.POGS_BENCH_UNITS ?? 1_000_000)
const BATCH = 10_000
const VERIFIERS = [new Uint8Array(32).fill(201), new Uint8Array(32).fill(202), new Uint8Array(32).fill(203)]
const dir = mkdtempSync(join(tmpdir(), 'pogs-bench-'))

interface Volunteer { raw: Uint8Array, publicKey: KeyObject, privateKey: KeyObject }

function volunteers (n: number): Volunteer[] {
  return Array.from({ length: n }, () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url')
    return { raw, publicKey, privateKey }
  })
}

/** Inserts `count` one-area units of galaxy `galaxyId` directly (batched transactions), numbering from `from`. */
function insertUnits (store: WorkStore, galaxyId: number, from: number, count: number): void {
  const area = store.db.prepare(`INSERT INTO areas (galaxy_id, area_index, x0, x1, y0, y1, pixels, viable_pixels, unit_id)
    VALUES (?, ?, 0, 15, ?, ?, ?, 15, ?)`)
  const unit = store.db.prepare(`INSERT INTO work_units (id, galaxy_id, seq, priority, payload_cid, pixels, bands, state, target, needed, created)
    VALUES (?, ?, ?, 0, ?, 15, 12, 'unsent', 2, 2, ?)`)
  const pixels = packPixels(Array.from({ length: 15 }, (_, x): [number, number] => [x, 0]))
  const now = Date.now()
  for (let start = from; start < from + count; start += BATCH) {
    store.db.transaction(() => {
      for (let k = start; k < Math.min(from + count, start + BATCH); k++) {
        const id = `g${galaxyId}a${k}`
        unit.run(id, galaxyId, k + 1, `bafkreib${k.toString(36).padStart(51, 'x')}`, now)
        area.run(galaxyId, k, 7 * k, 7 * k + 7, pixels, id)
      }
    })()
  }
}

let stores = 0
function newStore (name: string): WorkStore {
  const store = new WorkStore({ path: join(dir, `${stores++}-${name}`), verifiers: VERIFIERS })
  store.addGalaxy({ name: 'bench', bands: Array.from({ length: 12 }, (_, b) => `B${b}`), redshift: 0.01, areas: [] })
  store.db.prepare(`UPDATE galaxies SET status = 'generating'`).run()
  return store
}

interface Signed { instanceId: string, v: Volunteer, digest: Uint8Array, cid: string, message: Buffer, signature: Uint8Array }

/** Assigns every unit to two volunteers and prepares each instance's signed result. */
let requests = 0
function prepare (store: WorkStore, vols: Volunteer[], units: number): Signed[] {
  const out: Signed[] = []
  for (let k = 0; out.length < 2 * units; k++) {
    const v = vols[k % vols.length]
    for (const a of store.assignWork({ volunteer: v.raw, requestId: `r${requests++}`, maxUnits: 8 })) {
      const digest = Buffer.alloc(32, a.unitId.length)
      const cid = `bafkreiresult${a.instanceId}`
      const message = Buffer.concat([Buffer.from('pogs/result/v1'), Buffer.from(a.instanceId), digest, Buffer.from(cid)])
      out.push({ instanceId: a.instanceId, v, digest, cid, message, signature: sign(null, message, v.privateKey) })
    }
  }
  return out
}

function submitAll (store: WorkStore, signed: Signed[], withVerify: boolean): number {
  const t = performance.now()
  for (const s of signed) {
    if (withVerify && !verify(null, s.message, s.v.publicKey, s.signature)) throw new Error('bad signature')
    const out = store.submitResult({ instanceId: s.instanceId, volunteer: s.v.raw, digest: s.digest, resultCid: s.cid, size: 40_000, signature: s.signature })
    if (out.status !== 'accepted') throw new Error('benchmark submitted a duplicate')
  }
  return signed.length / ((performance.now() - t) / 1000)
}

function throughput (vols: Volunteer[]): { storeOnly: number, withEd25519: number, verifyOnly: number } {
  const a = newStore('throughput-a.sqlite')
  insertUnits(a, 1, 0, THROUGHPUT_UNITS)
  const storeOnly = submitAll(a, prepare(a, vols, THROUGHPUT_UNITS), false)
  a.close()
  const b = newStore('throughput-b.sqlite')
  insertUnits(b, 1, 0, THROUGHPUT_UNITS)
  const signed = prepare(b, vols, THROUGHPUT_UNITS)
  const tv = performance.now()
  for (const s of signed) verify(null, s.message, s.v.publicKey, s.signature)
  const verifyOnly = signed.length / ((performance.now() - tv) / 1000)
  const withEd25519 = submitAll(b, signed, true)
  b.close()
  return { storeOnly: Math.round(storeOnly), withEd25519: Math.round(withEd25519), verifyOnly: Math.round(verifyOnly) }
}

function fileMiB (path: string): number {
  const size = (p: string): number => existsSync(p) ? statSync(p).size : 0
  return +((size(path) + size(`${path}-wal`)) / 2 ** 20).toFixed(1)
}

function growth (vols: Volunteer[]): Array<Record<string, number>> {
  const store = newStore('growth.sqlite')
  const path = store.db.name
  const curve: Array<Record<string, number>> = []
  const step = Math.max(BATCH, GROWTH_MAX / 10)
  for (let n = 0; n < GROWTH_MAX; n += step) {
    const t = performance.now()
    insertUnits(store, 1, n, step)
    const insertPerSecond = step / ((performance.now() - t) / 1000)
    // Work at this size: 2,000 units handed out (8 per request) and both results returned.
    const ta = performance.now()
    const signed = prepare(store, vols, 2000)
    const assignAndSignPerSecond = signed.length / ((performance.now() - ta) / 1000)
    const submitPerSecond = submitAll(store, signed, false)
    curve.push({
      units: n + step,
      insertUnitsPerSecond: Math.round(insertPerSecond),
      instancesAssignedAndSignedPerSecond: Math.round(assignAndSignPerSecond),
      submitPerSecond: Math.round(submitPerSecond),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      dbMiB: fileMiB(path)
    })
  }
  store.close()
  return curve
}

try {
  const load = loadavg()[0]
  const vols = volunteers(VOLUNTEERS)
  const rate = throughput(vols)
  const curve = growth(vols)
  console.log(JSON.stringify({
    loadAverageBefore: +load.toFixed(2),
    volunteers: VOLUNTEERS,
    resultsPerSecond: { ...rate, goal: 2000, instances: 2 * THROUGHPUT_UNITS },
    growth: curve,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverageAfter: +loadavg()[0].toFixed(2)
  }, null, 2))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
