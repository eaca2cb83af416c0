// Fitting speed on the real z = 0.01 POGS libraries (49,312 x 50,000 models, 6.6e8 energy-balanced pairs) and
// the 17 real UGC05479 reference pixels: seconds per pixel on one thread and on all threads, whole process
// (libraries loaded), and peak memory. The original MAGPHYS takes ~70 s per pixel per core on this machine kind.
import '../src/util/polyfill.js'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { createFitPool, readFilters, readObservations } from '../src/fit/index.js'
import { resolveDataDir } from '../src/util/data-dir.js'

const ORIGINAL_SECONDS_PER_PIXEL = 70
const data = resolveDataDir()
const ref = join(data, 'reference', 'z01')
const filters = readFilters(join(ref, 'filters.dat'))
const rows = readObservations(join(ref, 'observations.dat'), filters.length).rows

async function run (threads: number): Promise<{ seconds: number, perPixel: number, perPixelPerCore: number }> {
  const started = performance.now()
  const pool = createFitPool({ libraries: join(data, 'magphys'), threads })
  try {
    const out = await pool.fit(filters, rows)
    if (out.some((o) => !o.ok)) throw new Error('a reference pixel was not fitted')
  } finally {
    await pool.close()
  }
  const seconds = (performance.now() - started) / 1000
  return { seconds, perPixel: seconds / rows.length, perPixelPerCore: seconds * threads / rows.length }
}

const cores = availableParallelism()
const before = loadavg()[0]
const one = await run(1)
const all = await run(cores)
const maxRssMiB = process.resourceUsage().maxRSS / 1024
const report = {
  pixels: rows.length,
  loadAverageBefore: Number(before.toFixed(2)),
  oneThread: { seconds: +one.seconds.toFixed(2), secondsPerPixel: +one.perPixel.toFixed(3), speedupVsOriginal: +(ORIGINAL_SECONDS_PER_PIXEL / one.perPixel).toFixed(1) },
  allThreads: { threads: cores, seconds: +all.seconds.toFixed(2), secondsPerPixel: +all.perPixel.toFixed(3), secondsPerPixelPerCore: +all.perPixelPerCore.toFixed(3) },
  peakRssMiB: Math.round(maxRssMiB)
}
console.log(JSON.stringify(report, null, 2))
