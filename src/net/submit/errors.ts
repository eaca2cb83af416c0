// Refusals of /pogs/submit/1.0.0 raised while the bytes flow (protocols/submit.md). The coordinator answers each with
// its code; the submission is dropped (its temporary file removed), the submitter is not punished: its next
// submission is judged afresh.
import { PogsError } from '../../util/errors.js'

/** The submitted bytes run past, or end short of, the size the header announced. */
export class SizeMismatchError extends PogsError {
  constructor (message: string) { super('ERR_SIZE_MISMATCH', message) }
}

/** The submission's stream ended (closed or reset) before its announced bytes and end marker arrived. */
export class SubmissionTruncatedError extends PogsError {
  constructor (message: string, options?: { cause?: unknown }) { super('ERR_SUBMISSION_TRUNCATED', message, options) }
}

/** The submitted bytes do not hash to the SHA-256 the signed header announced. */
export class SubmissionDigestError extends PogsError {
  constructor () { super('ERR_DIGEST_MISMATCH', 'the submitted bytes do not hash to the sha256 of the signed header') }
}

/** A header announcing more bytes than the coordinator accepts. */
export class SubmissionTooLargeError extends PogsError {
  constructor (size: number, max: number) { super('ERR_SUBMISSION_TOO_LARGE', `the submission announces ${size} bytes; this coordinator accepts at most ${max}`) }
}
