// The project's libraries as the coordinator serves them: the filters.dat catalogue of its --libraries directory,
// the library pairs by redshift (chosen as `pogs galaxy fit` chooses them), their manifest names and CIDs, their
// SHA-256 (for the archive) and an estimate of the CPU time a pixel costs with them.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { chooseLibrary, listLibraries, readFilters, type FilterSpec, type LibraryFiles } from '../../fit/index.js'
import { LIBRARY_HEADER_LINES } from '../../fit/library.js'
import { estimateSecondsPerPixel } from '../../galaxy/work-units.js'
import type { LibraryEntry } from '../../net/messages/index.js'
import type { LibraryRef } from '../../work/unit-payload.js'
import { LibrariesError } from './errors.js'

/** Rest wavelength (um) beyond which a band sees dust emission: the fit's general (slow) path (docs/fitting.md). */
const DUST_REST_UM = 2.5

/** A library pair ready to name in units and archives. */
export interface ServedPair {
  files: LibraryFiles
  optical: LibraryRef
  infrared: LibraryRef
}

/** The catalogue, pairs and content names of a coordinator's --libraries directory. */
export class ProjectLibraries {
  /** filters.dat of the directory; undefined when it has none (every galaxy is then refused). */
  readonly catalogue: FilterSpec[] | undefined
  /** Why the catalogue is missing. */
  readonly catalogueProblem: string | undefined
  private readonly pairs: LibraryFiles[]
  private readonly byName: Map<string, LibraryEntry>
  private readonly digests = new Map<string, string>()
  private readonly models = new Map<string, number>()

  constructor (readonly dir: string, entries: readonly LibraryEntry[]) {
    this.byName = new Map(entries.map((e) => [e.name, e]))
    this.pairs = listLibraries(dir)
    const filtersPath = join(dir, 'filters.dat')
    if (!existsSync(filtersPath)) {
      this.catalogueProblem = `the libraries directory ${dir} has no filters.dat`
    } else {
      try {
        this.catalogue = readFilters(filtersPath)
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

  private ref (path: string): LibraryRef {
    const name = basename(path)
    const entry = this.byName.get(name)
    if (entry === undefined) throw new LibrariesError(`library ${name} is not in the manifest (added after the coordinator started?)`)
    return { name, cid: entry.cid.toString() }
  }

  /** Hex SHA-256 of a library file's bytes (as stored, before any gunzip), computed once. */
  sha256 (path: string): string {
    let d = this.digests.get(path)
    if (d === undefined) {
      d = createHash('sha256').update(readFileSync(path)).digest('hex')
      this.digests.set(path, d)
    }
    return d
  }

  /** The catalogue with `fit` cleared for bands the galaxy has no layer for (library columns are positional). */
  catalogueFor (bands: readonly string[]): FilterSpec[] {
    if (this.catalogue === undefined) throw new LibrariesError(this.catalogueProblem ?? 'no filters.dat')
    const present = new Set(bands)
    return this.catalogue.map((f) => ({ ...f, fit: f.fit && present.has(f.name) }))
  }

  /** Estimated CPU seconds per pixel on one core for a galaxy with these fitted bands at redshift z. */
  secondsPerPixel (z: number, filters: readonly FilterSpec[]): number {
    const { files } = this.pairFor(z)
    const seesDust = filters.some((f) => f.fit && f.lambdaEff / (1 + z) > DUST_REST_UM)
    return estimateSecondsPerPixel(this.modelCount(files.optical), this.modelCount(files.infrared), seesDust)
  }

  // Models in a library file: its non-empty lines after the two header lines MAGPHYS skips. Counted once.
  private modelCount (path: string): number {
    let n = this.models.get(path)
    if (n === undefined) {
      const raw = readFileSync(path)
      const text = path.endsWith('.gz') ? gunzipSync(raw) : raw
      n = 0
      let lineStart = 0
      let line = 0
      for (let k = 0; k <= text.length; k++) {
        if (k === text.length || text[k] === 0x0a) {
          if (line >= LIBRARY_HEADER_LINES && k > lineStart) n++
          line++
          lineStart = k + 1
        }
      }
      n = Math.max(1, n)
      this.models.set(path, n)
    }
    return n
  }
}
