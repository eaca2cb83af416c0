// Opening and checking result submissions, apart from what the coordinator's state decides: the signed envelope,
// the submission's fields and, for an inline result, its content (size, digest, canonical encoding, shape). Pure
// CPU with plain data in and out, so that it runs on worker threads (result-check-pool.ts) beside the thread that
// serves libp2p and owns SQLite; the single-result protocol runs it in that thread.
import { openEnvelope } from '../../net/envelope.js'
import { MAX_INLINE_RESULT_BYTES, MESSAGE_CODECS, type ResultSubmission } from '../../net/messages/index.js'
import type { ErrorCode } from '../../util/error-codes.js'
import { PogsError } from '../../util/errors.js'
import { decodeCanonicalShape, digestOf, type ResultShape } from '../../work/unit-result.js'
import { DigestMismatchError, ResultTooLargeError } from './errors.js'

/** A refusal as it crosses threads: the code the ack carries, and the message for logs. */
export interface CheckFailure { code: ErrorCode, message: string }

/** An inline result's content check: its shape, to be checked against its unit, or why it is refused. */
export type InlineCheck = { size: number, shape: ResultShape } | { size: number, refused: CheckFailure }

/** A submission's fields without the inline bytes (its envelope keeps them), the CID as text. */
export type SubmissionFields = Omit<ResultSubmission, 'result' | 'resultCid'> & { resultCid?: string }

/** A batch element opened: who signed it, when, its fields and its inline content's check; or why it is refused. */
export type OpenedElement =
  | { ok: true, publicKey: Uint8Array, signer: string, id: Uint8Array, timestampMs: number, fields: SubmissionFields, inline?: InlineCheck }
  | { ok: false, refused: CheckFailure }

function failure (err: unknown): CheckFailure {
  if (err instanceof PogsError) return { code: err.code, message: err.message }
  throw err
}

/** The fields of a decoded submission. */
export function fieldsOf (req: ResultSubmission): SubmissionFields {
  const { result: _result, resultCid, ...rest } = req
  return { ...rest, ...(resultCid !== undefined ? { resultCid: resultCid.toString() } : {}) }
}

/** Checks inline result bytes in the order refusals are listed (protocols/result.md): size, digest, encoding. */
export function checkInline (result: Uint8Array, digest: Uint8Array): InlineCheck {
  const size = result.length
  try {
    if (size > MAX_INLINE_RESULT_BYTES) throw new ResultTooLargeError(`inline results are limited to ${MAX_INLINE_RESULT_BYTES} bytes: send it as result_cid`)
    if (!Buffer.from(digestOf(result)).equals(Buffer.from(digest))) throw new DigestMismatchError()
    // Canonical bytes only, so that equal results have equal digests (verifiers compare digests first). The shape
    // says where each fit's bytes lie, which ringers are read from (ringer-check.ts).
    return { size, shape: decodeCanonicalShape(result).shape }
  } catch (err) {
    return { size, refused: failure(err) }
  }
}

/**
 * Opens one element of a result batch: a `pogs/result/v1` envelope (verified), its submission and content. The
 * byte fields are copies: views into the request's frame would carry the whole frame across threads.
 */
export async function openElement (bytes: Uint8Array): Promise<OpenedElement> {
  try {
    const envelope = await openEnvelope(bytes, 'result')
    const req = MESSAGE_CODECS.result.decode(envelope.payload)
    return {
      ok: true,
      publicKey: envelope.publicKey.slice(),
      signer: envelope.signer.toString(),
      id: envelope.id.slice(),
      timestampMs: envelope.timestampMs,
      fields: { ...fieldsOf(req), nonce: req.nonce.slice(), digest: req.digest.slice() },
      ...(req.result !== undefined ? { inline: checkInline(req.result, req.digest) } : {})
    }
  } catch (err) {
    return { ok: false, refused: failure(err) }
  }
}
