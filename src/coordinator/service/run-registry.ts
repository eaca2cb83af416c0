// Runs added to a coordinator by `pogs run add` (docs/coordinator.md#runs): one file DATA/runs/NAME.json each
// ({ name, libraries, filters? }), written atomically. A running coordinator watches the directory and serves a new
// run at once (its libraries added as content, a new manifest published); a restarted one serves every run listed
// there after those of its command line. A file that cannot become a run goes to DATA/runs/rejected/ with its reason.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomically } from '../../util/atomic-write.js'
import { RUN_NAME, RunsError, type RunSpec } from './runs.js'

/** Where run files live. */
export function runsDir (dataDir: string): string {
  return join(dataDir, 'runs')
}

/** Run file names the coordinator takes. */
export const RUN_FILE_NAME = /^[^.][^/\\]*\.json$/

/** Writes the run file of `spec` into `dataDir` (RunsError when another run of that name is registered). */
export function registerRunFile (dataDir: string, spec: RunSpec): string {
  if (!RUN_NAME.test(spec.name)) throw new RunsError(`run name ${JSON.stringify(spec.name.slice(0, 80))} must be letters, digits, '.', '-' and '_' (at most 64)`)
  const dir = runsDir(dataDir)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${spec.name}.json`)
  const body = { name: spec.name, libraries: resolve(spec.dir), ...(spec.filters !== undefined ? { filters: resolve(spec.filters) } : {}) }
  if (existsSync(path)) {
    const prior = readRunFile(path)
    if (prior.dir !== body.libraries || prior.filters !== body.filters) throw new RunsError(`a run named ${spec.name} is registered already, with ${prior.dir}`)
    return path
  }
  writeFileAtomically(path, JSON.stringify(body) + '\n')
  return path
}

/** Reads one run file; RunsError when it is not one. */
export function readRunFile (path: string): RunSpec {
  let o: Record<string, unknown>
  try {
    o = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch (err) {
    throw new RunsError(`${path} is not a run file (JSON): ${(err as Error).message}`)
  }
  const { name, libraries, filters } = o
  if (typeof name !== 'string' || !RUN_NAME.test(name)) throw new RunsError(`${path}: name must be a run name`)
  if (typeof libraries !== 'string' || libraries === '') throw new RunsError(`${path}: libraries must be a directory`)
  if (filters !== undefined && (typeof filters !== 'string' || filters === '')) throw new RunsError(`${path}: filters must be a file`)
  return { name, dir: libraries, ...(typeof filters === 'string' ? { filters } : {}) }
}

/** Every readable run file of `dataDir`, by name (unreadable ones are left for the watcher to reject). */
export function registeredRuns (dataDir: string): RunSpec[] {
  const dir = runsDir(dataDir)
  if (!existsSync(dir)) return []
  const out: RunSpec[] = []
  for (const name of readdirSync(dir).filter((n) => RUN_FILE_NAME.test(n)).sort()) {
    try {
      out.push(readRunFile(join(dir, name)))
    } catch {
      // rejected with its reason once the watcher looks at it
    }
  }
  return out
}
