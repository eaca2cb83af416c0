// A large galaxy through the coordinator's assimilation and archive (docs/archive.md#size-and-speed): a SIZE x SIZE
// galaxy, every pixel viable, registered in a coordinator store, cut into units, each unit verified and
// assimilated with synthetic but well-formed fits (bench/archive-scale/synthetic-fit.ts: the real PixelFit shape,
// histograms on MAGPHYS' grids in the real codec), then archived as the coordinator archives (archiver.ts: each
// assimilated unit's areas added to the galaxy's partial archive in the archive thread, a checkpoint per batch of
// units, then the archive finished). Each case runs in two child processes: prepare.ts (store, units,
// assimilation) and archive-step.ts (the archive step alone, so its peak RSS is its own). Reports per case:
// assimilation rate (pixels stored per second: the pass's whole way, decode + records + store, on the first units;
// store.assimilate alone on the rest), database size, the time to add every unit (checkpoints included) and to
// finish, baseline and peak RSS of the archiving process (main thread and archive thread), and the archive's size.
// Cases (env): POGS_BENCH_ARCHIVE_CASES, comma-separated SIZE or SIZE@BINS (non-zero histogram bins per pixel,
// default 640: ~40 a parameter; real fits of the reference pixels are broader, ~8 kB a pixel encoded).
import '../src/util/polyfill.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CASES = (process.env.POGS_BENCH_ARCHIVE_CASES ?? '64,128,256,512,64@5000').split(',').map((c) => {
  const [size, bins] = c.split('@').map(Number)
  return { size, bins: bins ?? 640 }
})
/** Bin-to-bin scatter of the synthetic histograms, as a fraction of the bell's height. */
const SCATTER = 0.1
const here = join(dirname(fileURLToPath(import.meta.url)), 'archive-scale')

type Report = Record<string, number | string | boolean>

/** Runs a child script of bench/archive-scale and returns its JSON line, or why it failed. */
function child (script: string, args: string[]): Report {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024
  })
  const line = r.stdout.trim().split('\n').at(-1) ?? ''
  // HDF5 reports some failures only on stderr (h5wasm does not throw for them): say so beside the figures, with
  // the innermost cause of the first.
  const stack = r.stderr.split('HDF5-DIAG')[1] ?? ''
  const cause = [...stack.matchAll(/#\d+: .* in (\w+\(\)): (.*)/g)].at(-1)
  const hdf5: Report = cause === undefined ? {} : { hdf5Diagnostic: `${cause[1]}: ${cause[2]}` }
  if (r.status === 0 && line.startsWith('{')) return { ...(JSON.parse(line) as Report), ...hdf5 }
  const why = r.signal !== null ? `signal ${r.signal}` : `exit ${r.status}`
  return { failed: `${script}: ${why}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` }
}

const rows: Report[] = []
const before = loadavg()[0]
for (const { size, bins } of CASES) {
  const dir = mkdtempSync(join(tmpdir(), 'pogs-bench-archive-'))
  try {
    const t = performance.now()
    const prepared = child('prepare.ts', [dir, String(size), String(bins), String(SCATTER)])
    const archived = prepared.failed === undefined
      ? child('archive-step.ts', [dir])
      : {}
    rows.push({ galaxy: `${size} x ${size}`, bins, ...prepared, ...archived, caseSeconds: Math.round((performance.now() - t) / 1000) })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const MIB = 2 ** 20
const columns: Array<[string, (r: Report) => string]> = [
  ['galaxy', (r) => String(r.galaxy)],
  ['bins/px', (r) => String(r.histogramRowsPerPixel ?? r.bins)],
  ['pixels', (r) => String(r.pixels ?? '')],
  ['units', (r) => String(r.units ?? '')],
  ['assim px/s (pass)', (r) => String(r.fullPathPixelsPerSecond ?? '')],
  ['assim px/s (store)', (r) => String(r.storePixelsPerSecond ?? '')],
  ['db MiB', (r) => typeof r.databaseBytes === 'number' ? (r.databaseBytes / MIB).toFixed(0) : ''],
  ['write s', (r) => String(r.writeSeconds ?? '')],
  ['checkpoints', (r) => String(r.checkpoints ?? '')],
  ['finish s', (r) => String(r.finishSeconds ?? '')],
  ['base RSS MiB', (r) => String(r.baselineRssMiB ?? '')],
  ['peak RSS MiB', (r) => String(r.peakRssMiB ?? '')],
  ['archive MiB', (r) => typeof r.archiveBytes === 'number' ? (r.archiveBytes / MIB).toFixed(1) : ''],
  ['case s', (r) => String(r.caseSeconds)]
]
const cells = rows.map((r) => columns.map(([, f]) => f(r)))
const widths = columns.map(([h], k) => Math.max(h.length, ...cells.map((c) => c[k].length)))
const line = (c: string[]): string => c.map((v, k) => v.padStart(widths[k])).join('  ')
process.stdout.write(`${line(columns.map(([h]) => h))}\n${cells.map(line).join('\n')}\n`)
for (const r of rows) {
  if (r.failed !== undefined) process.stdout.write(`${r.galaxy}: ${r.failed}\n`)
  if (r.hdf5Diagnostic !== undefined) process.stdout.write(`${r.galaxy}: HDF5 printed an error (the archive was written): ${r.hdf5Diagnostic}\n`)
}
console.log(JSON.stringify({ loadAverageBefore: +before.toFixed(2), loadAverageAfter: +loadavg()[0].toFixed(2), cases: rows }, null, 2))
