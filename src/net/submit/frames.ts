// Frames of /pogs/submit/1.0.0 as both sides read and write them: varint length-prefixed (lpStream), every frame
// the coordinator sends an envelope answering the header, every frame the submitter sends after its header a run
// of FITS bytes, an empty frame ending them (protocols/submit.md).
import type { lpStream } from '@libp2p/utils'
import type { PrivateKey } from '@libp2p/interface'
import { sealEnvelope } from '../envelope.js'
import { FrameTooLargeError, MalformedMessageError, RequestTimeoutError } from '../errors.js'
import { MESSAGE_CODECS, type MessageTypes } from '../messages/index.js'
import { SUBMIT_PROTOCOL } from './constants.js'
import { timeoutSignal } from '../../util/timeout-signal.js'

/** A length-prefixed view of a stream. */
export type Frames = ReturnType<typeof lpStream>

/** The kinds the coordinator answers a header with. */
export type SubmitReplyKind = 'submit-progress' | 'submit-receipt'

/**
 * The next frame. `idleMs`, when given, bounds the wait (ERR_TIMEOUT), `signal` aborts it; a frame above the
 * stream's limit is FrameTooLargeError; the stream ending or failing first is what `ended` makes of it.
 */
export async function readFrame (frames: Frames, signal: AbortSignal, idleMs: number | undefined, ended: (cause: unknown) => Error): Promise<Uint8Array> {
  const idle = idleMs === undefined ? undefined : timeoutSignal(idleMs)
  try {
    return (await frames.read({ signal: idle === undefined ? signal : AbortSignal.any([signal, idle]) })).subarray()
  } catch (err) {
    if (idle?.aborted === true && !signal.aborted) throw new RequestTimeoutError(SUBMIT_PROTOCOL, idleMs ?? 0)
    if (signal.aborted) throw err
    const name = (err as Error).name
    if (name === 'InvalidDataLengthError' || name === 'InvalidDataLengthLengthError') throw new FrameTooLargeError('frame exceeds the protocol limit', { cause: err })
    if (name === 'InvalidMessageLengthError') throw new MalformedMessageError('bad frame length', { cause: err })
    throw ended(err)
  }
}

/** Seals one of the coordinator's replies to the header `inReplyTo`. */
export async function sealReply<K extends SubmitReplyKind> (key: PrivateKey, kind: K, body: MessageTypes[K], inReplyTo: Uint8Array): Promise<Uint8Array> {
  const payload = (MESSAGE_CODECS[kind].encode as (m: MessageTypes[K]) => Uint8Array)(body)
  return await sealEnvelope(key, { kind, payload, inReplyTo })
}
