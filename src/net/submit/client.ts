// The submitter's side of /pogs/submit/1.0.0 (protocols/submit.md): a signed header, then the bytes in bounded
// frames once the coordinator says to send, never more than a window beyond what it acknowledged, then the end
// marker; meanwhile its progress reports, and last its signed receipt or its refusal (RemoteError with its code).
import { randomBytes } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import type { Libp2p, PeerId, PrivateKey, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { PogsError } from '../../util/errors.js'
import { ENVELOPE_ID_BYTES, openEnvelope, sealEnvelope } from '../envelope.js'
import { MalformedMessageError, RemoteError, RequestTimeoutError, SignerMismatchError, UnsupportedVersionError } from '../errors.js'
import { MESSAGE_CODECS, type SubmitProgress, type SubmitReceipt, type SubmitRequest } from '../messages/index.js'
import { DEFAULT_SUBMIT_TIMEOUT_MS, MAX_SUBMIT_CHUNK_BYTES, MAX_SUBMIT_CONTROL_BYTES, SUBMIT_PROTOCOL, SUBMIT_WINDOW_BYTES } from './constants.js'
import { readFrame, type Frames } from './frames.js'
import { timeoutSignal } from '../../util/timeout-signal.js'
import { bytesEqual } from '../../util/bytes-equal.js'

/** One submission. */
export interface SubmitGalaxyInit {
  /** The submitter's identity key (the node's): the coordinator must name its peer id with --submitter. */
  privateKey: PrivateKey
  /** The header: `size` and `sha256` must describe `data`, or the coordinator refuses it. */
  request: SubmitRequest
  /** The file's bytes, in chunks of any size (larger ones are split into frames). */
  data: AsyncIterable<Uint8Array>
  /** Each progress report, in order. */
  onProgress?: (progress: SubmitProgress) => void
  signal?: AbortSignal
  /** The whole submission's bound (default DEFAULT_SUBMIT_TIMEOUT_MS). */
  timeoutMs?: number
}

/** Submits a galaxy file to a coordinator and returns its verified receipt. */
export async function submitGalaxy (libp2p: Pick<Libp2p, 'dial'>, coordinator: PeerId | Multiaddr, init: SubmitGalaxyInit): Promise<SubmitReceipt> {
  const timeoutMs = init.timeoutMs ?? DEFAULT_SUBMIT_TIMEOUT_MS
  const timeout = timeoutSignal(timeoutMs)
  const signal = init.signal === undefined ? timeout : AbortSignal.any([init.signal, timeout])
  let stream: Stream | undefined
  try {
    const connection = await libp2p.dial(coordinator, { signal })
    stream = await connection.newStream(SUBMIT_PROTOCOL, { signal })
    const frames = lpStream(stream, { maxDataLength: MAX_SUBMIT_CONTROL_BYTES })
    const id = randomBytes(ENVELOPE_ID_BYTES)
    await frames.write(await sealEnvelope(init.privateKey, { kind: 'submit-request', payload: MESSAGE_CODECS['submit-request'].encode(init.request), id }), { signal })
    const acks = new Acknowledged()
    const answered = new AbortController()
    let sendError: unknown
    const sending = sendData(frames, init.data, acks, AbortSignal.any([signal, answered.signal])).catch((err: unknown) => {
      if (answered.signal.aborted) return
      // The coordinator's answer says more than a failed write (it refused and reset the stream): the reader is
      // stopped by the abort, and reports this only when no answer came.
      sendError = err
      stream?.abort(err instanceof Error ? err : new Error(String(err)))
    })
    let receipt: SubmitReceipt
    try {
      receipt = await readAnswer(frames, { coordinator: connection.remotePeer, id, acks, request: init.request, onProgress: init.onProgress, signal })
    } catch (err) {
      throw sendError ?? err
    } finally {
      answered.abort()
      await sending
    }
    await stream.close({ signal })
    return receipt
  } catch (err) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
    if (err instanceof PogsError) throw err
    if ((err as Error).name === 'UnsupportedProtocolError') throw new UnsupportedVersionError(`peer does not speak ${SUBMIT_PROTOCOL}`)
    if (timeout.aborted) throw new RequestTimeoutError(SUBMIT_PROTOCOL, timeoutMs)
    throw err
  }
}

/** The byte count the coordinator last acknowledged (-1 before its go-ahead), and waiting for it to grow. */
class Acknowledged {
  count = -1
  private waiters: Array<() => void> = []

  update (count: number): void {
    if (count <= this.count) return
    this.count = count
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** Resolves once at least `count` bytes are acknowledged; rejects when `signal` aborts. */
  async atLeast (count: number, signal: AbortSignal): Promise<void> {
    while (this.count < count) {
      signal.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => { reject(signal.reason as Error) }
        signal.addEventListener('abort', onAbort, { once: true })
        this.waiters.push(() => { signal.removeEventListener('abort', onAbort); resolve() })
      })
    }
  }
}

/** Sends the bytes once the coordinator says to, within the window, then the end marker. */
async function sendData (frames: Frames, data: AsyncIterable<Uint8Array>, acks: Acknowledged, signal: AbortSignal): Promise<void> {
  let sent = 0
  await acks.atLeast(0, signal)
  for await (const chunk of data) {
    for (let at = 0; at < chunk.length; at += MAX_SUBMIT_CHUNK_BYTES) {
      const frame = chunk.subarray(at, at + MAX_SUBMIT_CHUNK_BYTES)
      await acks.atLeast(sent + frame.length - SUBMIT_WINDOW_BYTES, signal)
      await frames.write(frame, { signal })
      sent += frame.length
    }
  }
  await frames.write(new Uint8Array(0), { signal })
}

/** Reads the coordinator's frames until its receipt (returned) or refusal (RemoteError). */
async function readAnswer (frames: Frames, o: {
  coordinator: PeerId
  id: Uint8Array
  acks: Acknowledged
  request: SubmitRequest
  onProgress?: (progress: SubmitProgress) => void
  signal: AbortSignal
}): Promise<SubmitReceipt> {
  while (true) {
    // The overall signal bounds the wait: the coordinator may read a large file for a while before it answers.
    const frame = await readFrame(frames, o.signal, undefined, (cause) => new MalformedMessageError('the coordinator closed the stream without an answer', { cause }))
    const envelope = await openEnvelope(frame, ['submit-progress', 'submit-receipt', 'error'])
    if (!envelope.signer.equals(o.coordinator)) throw new SignerMismatchError('answer signed by another key than the coordinator\'s')
    // A refusal raised before the header was read cannot name it: accepted, since the coordinator signed it on this
    // very stream.
    const unnamedError = envelope.kind === 'error' && envelope.inReplyTo.length === 0
    if (!unnamedError && !bytesEqual(envelope.inReplyTo, o.id)) throw new MalformedMessageError('answer to another submission')
    if (envelope.kind === 'error') {
      const reply = MESSAGE_CODECS.error.decode(envelope.payload)
      throw new RemoteError(reply.code, reply.message)
    }
    if (envelope.kind === 'submit-progress') {
      const progress = MESSAGE_CODECS['submit-progress'].decode(envelope.payload)
      if (progress.stage === 'receiving') o.acks.update(progress.receivedBytes)
      o.onProgress?.(progress)
      continue
    }
    const receipt = MESSAGE_CODECS['submit-receipt'].decode(envelope.payload)
    if (!bytesEqual(receipt.sha256, o.request.sha256)) throw new MalformedMessageError('the receipt names other bytes than those sent')
    return receipt
  }
}
