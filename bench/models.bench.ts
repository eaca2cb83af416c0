// Model preparation at full size: 50,000 optical + 50,000 infrared models for the 12 POGS bands
// (seeds/filters/pogs-12.dat) at the 11 redshifts 0.00-0.10, on every core; wall time and peak memory (the
// process and its worker threads). Target: under 10 minutes on 2 cores. POGS_BENCH_MODELS_SCALE=0.1 builds a
// tenth of the models for a quick try.
import '../src/util/polyfill.js'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFilters } from '../src/fit/index.js'
import { buildLibraries, parseRedshifts } from '../src/models/index.js'
import { resolveDataDir } from '../src/util/data-dir.js'
import { repoRoot } from '../src/util/repo-root.js'

const TARGET_SECONDS = 600
const scale = Number(process.env.POGS_BENCH_MODELS_SCALE ?? '1')
if (!(scale > 0 && scale <= 1)) throw new Error('POGS_BENCH_MODELS_SCALE must be in (0, 1]')
const n = Math.max(1, Math.round(50_000 * scale))
const out = mkdtempSync(join(tmpdir(), 'pogs-models-bench-'))
const threads = availableParallelism()
const before = loadavg()[0]
try {
  const result = await buildLibraries({
    dataDir: resolveDataDir(),
    filters: readFilters(join(repoRoot(), 'seeds', 'filters', 'pogs-12.dat')),
    redshifts: parseRedshifts('0:0.1:0.01'),
    nOptical: n,
    nInfrared: n,
    seed: 1
  }, { out, threads })
  const bytes = result.files.reduce((s, f) => s + statSync(f).size, 0)
  const cpu = process.cpuUsage()
  const report = {
    opticalModels: n,
    infraredModels: n,
    bands: 12,
    redshifts: 11,
    threads,
    loadAverageBefore: Number(before.toFixed(2)),
    opticalCandidates: result.opticalCandidates,
    seconds: +result.seconds.toFixed(1),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    withinTarget: result.seconds < TARGET_SECONDS * scale,
    files: result.files.length,
    outputMiB: Math.round(bytes / 2 ** 20),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024)
  }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n')
} finally {
  rmSync(out, { recursive: true, force: true })
}
