// Fitting speed for every filter set POGS used (bench/fit-pixel-sets.ts): per set, the library load alone (read,
// shared with the fit threads, each thread's fit context prepared), one pixel per thread to warm the compiled code
// (reported apart), then the fit alone with the libraries loaded:
// seconds per pixel (median and mean over the set) on one thread and on two (createFitPool), the thread scaling,
// the peak RSS of the process, the bytes of a result on the wire, and the speed-up over the original MAGPHYS.
// Each (set, threads) runs in its own process, so its peak RSS is its own. A set of fast pixels is fitted several
// times over in each run (fit-pixel-sets.ts), so that a run lasts ~10 s on one thread; the thread scaling is the
// median over rounds of each round's one-thread time over its two-thread time.
//
//   npm run bench -- fit
//   POGS_BENCH_FIT_SETS=z01,run3 POGS_BENCH_FIT_PIXELS=2 npm run bench -- fit     # a quick run
//   node --import tsx bench/fit.bench.ts z01 run3                                  # sets as arguments
//
// POGS_BENCH_FIT_SETS: comma-separated sets (z01, z01-wise, run3, run5; default all). POGS_BENCH_FIT_PIXELS: only
// the first N pixels of each set. POGS_BENCH_FIT_THREADS: thread counts (default 1,2). POGS_BENCH_FIT_ROUNDS: runs
// of each thread count, alternating, the median reported (default 3: this machine's speed drifts by a third within
// minutes, which a single run takes for a difference between builds or thread counts). POGS_BENCH_FIT_BUILD_THREADS:
// threads of a recipe's library build when the cache lacks it (default every core). POGS_CACHE_DIR: the cache.
import '../src/util/polyfill.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFitPool, encodePixelFit, type Observation, type PixelFit } from '../src/fit/index.js'
import { resolveCacheDir } from '../src/util/cache-dir.js'
import { resolveDataDir } from '../src/util/data-dir.js'
import { loadPixelSet, parseSetNames, readSetFile, writeSetFile, type BenchPixelSet } from './fit-pixel-sets.js'
import { formatTable, type RunReport, type SetReport } from './fit-report.js'

/** The original MAGPHYS takes ~70 s per pixel per core on this machine kind (6 optical bands, z = 0.01 libraries). */
const MAGPHYS_SECONDS_PER_PIXEL = 70

// A result on the wire is its pixels' canonical encodings (docs/fitting.md#result-encoding) plus a few bytes of
// framing per unit (src/work/unit-result.ts), so a pixel's bytes are its canonical encoding's.
const WIRE_FORM = 'encodePixelFit (canonical, as sent)'
function wireBytes (fit: PixelFit): number {
  return encodePixelFit(fit).byteLength
}

const CHILD_ENV = 'POGS_BENCH_FIT_CHILD'

/** Times one set on `threads` fit threads, in this process. */
async function timeSet (set: BenchPixelSet, threads: number): Promise<RunReport> {
  if (set.observations.length === 0) throw new Error(`bench fit: pixel set ${set.name} has no pixels`)
  const pool = createFitPool({ libraries: set.libraries, threads })
  try {
    // One pixel without data per thread: the pool reads the libraries, shares them with every thread and each
    // thread prepares its fit context, then refuses the pixel at once (too few bands). That is the load.
    const nBands = set.filters.length
    const empty: Observation[] = Array.from({ length: threads }, (_, k) => ({
      name: `load${k}`, redshift: set.observations[0].redshift, flux: new Float64Array(nBands).fill(Number.NaN), sigma: new Float64Array(nBands).fill(Number.NaN)
    }))
    const loadStarted = performance.now()
    await pool.fit(set.filters, empty)
    const libraryLoadSeconds = (performance.now() - loadStarted) / 1000

    // Then one real pixel per thread, reported apart: a thread's first fit runs partly in V8's first tiers (the
    // kernels' long loops are compiled by the optimising tier only after their first call, as WebAssembly has no
    // on-stack replacement), a cost a volunteer pays once per thread and process, not per pixel. Each thread pays it,
    // so it does not shrink with more threads: left in the timed run, it would understate the scaling.
    const warmUpStarted = performance.now()
    await pool.fit(set.filters, set.observations.slice(0, threads))
    const warmUpSeconds = (performance.now() - warmUpStarted) / 1000

    // The timed run fits the set `repeat` times (a short set repeated, fit-pixel-sets.ts). The pool hands pixel
    // `threads + j` to the thread that made the j-th completion, at once: so pixel i started when the pool did
    // (i < threads) or at completion i - threads, and its own time is the difference.
    const list = Array.from({ length: set.repeat }, () => set.observations).flat()
    const n = list.length
    const completions: number[] = []
    const seconds = new Float64Array(n)
    const started = performance.now()
    const outcomes = await pool.fit(set.filters, list, {
      onPixel: (i) => {
        const now = performance.now()
        seconds[i] = (now - (i < threads ? started : completions[i - threads])) / 1000
        completions.push(now)
      }
    })
    const fitSeconds = (performance.now() - started) / 1000
    const fits = outcomes.flatMap((o) => (o.ok ? [o.fit] : []))
    const bytes = fits.reduce((s, f) => s + wireBytes(f), 0)
    const sorted = Array.from(seconds).sort((a, b) => a - b)
    return {
      threads,
      pixels: n,
      fitted: fits.length,
      libraryLoadSeconds: +libraryLoadSeconds.toFixed(2),
      warmUpSeconds: +warmUpSeconds.toFixed(2),
      fitSeconds: +fitSeconds.toFixed(2),
      secondsPerPixel: {
        median: +(n % 2 === 1 ? sorted[n >> 1] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])).toFixed(3),
        mean: +(sorted.reduce((s, v) => s + v, 0) / n).toFixed(3)
      },
      wallSecondsPerPixel: +(fitSeconds / n).toFixed(3),
      resultBytesPerPixel: fits.length === 0 ? 0 : Math.round(bytes / fits.length),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024)
    }
  } finally {
    await pool.close()
  }
}

/** The median of some numbers (the lower middle of an even count). */
function lowerMedian (values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[(values.length - 1) >> 1]
}

/** The round with the median fit time, with every round's fit time. */
function medianRound (rounds: RunReport[]): RunReport {
  const median = lowerMedian(rounds.map((r) => r.fitSeconds))
  return { ...rounds.find((r) => r.fitSeconds === median) as RunReport, roundFitSeconds: rounds.map((r) => r.fitSeconds) }
}

/**
 * One thread's fit time over two threads', round by round (each round runs one, then two threads, minutes apart at
 * most), and their median: the ratio of two runs made in one spell of the machine, whose speed drifts by a third
 * within minutes, rather than of two medians that may come from different spells.
 */
function roundScalings (one: RunReport[], two: RunReport[]): number[] {
  return one.map((r, k) => +(r.fitSeconds / two[k].fitSeconds).toFixed(2))
}

/** Runs timeSet in a process of its own and returns its report. */
function timeInChild (setFile: string, threads: number): RunReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, [CHILD_ENV]: `${threads}:${setFile}` },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 20
  })
  if (r.status !== 0) throw new Error(`bench fit: the run on ${threads} thread(s) exited with ${String(r.status ?? r.signal)}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as RunReport
}

async function main (): Promise<void> {
  const child = process.env[CHILD_ENV]
  if (child !== undefined) {
    const colon = child.indexOf(':')
    const report = await timeSet(readSetFile(child.slice(colon + 1)), Number(child.slice(0, colon)))
    process.stdout.write(JSON.stringify(report) + '\n')
    return
  }
  const names = parseSetNames(process.argv.length > 2 ? process.argv.slice(2).join(',') : process.env.POGS_BENCH_FIT_SETS)
  const threadCounts = (process.env.POGS_BENCH_FIT_THREADS ?? '1,2').split(',').map(Number)
  if (threadCounts.some((t) => !Number.isInteger(t) || t < 1)) throw new Error('POGS_BENCH_FIT_THREADS must list positive integers')
  const maxPixels = process.env.POGS_BENCH_FIT_PIXELS === undefined ? Infinity : Number(process.env.POGS_BENCH_FIT_PIXELS)
  if (!(maxPixels >= 1)) throw new Error('POGS_BENCH_FIT_PIXELS must be a positive number')
  const roundCount = Number(process.env.POGS_BENCH_FIT_ROUNDS ?? '3')
  if (!Number.isInteger(roundCount) || roundCount < 1) throw new Error('POGS_BENCH_FIT_ROUNDS must be a positive integer')
  const buildThreads = process.env.POGS_BENCH_FIT_BUILD_THREADS === undefined ? undefined : Number(process.env.POGS_BENCH_FIT_BUILD_THREADS)
  const dirs = { dataDir: resolveDataDir(), cacheDir: resolveCacheDir(), buildThreads }
  const work = mkdtempSync(join(tmpdir(), 'pogs-bench-fit-'))
  const loadAverageBefore = Number(loadavg()[0].toFixed(2))
  const sets: SetReport[] = []
  try {
    for (const name of names) {
      const full = await loadPixelSet(name, dirs)
      const set = { ...full, observations: full.observations.slice(0, maxPixels) }
      const setFile = join(work, `${name}.json`)
      writeSetFile(setFile, set)
      process.stderr.write(`bench fit: ${name}, ${set.observations.length} pixels${set.repeat > 1 ? ` (fitted ${set.repeat} times over in each run)` : ''}, ${set.filters.length} bands, libraries ${set.libraries}\n`)
      // Rounds alternate the thread counts, so that a slow spell of the machine falls on both alike; each thread
      // count reports its median round.
      const rounds = threadCounts.map((): RunReport[] => [])
      for (let r = 0; r < roundCount; r++) threadCounts.forEach((t, k) => { rounds[k].push(timeInChild(setFile, t)) })
      const runs = rounds.map(medianRound)
      const one = runs.find((r) => r.threads === 1)
      const oneRounds = rounds[threadCounts.indexOf(1)]
      const twoRounds = rounds[threadCounts.indexOf(2)]
      const scalings = oneRounds !== undefined && twoRounds !== undefined ? roundScalings(oneRounds, twoRounds) : null
      sets.push({
        set: name,
        about: set.about,
        bands: set.filters.length,
        pixels: set.observations.length,
        ofPixels: full.observations.length,
        repeat: set.repeat,
        libraries: set.libraries,
        runs,
        threadScaling: scalings === null ? null : lowerMedian(scalings),
        roundThreadScalings: scalings,
        speedupVsMagphys: one !== undefined ? +(MAGPHYS_SECONDS_PER_PIXEL / one.secondsPerPixel.mean).toFixed(1) : null
      })
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  const report = { magphysSecondsPerPixel: MAGPHYS_SECONDS_PER_PIXEL, wireForm: WIRE_FORM, loadAverageBefore, sets }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n\n' + formatTable(sets) + '\n')
}

await main()
