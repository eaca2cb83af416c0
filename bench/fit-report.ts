// The fit benchmark's report: one run per (pixel set, thread count), gathered per set, and a markdown table.

/** One set timed on one thread count, in a process of its own. */
export interface RunReport {
  threads: number
  pixels: number
  fitted: number
  /** Reading the libraries, sharing them with the threads and preparing each thread's fit context. */
  libraryLoadSeconds: number
  /** One pixel per thread, fitted before the timed run to warm the compiled code (not counted below). */
  warmUpSeconds: number
  /** Wall time of the fit of every pixel, libraries loaded. */
  fitSeconds: number
  /** Each pixel's own fit time (from its start on a thread to its result). */
  secondsPerPixel: { median: number, mean: number }
  /** fitSeconds / pixels: what the threads together deliver. */
  wallSecondsPerPixel: number
  resultBytesPerPixel: number
  peakRssMiB: number
  /** fitSeconds of every round on this thread count (this report is the round with the median one). */
  roundFitSeconds?: number[]
}

/** One set over every thread count. */
export interface SetReport {
  set: string
  about: string
  bands: number
  pixels: number
  /** Pixels in the whole set (more than `pixels` when POGS_BENCH_FIT_PIXELS cut it). */
  ofPixels: number
  /** How many times each run fitted the pixels (a short set repeated, bench/fit-pixel-sets.ts). */
  repeat: number
  libraries: string
  runs: RunReport[]
  /** Fit wall time on one thread over that on two (2 is perfect): the median over rounds of each round's ratio. */
  threadScaling: number | null
  /** Each round's ratio (its one-thread run over its two-thread run). */
  roundThreadScalings: number[] | null
  /** The original's seconds per pixel per core over the mean per pixel on one thread. */
  speedupVsMagphys: number | null
}

/** The sets as a markdown table: one row per set and thread count. */
export function formatTable (sets: readonly SetReport[]): string {
  const head = ['set', 'bands', 'pixels', 'threads', 'library load s', 'warm-up s', 'fit s/pixel median', 'mean', 'wall s/pixel', 'scaling 1->2', 'vs MAGPHYS', 'peak RSS MiB', 'result bytes/pixel']
  const rows = sets.flatMap((s) => s.runs.map((r, k) => [
    k === 0 ? s.set : '',
    k === 0 ? String(s.bands) : '',
    k === 0 ? (s.pixels === s.ofPixels ? String(s.pixels) : `${s.pixels} of ${s.ofPixels}`) + (s.repeat > 1 ? ` (x${s.repeat})` : '') : '',
    String(r.threads),
    r.libraryLoadSeconds.toFixed(2),
    r.warmUpSeconds.toFixed(2),
    r.secondsPerPixel.median.toFixed(3),
    r.secondsPerPixel.mean.toFixed(3),
    r.wallSecondsPerPixel.toFixed(3),
    k === 0 && s.threadScaling !== null ? `${s.threadScaling.toFixed(2)}x` : '',
    k === 0 && s.speedupVsMagphys !== null ? `${s.speedupVsMagphys.toFixed(1)}x` : '',
    String(r.peakRssMiB),
    String(r.resultBytesPerPixel)
  ]))
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}
