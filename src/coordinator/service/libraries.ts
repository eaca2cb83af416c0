// One run's libraries as the coordinator serves them (runs.ts holds the runs): the filters.dat catalogue of its
// directory, the library pairs by redshift (chosen as `pogs galaxy fit` chooses them), their manifest names and CIDs, their
// SHA-256 (for the archive) and an estimate of the CPU time a pixel costs with them. A library file's digest and
// model count come from one streamed read of it (gunzipped on the way when it is .gz), whatever its size.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pipe } from 'it-pipe'
import { chooseLibrary, estimatePixelSeconds, RedshiftOutOfRangeError, listLibraries, readFilters, seesDust, type FilterSpec, type LibraryFiles } from '../../fit/index.js'
import { LIBRARY_HEADER_LINES } from '../../fit/library.js'
import type { LibraryEntry } from '../../net/messages/index.js'
import { fromFile, gunzip, tap, type ByteSource } from '../../util/byte-stream.js'
import { MAX_UNIT_FILTERS } from '../../work/limits.js'
import type { LibraryRef } from '../../work/unit-payload.js'
import { InboxError, LibrariesError } from './errors.js'

/** A library pair ready to name in units and archives. */
export interface ServedPair {
  files: LibraryFiles
  optical: LibraryRef
  infrared: LibraryRef
}

/** The catalogue, pairs and content names of one run's libraries directory. */
export class ProjectLibraries {
  /** The run's name (docs/coordinator.md#runs). */
  readonly run: string
  /** What the run's file names are prefixed with in the manifest ('' for the first run, `RUN.` for the others). */
  readonly prefix: string
  /** filters.dat of the directory; undefined when it has none (every galaxy is then refused). */
  readonly catalogue: FilterSpec[] | undefined
  /** Why the catalogue is missing. */
  readonly catalogueProblem: string | undefined
  private readonly pairs: LibraryFiles[]
  private readonly byName: Map<string, LibraryEntry>
  /** Per library file read (or being read): its digest and model count. */
  private readonly facts = new Map<string, Promise<LibraryFacts>>()

  /** `run.filters`: the run's filters.dat when it is not the directory's own. */
  constructor (readonly dir: string, entries: readonly LibraryEntry[], run: { name: string, prefix: string, filters?: string } = { name: basename(dir), prefix: '' }) {
    this.run = run.name
    this.prefix = run.prefix
    this.byName = new Map(entries.map((e) => [e.name, e]))
    this.pairs = listLibraries(dir)
    const filtersPath = run.filters ?? join(dir, 'filters.dat')
    if (!existsSync(filtersPath)) {
      this.catalogueProblem = `the run ${this.run} has no filters.dat (${filtersPath})`
    } else {
      try {
        const catalogue = readFilters(filtersPath)
        // Every unit carries the whole catalogue: more filters than a unit may hold would cut units nobody decodes.
        if (catalogue.length > MAX_UNIT_FILTERS) this.catalogueProblem = `filters.dat of ${dir} lists ${catalogue.length} filters; a work unit holds at most ${MAX_UNIT_FILTERS}`
        else this.catalogue = catalogue
      } catch (err) {
        this.catalogueProblem = `filters.dat of ${dir}: ${(err as Error).message}`
      }
    }
  }

  /** The pair `pogs galaxy fit` would use at redshift `z`; RedshiftOutOfRangeError when none is within 0.005. */
  pairFor (z: number): ServedPair {
    const files = chooseLibrary(this.pairs, z)
    return { files, optical: this.ref(files.optical), infrared: this.ref(files.infrared) }
  }

  /** The catalogue; ERR_NO_FILTERS (an InboxError) when the directory has none that can be used. */
  requireCatalogue (): FilterSpec[] {
    if (this.catalogue === undefined) throw new InboxError('ERR_NO_FILTERS', this.catalogueProblem ?? `run ${this.run} has no filters.dat`)
    return this.catalogue
  }

  /** How many library pairs (redshifts) the run has. */
  get pairCount (): number { return this.pairs.length }

  /** Whether a pair lies within MAGPHYS' redshift tolerance of `z`. */
  covers (z: number): boolean {
    try {
      chooseLibrary(this.pairs, z)
      return true
    } catch (err) {
      if (err instanceof RedshiftOutOfRangeError) return false
      throw err
    }
  }

  private ref (path: string): LibraryRef {
    const name = this.prefix + basename(path)
    const entry = this.byName.get(name)
    if (entry === undefined) throw new LibrariesError(`library ${name} is not in the manifest (added after the coordinator started?)`)
    return { name, cid: entry.cid.toString() }
  }

  /** Hex SHA-256 of a library file's bytes (as stored, before any gunzip), computed once. */
  async sha256 (path: string): Promise<string> {
    return (await this.factsOf(path)).sha256
  }

  /** The catalogue with `fit` cleared for bands the galaxy has no layer for (library columns are positional). */
  catalogueFor (bands: readonly string[]): FilterSpec[] {
    if (this.catalogue === undefined) throw new LibrariesError(this.catalogueProblem ?? 'no filters.dat')
    const present = new Set(bands)
    return this.catalogue.map((f) => ({ ...f, fit: f.fit && present.has(f.name) }))
  }

  /** Estimated CPU seconds per pixel on one core for a galaxy with these fitted bands at redshift z: the cost model
   * (src/fit/cost-model.ts) over the sizes of the pair `pairFor(z)` names. */
  async secondsPerPixel (z: number, filters: readonly FilterSpec[]): Promise<number> {
    const { files } = this.pairFor(z)
    const [optical, infrared] = await Promise.all([this.factsOf(files.optical), this.factsOf(files.infrared)])
    return estimatePixelSeconds({
      opticalModels: optical.models,
      infraredModels: infrared.models,
      bands: filters.filter((f) => f.fit).length,
      seesDust: seesDust(filters, z)
    })
  }

  // Read once; a failed read (the file moved away) is not remembered, so a later call reads again.
  private async factsOf (path: string): Promise<LibraryFacts> {
    let facts = this.facts.get(path)
    if (facts === undefined) {
      facts = readLibraryFacts(path)
      this.facts.set(path, facts)
      facts.catch(() => { this.facts.delete(path) })
    }
    return await facts
  }
}

/** What one read of a library file tells. */
interface LibraryFacts {
  /** Hex SHA-256 of the file as stored. */
  sha256: string
  /** Models: non-empty lines after the header lines MAGPHYS skips (at least 1). */
  models: number
}

async function readLibraryFacts (path: string): Promise<LibraryFacts> {
  const hash = createHash('sha256')
  const models = await pipe(
    fromFile(path),
    tap((chunk) => { hash.update(chunk) }),
    path.endsWith('.gz') ? gunzip : (text: ByteSource) => text,
    countModels
  )
  return { sha256: hash.digest('hex'), models }
}

// Counts non-empty lines past the header across chunk boundaries (a line may span chunks).
async function countModels (text: ByteSource): Promise<number> {
  let n = 0
  let line = 0
  let filled = false
  for await (const chunk of text) {
    let from = 0
    while (from <= chunk.length) {
      const newline = chunk.indexOf(0x0a, from)
      const end = newline === -1 ? chunk.length : newline
      if (end > from) filled = true
      if (newline === -1) break
      if (line >= LIBRARY_HEADER_LINES && filled) n++
      line++
      filled = false
      from = newline + 1
    }
  }
  if (line >= LIBRARY_HEADER_LINES && filled) n++
  return Math.max(1, n)
}
