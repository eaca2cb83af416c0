// A run file (run-registry.ts) becomes a served run while the coordinator runs (docs/coordinator.md#runs): its
// libraries directory is read (filters.dat, library pairs), every file is added as content under the run's prefix
// and a manifest listing them is published, then galaxies may name the run or be given it by their bands. A file of
// a run served already is left alone (it is how the run stays registered across restarts); one that cannot become a
// run goes to runs/rejected/ with its reason. Nothing here throws for a bad file.
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { CoordinatorNetwork } from '../../net/coordinator-network.js'
import type { ErrorCode } from '../../util/error-codes.js'
import { PogsError } from '../../util/errors.js'
import type { CoordinatorEmitter } from './events.js'
import { ProjectLibraries } from './libraries.js'
import { readRunFile, runsDir } from './run-registry.js'
import { runPrefix, RunsError, type ProjectRuns } from './runs.js'

/** What taking a run file needs. */
export interface RunIngestComponents {
  dataDir: string
  runs: ProjectRuns
  net: Pick<CoordinatorNetwork, 'addLibraries' | 'libraries'>
  events: CoordinatorEmitter
}

/** Serves the run of one run file, or rejects the file. */
export async function ingestRunFile (c: RunIngestComponents, path: string): Promise<void> {
  try {
    const spec = readRunFile(path)
    const served = c.runs.all.find((r) => r.run === spec.name)
    if (served !== undefined) {
      if (served.dir !== spec.dir) throw new RunsError(`run ${spec.name} is served already, from ${served.dir}`)
      return
    }
    const prefix = runPrefix(spec.name, c.runs.all.length)
    // Read before anything is published: a directory without filters.dat or pairs is refused as it is.
    const probe = new ProjectLibraries(spec.dir, [], { name: spec.name, prefix, filters: spec.filters })
    if (probe.catalogue === undefined) throw new RunsError(probe.catalogueProblem ?? `run ${spec.name} has no filters.dat`)
    if (probe.pairCount === 0) throw new RunsError(`run ${spec.name}: ${spec.dir} holds no library pair (optical_zZ.lbr with infrared_zZ.lbr)`)
    const added = await c.net.addLibraries(spec.dir, prefix, { name: spec.name, bands: probe.catalogue.map((f) => f.name) })
    c.runs.add(new ProjectLibraries(spec.dir, c.net.libraries, { name: spec.name, prefix, filters: spec.filters }))
    c.events.emit('run-added', { run: spec.name, dir: spec.dir, libraries: added.length, pairs: probe.pairCount })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return // taken away meanwhile
    await reject(c, path, err instanceof PogsError ? err.code : 'ERR_INTERNAL', (err as Error).message)
  }
}

async function reject (c: RunIngestComponents, path: string, code: ErrorCode, message: string): Promise<void> {
  const dir = join(runsDir(c.dataDir), 'rejected')
  await mkdir(dir, { recursive: true })
  const dest = join(dir, basename(path))
  await writeFile(`${dest}.reason.txt`, `${code}: ${message}\n`)
  await rename(path, dest)
  c.events.emit('rejected', { source: 'runs', file: dest, code, reason: message })
}
