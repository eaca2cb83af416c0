import { availableParallelism } from 'node:os'
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { writeFileAtomically } from '../util/atomic-write.js'
import { startWorker } from '../util/worker-script.js'
import type { BuildInit, BuildPlan } from './build-plan.js'
import { dl07Dir, planBuild } from './build-plan.js'
import type { ModelBlock } from './build-models.js'
import { cosmicAgeYr } from './cosmic-age.js'
import { loadDustTemplates } from './dust-templates.js'
import { ModelBuildInputError } from './errors.js'
import { N_INFRARED_COLUMNS, N_OPTICAL_COLUMNS, infraredHeader, infraredRow, opticalHeader, opticalRow } from './lbr-writer.js'
import { redshiftTag } from './redshift-grid.js'
import { STREAM_OPTICAL, modelRng } from './rng.js'
import { drawTform } from './sfh.js'

/** Models per task sent to a thread: small enough for a smooth progress bar, large enough to keep messages rare. */
const TASK_MODELS = 500
/** Bounds on model counts: at least one, and few enough that the row index fits MAGPHYS' i10 column. */
const MAX_MODELS = 10_000_000

/** One block of work for a thread. */
export interface BuildTask {
  kind: 'optical' | 'infrared'
  from: number
  to: number
}

/** Options of `buildLibraries` beyond the plan. */
export interface BuildOptions {
  out: string
  /** Worker threads; default: every core. */
  threads?: number
  /** Called with the number of models just finished, and once up front with the total. */
  onProgress?: (done: number, total: number) => void
}

/** What a build wrote. */
export interface BuildResult {
  /** The library files, optical and infrared per redshift (filters.dat is written beside them). */
  files: string[]
  /** Optical candidates synthesised (more than N when high redshifts reject old tforms). */
  opticalCandidates: number
  seconds: number
}

/**
 * The candidate optical models every redshift takes its library from: candidate k's tform is its stream's first
 * draw, and redshift z keeps the first N candidates with tform <= the age of the universe at z (as MAGPHYS'
 * get_optic_colors skipped models older than the universe). Returns the candidate count and, per redshift, the
 * kept candidates.
 */
export function selectCandidates (plan: Pick<BuildPlan, 'seed' | 'redshifts' | 'nOptical' | 'tformMax'>): { count: number, kept: Int32Array[] } {
  const limits = plan.redshifts.map(cosmicAgeYr)
  const kept = plan.redshifts.map(() => new Int32Array(plan.nOptical))
  const filled = new Int32Array(plan.redshifts.length)
  let k = 0
  let open = plan.redshifts.length
  while (open > 0) {
    const tform = drawTform(modelRng(plan.seed, STREAM_OPTICAL, k).next(), plan.tformMax)
    for (let iz = 0; iz < limits.length; iz++) {
      if (filled[iz] < plan.nOptical && tform <= limits[iz]) {
        kept[iz][filled[iz]++] = k
        if (filled[iz] === plan.nOptical) open--
      }
    }
    k++
  }
  return { count: k, kept }
}

async function runTasks (plan: BuildPlan, tasks: BuildTask[], threads: number, onBlock: (b: ModelBlock) => void): Promise<void> {
  const workers: Worker[] = []
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0
      let running = 0
      const feed = (w: Worker): void => {
        if (next >= tasks.length) {
          if (running === 0) resolve()
          return
        }
        running++
        w.postMessage(tasks[next++])
      }
      for (let t = 0; t < Math.min(threads, tasks.length); t++) {
        const w = startWorker(import.meta.url, 'build-worker', { workerData: plan })
        workers.push(w)
        w.on('message', (b: ModelBlock) => {
          running--
          try {
            onBlock(b)
          } catch (err) {
            reject(err)
            return
          }
          feed(w)
        })
        w.on('error', reject)
        w.on('exit', (code) => { if (code !== 0) reject(new Error(`model builder thread exited with code ${code}`)) })
        feed(w)
      }
      if (tasks.length === 0) resolve()
    })
  } finally {
    await Promise.all(workers.map(async (w) => await w.terminate()))
  }
}

/** Rows per write: bounded memory however large a library is. */
const ROWS_PER_WRITE = 2000

// Writes a header and n rows under a temporary name, then renames it into place (readers never see half a file).
function writeRows (path: string, header: string, n: number, row: (r: number) => string): void {
  const temp = `${path}.tmp-${process.pid}`
  const fd = openSync(temp, 'w')
  try {
    writeSync(fd, header)
    for (let from = 0; from < n; from += ROWS_PER_WRITE) {
      let text = ''
      for (let r = from; r < Math.min(n, from + ROWS_PER_WRITE); r++) text += row(r)
      writeSync(fd, text)
    }
    closeSync(fd)
    renameSync(temp, path)
  } catch (err) {
    try { closeSync(fd) } catch { /* already closed */ }
    rmSync(temp, { force: true })
    throw err
  }
}

function chunks (kind: BuildTask['kind'], n: number): BuildTask[] {
  const out: BuildTask[] = []
  for (let from = 0; from < n; from += TASK_MODELS) out.push({ kind, from, to: Math.min(n, from + TASK_MODELS) })
  return out
}

/**
 * Builds `optical_z<z>.lbr` and `infrared_z<z>.lbr` for every redshift into `out`: the inputs are
 * checked first (typed errors), then models are built on every core and the files written, two header lines each.
 * The result depends on the seed only, not on the number of threads.
 */
export async function buildLibraries (init: BuildInit, opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now()
  for (const [n, what] of [[init.nOptical, 'optical'], [init.nInfrared, 'infrared']] as const) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_MODELS) throw new ModelBuildInputError(`number of ${what} models ${n} must be an integer in 1..${MAX_MODELS}`)
  }
  const plan = planBuild(init, loadDustTemplates(dl07Dir(init.dataDir)))
  const { count, kept } = selectCandidates(plan)
  const opt = { params: new Float64Array(count * N_OPTICAL_COLUMNS), mags: plan.opticalBands.map((b) => new Float64Array(count * b.length)) }
  const ir = { params: new Float64Array(plan.nInfrared * N_INFRARED_COLUMNS), mags: plan.infraredBands.map((b) => new Float64Array(plan.nInfrared * b.length)) }
  const total = count + plan.nInfrared
  opts.onProgress?.(0, total)
  const tasks = [...chunks('optical', count), ...chunks('infrared', plan.nInfrared)]
  await runTasks(plan, tasks, opts.threads ?? availableParallelism(), (b) => {
    const dest = b.kind === 'optical' ? opt : ir
    const cols = b.kind === 'optical' ? N_OPTICAL_COLUMNS : N_INFRARED_COLUMNS
    dest.params.set(b.params, b.from * cols)
    b.mags.forEach((m, iz) => { dest.mags[iz].set(m, m.length === 0 ? 0 : b.from * (m.length / b.n)) })
    opts.onProgress?.(b.n, total)
  })
  mkdirSync(opts.out, { recursive: true })
  // The filters.dat of the magnitude columns goes beside the libraries, as `pogs galaxy` expects of a library directory.
  const filtersPath = join(opts.out, 'filters.dat')
  writeFileAtomically(filtersPath, '#name            lambda_eff      filter_id       fit?\n' +
    init.filters.map((f) => `${f.name.padEnd(16)} ${String(f.lambdaEff).padEnd(15)} ${String(f.id).padEnd(15)} ${f.fit ? 1 : 0}\n`).join(''))
  const files: string[] = []
  const provenance = `pogs models: BC03 + Charlot & Fall, dCCE08 priors, seed ${plan.seed}`
  plan.redshifts.forEach((z, iz) => {
    const tag = redshiftTag(z)
    const oBands = plan.opticalBands[iz]
    const iBands = plan.infraredBands[iz]
    const names = (bands: number[]): string[] => bands.map((k) => init.filters[k].name)
    const oPath = join(opts.out, `optical_z${tag}.lbr`)
    writeRows(oPath, opticalHeader(z, names(oBands), provenance), kept[iz].length, (r) => {
      const k = kept[iz][r]
      return opticalRow(k + 1, opt.params, k * N_OPTICAL_COLUMNS, opt.mags[iz], k * oBands.length, oBands.length)
    })
    const iPath = join(opts.out, `infrared_z${tag}.lbr`)
    writeRows(iPath, infraredHeader(z, names(iBands), provenance), plan.nInfrared, (j) =>
      infraredRow(ir.params, j * N_INFRARED_COLUMNS, ir.mags[iz], j * iBands.length, iBands.length))
    files.push(oPath, iPath)
  })
  return { files, opticalCandidates: count, seconds: (performance.now() - started) / 1000 }
}
