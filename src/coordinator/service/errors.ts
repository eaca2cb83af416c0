// Typed errors of the coordinator service. Result refusals travel back to the volunteer as the ack's `reason`
// (their code); the volunteer's request is ignored, not punished (a buggy volunteer recovers on its own), and the
// `rejected` event reports it.
import { PogsError } from '../../util/errors.js'

/** A result's nonce is not the one its instance was issued with (a replay, or a result for another issue). */
export class NonceMismatchError extends PogsError {
  constructor (instanceId: string) {
    super('ERR_NONCE_MISMATCH', `the nonce does not match instance ${JSON.stringify(instanceId)}`)
  }
}

/** A result's content does not hash to the digest the volunteer signed. */
export class DigestMismatchError extends PogsError {
  constructor () {
    super('ERR_DIGEST_MISMATCH', 'the result content does not hash to the signed digest')
  }
}

/** A result's answer to a ringer (a known-answer pixel mixed into its unit, docs/work-lifecycle.md#ringers)
 * differs from the known answer beyond the verifiers' tolerance: proven wrong content, its key is banned. */
export class WrongRingerError extends PogsError {
  constructor (message: string) {
    super('ERR_WRONG_RINGER', message)
  }
}

/** A result larger than the unit allows, or inline when it should travel as content. */
export class ResultTooLargeError extends PogsError {
  constructor (message: string) {
    super('ERR_RESULT_TOO_LARGE', message)
  }
}

/** An inbox file that cannot become a galaxy for a reason of the coordinator's own (no filters.dat, no viable
 * pixel, no library pair for its redshift); FITS and galaxy input errors keep their own codes. */
export class InboxError extends PogsError {
  constructor (code: 'ERR_NO_FILTERS' | 'ERR_NOTHING_TO_FIT' | 'ERR_NO_LIBRARY' | 'ERR_INBOX_OPTIONS' | 'ERR_NO_RUN', message: string) {
    super(code, message)
  }
}

/** A submission naming a run the coordinator does not have: a coordinator has one run, named after its libraries
 * directory (protocols/submit.md). */
export class UnknownRunError extends PogsError {
  constructor (run: string, runs: readonly string[]) {
    super('ERR_UNKNOWN_RUN', `no run ${JSON.stringify(run.slice(0, 64))} here: this coordinator's runs are ${runs.map((r) => JSON.stringify(r)).join(', ')} (or name none: the galaxy's bands choose)`)
  }
}

/** The coordinator's libraries directory cannot serve a galaxy (missing pair, file not in the manifest). */
export class LibrariesError extends PogsError {
  constructor (message: string) {
    super('ERR_NO_LIBRARY', message)
  }
}

/** A registered galaxy's files are missing from the data directory or no longer read (its layers file cannot be
 * derived again from its FITS file). */
export class GalaxyFileError extends PogsError {
  constructor (message: string) {
    super('ERR_GALAXY_FILE', message)
  }
}

/** A galaxy reopened by a ban lacks the histograms of pixels it kept (dropped after its previous archive's
 * receipts), and neither the previous archive's file nor its content can be read: the archive is not written
 * without them; the archive pass tries again later. */
export class DetailUnavailableError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) {
    super('ERR_DETAIL_UNAVAILABLE', message, options)
  }
}
