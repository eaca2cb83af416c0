// A coordinator's runs (docs/coordinator.md#runs). POGS ran five filter sets over thousands of galaxies; a run is one
// filter set (its filters.dat) with its libraries over a redshift grid, in one directory. A coordinator serves several:
// each galaxy belongs to one (named when it is added, or chosen from its bands), its units are fitted with that run's
// pair for the galaxy's redshift, and its archive and catalogue entry name the run. The first run's library files keep
// their names in the manifest; every other run's are named `RUN.FILE`, so that two runs' `optical_z0.0100.lbr` (built
// for different bands) never meet under one name in a volunteer's library directory.
import { basename } from 'node:path'
import { RUN_NAME, type LibraryEntry, type RunEntry } from '../../net/messages/index.js'
import { PogsError } from '../../util/errors.js'
import { InboxError, UnknownRunError } from './errors.js'
import { ProjectLibraries } from './libraries.js'

export { RUN_NAME }

/** A run as given on a command line: its name, libraries directory and, when not the directory's own, filters.dat. */
export interface RunSpec { name: string, dir: string, filters?: string }

/** The manifest-name prefix of the `index`th run (the first run's files keep their names). */
export function runPrefix (name: string, index: number): string {
  return index === 0 ? '' : `${name}.`
}

/** Checks a list of runs: names well-formed and distinct; throws RunsError. */
export function checkRunSpecs (runs: readonly RunSpec[]): void {
  if (runs.length === 0) throw new RunsError('a coordinator needs at least one run (--libraries DIR)')
  const seen = new Set<string>()
  for (const r of runs) {
    if (!RUN_NAME.test(r.name)) throw new RunsError(`run name ${JSON.stringify(r.name.slice(0, 80))} must be letters, digits, '.', '-' and '_' (at most 64), starting with a letter or digit`)
    if (seen.has(r.name)) throw new RunsError(`run ${r.name} is given twice`)
    seen.add(r.name)
  }
}

/** The runs of a coordinator, the first its default. */
export class ProjectRuns {
  private readonly byName: Map<string, ProjectLibraries>
  private readonly runs: ProjectLibraries[]

  constructor (all: readonly ProjectLibraries[]) {
    if (all.length === 0) throw new RunsError('no run')
    this.runs = [...all]
    this.byName = new Map(all.map((r) => [r.run, r]))
  }

  /** Every run, the default first. */
  get all (): readonly ProjectLibraries[] { return this.runs }

  /** Serves one more run (added while the coordinator runs); RunsError when its name is taken. */
  add (run: ProjectLibraries): void {
    if (this.byName.has(run.run)) throw new RunsError(`run ${run.run} is served already`)
    this.runs.push(run)
    this.byName.set(run.run, run)
  }

  /** Builds the runs of `specs` over the manifest's library entries (each run's named with its prefix). */
  static fromSpecs (specs: readonly RunSpec[], entries: readonly LibraryEntry[]): ProjectRuns {
    checkRunSpecs(specs)
    return new ProjectRuns(specs.map((s, k) => new ProjectLibraries(s.dir, entries, { name: s.name, prefix: runPrefix(s.name, k), filters: s.filters })))
  }

  /** The default run: the first given (`--libraries`), which galaxies registered before runs existed belong to. */
  get default (): ProjectLibraries { return this.all[0] }

  /** The run named `name`; UnknownRunError when there is none. */
  get (name: string): ProjectLibraries {
    const run = this.byName.get(name)
    if (run === undefined) throw new UnknownRunError(name, this.all.map((r) => r.run))
    return run
  }

  /** The run a registered galaxy belongs to (its metadata's `run`; none: the default run). */
  of (galaxy: { metadata: Record<string, unknown> }): ProjectLibraries {
    const run = galaxy.metadata.run
    return typeof run === 'string' ? this.get(run) : this.default
  }

  /**
   * The run for a galaxy with these bands at redshift `z` (undefined: the redshift is not known yet): the named one,
   * or else the run whose filters hold every band and whose libraries cover `z`, the one with the fewest filters
   * beyond the galaxy's bands first (then in the order given). Typed errors: UnknownRunError (a name not served),
   * ERR_NO_RUN (no run has these bands), the fit's RedshiftOutOfRangeError (runs with the bands, none covering z).
   */
  choose (bands: readonly string[], z: number | undefined, name?: string): ProjectLibraries {
    if (name !== undefined) return this.get(name)
    const usable = this.all.filter((r) => r.catalogue !== undefined && bands.every((b) => r.catalogue?.some((f) => f.name === b)))
    if (usable.length === 0) {
      const why = this.all.map((r) => r.catalogue === undefined
        ? `${r.run}: ${r.catalogueProblem ?? 'no filters.dat'}`
        : `${r.run} lacks ${bands.filter((b) => !(r.catalogue?.some((f) => f.name === b) ?? false)).join(', ')}`)
      throw new InboxError('ERR_NO_RUN', `no run has every band of this galaxy (${bands.join(', ')}): ${why.join('; ')}`)
    }
    const tightest = [...usable].sort((a, b) => (a.catalogue?.length ?? 0) - (b.catalogue?.length ?? 0))
    if (z === undefined) return tightest[0]
    const covering = tightest.find((r) => r.covers(z))
    if (covering !== undefined) return covering
    // Runs with the bands, none with a library near z: the tightest one's RedshiftOutOfRangeError names its redshifts.
    tightest[0].pairFor(z)
    return tightest[0]
  }
}

/** The manifest's entries of the runs of `specs` (docs/coordinator.md#runs): name, bands (none when its filters.dat
 * cannot be read: galaxies are refused for it as they arrive) and its files under their manifest names. */
export async function runEntries (specs: readonly RunSpec[], fileNames: (dir: string) => Promise<string[]>): Promise<RunEntry[]> {
  return await Promise.all(specs.map(async (s, k) => {
    const run = new ProjectLibraries(s.dir, [], { name: s.name, prefix: runPrefix(s.name, k), filters: s.filters })
    return { name: s.name, bands: (run.catalogue ?? []).map((f) => f.name), files: (await fileNames(s.dir)).map((f) => run.prefix + f) }
  }))
}

/** The coordinator's runs cannot be served as given. */
export class RunsError extends PogsError {
  constructor (message: string) {
    super('ERR_RUNS', message)
  }
}

/** The default run name of a libraries directory: its own name, made a valid run name where it is not one. */
export function defaultRunName (dir: string): string {
  const name = basename(dir).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[._-]+/, '').slice(0, 64)
  return name === '' ? 'run' : name
}
