// The archive catalogue's own conditions (protocols/catalogue.md). A reader that meets one keeps nothing of the
// catalogue: a stale or foreign one is ignored, never punished (a mirror may legitimately hold an older one).
import { PogsError } from '../../util/errors.js'

/** A catalogue older than one already seen for its project, or of the same sequence with other content. */
export class StaleSequenceError extends PogsError {
  constructor (sequence: number, seen: number) {
    super('ERR_STALE_SEQUENCE', `catalogue sequence ${sequence} is older than the ${seen} already seen`)
  }
}

/** The project's manifest names no catalogue: nothing is archived yet (or its coordinator predates catalogues). */
export class NoCatalogueError extends PogsError {
  constructor (project: string) {
    super('ERR_NO_CATALOGUE', `project ${project} publishes no archive catalogue yet`)
  }
}

/** A galaxy name the catalogue does not list; `close` are listed names that resemble it. */
export class NotInCatalogueError extends PogsError {
  readonly close: string[]
  constructor (galaxy: string, close: string[]) {
    super('ERR_NOT_IN_CATALOGUE', `no galaxy ${JSON.stringify(galaxy.slice(0, 256))} in the catalogue` +
      (close.length > 0 ? `; close names: ${close.map((n) => JSON.stringify(n)).join(', ')}` : ''))
    this.close = close
  }
}

/** A catalogue with more entries or bytes than MAX_CATALOGUE_ENTRIES / MAX_CATALOGUE_BYTES. */
export class CatalogueTooLargeError extends PogsError {
  constructor (why: string) {
    super('ERR_CATALOGUE_TOO_LARGE', `catalogue too large: ${why}`)
  }
}

/** A fetched archive whose size or SHA-256 differs from its catalogue entry (it was not kept). */
export class ArchiveMismatchError extends PogsError {
  constructor (galaxy: string, why: string) {
    super('ERR_ARCHIVE_MISMATCH', `the archive of ${JSON.stringify(galaxy.slice(0, 256))} is not the one catalogued: ${why}`)
  }
}
