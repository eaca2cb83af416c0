// The coordinator's side of /pogs/submit/1.0.0 (protocols/submit.md): one submission per stream. The connected peer
// must be an authorised submitter before anything is read; its signed header is opened, checked to be its own and
// new (the replay guard every pogs server shares), decoded and handed to the handler with the bytes as an async
// iterable that acknowledges what was consumed, enforces the announced size frame by frame and checks the digest at
// the end marker. The handler's receipt, or the code of whatever it or the stream threw, is the last frame.
import { createHash } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import type { Connection, PeerId, PrivateKey, Stream } from '@libp2p/interface'
import { sealEnvelope, openEnvelope, type OpenedEnvelope } from '../envelope.js'
import { FrameTooLargeError, NotAuthorizedError, SignerMismatchError } from '../errors.js'
import { MESSAGE_CODECS, type SubmitReceipt, type SubmitRequest } from '../messages/index.js'
import { PeerRateLimiter, type RateLimit } from '../rate-limiter.js'
import type { ProtocolHost } from '../request-response.js'
import type { ReplayGuard } from '../replay-guard.js'
import type { ErrorCode } from '../../util/error-codes.js'
import { PogsError } from '../../util/errors.js'
import {
  MAX_CONCURRENT_SUBMISSIONS, MAX_SUBMIT_CHUNK_BYTES, MAX_SUBMIT_CONTROL_BYTES, SUBMIT_IDLE_TIMEOUT_MS, SUBMIT_PROTOCOL, SUBMIT_RATE_LIMIT,
  SUBMIT_READ_BUFFER_BYTES
} from './constants.js'
import { SizeMismatchError, SubmissionDigestError, SubmissionTruncatedError } from './errors.js'
import { readFrame, sealReply, type Frames } from './frames.js'

/** What a handler learns about a submission besides its header. */
export interface SubmitContext {
  /** The submitter: the connected peer, the header's verified signer and an authorised key. */
  peer: PeerId
  envelope: OpenedEnvelope
  /** The bytes, frame by frame; iterate once. Pulling the first tells the submitter to send; each later pull
   * acknowledges what came before. Ends after the end marker once size and digest match; throws otherwise. */
  data: AsyncIterable<Uint8Array>
  /** Tells the submitter its file reads as a galaxy (registration follows). */
  checked: () => Promise<void>
  signal: AbortSignal
}

/** Receives one submission; returns the receipt, or throws a PogsError whose code the submitter is told. */
export type SubmitHandler = (request: SubmitRequest, ctx: SubmitContext) => Promise<SubmitReceipt>

/** Options of a SubmitServer. */
export interface SubmitServerInit {
  /** Whether a peer may submit (a key the operator named). */
  isSubmitter: (peer: PeerId) => boolean
  /** Shared with the node's other servers, so a message id is accepted once per node. */
  replayGuard: ReplayGuard
  /** A refused submission (peer text never included). */
  onRejected?: (rejection: { peer: string, code: ErrorCode }) => void
  rateLimit?: RateLimit
  maxConcurrent?: number
  idleTimeoutMs?: number
}

/** Serves /pogs/submit/1.0.0: registered by `register` as the node starts, answering ERR_BUSY until `open`. */
export class SubmitServer {
  private handler: SubmitHandler | undefined
  private host: ProtocolHost | undefined
  private active = 0
  private readonly limiter: PeerRateLimiter
  private readonly controller = new AbortController()

  constructor (private readonly init: SubmitServerInit) {
    this.limiter = new PeerRateLimiter(SUBMIT_PROTOCOL, init.rateLimit ?? SUBMIT_RATE_LIMIT)
  }

  /** Registers the protocol on a starting node (pass within `PogsNodeInit.protocols`). */
  readonly register = async (host: ProtocolHost, privateKey: PrivateKey): Promise<void> => {
    this.host = host
    await host.handle(SUBMIT_PROTOCOL, async (stream, connection) => { await this.serve(stream, connection, privateKey) }, {
      maxInboundStreams: this.init.maxConcurrent ?? MAX_CONCURRENT_SUBMISSIONS
    })
  }

  /** From now on submissions reach `handler`. */
  open (handler: SubmitHandler): void {
    this.handler = handler
  }

  /** Unregisters the protocol and aborts the submissions under way. Safe twice. */
  async stop (): Promise<void> {
    this.handler = undefined
    this.controller.abort()
    const host = this.host
    this.host = undefined
    await host?.unhandle(SUBMIT_PROTOCOL).catch(() => {})
  }

  private async serve (stream: Stream, connection: Connection, privateKey: PrivateKey): Promise<void> {
    const peer = connection.remotePeer
    const signal = this.controller.signal
    const frames = lpStream(stream, { maxDataLength: MAX_SUBMIT_CHUNK_BYTES, maxBufferSize: SUBMIT_READ_BUFFER_BYTES })
    let header: OpenedEnvelope | undefined
    let counted = false
    let reply: Uint8Array
    try {
      // The cheapest checks first: a stranger costs no read, no decoding and no signature check.
      this.limiter.take(peer.toString())
      if (!this.init.isSubmitter(peer)) throw new NotAuthorizedError(`${peer.toString()} is not an authorised submitter of this project (its operator names submitters with --submitter PEERID)`)
      const handler = this.handler
      if (handler === undefined) throw new PogsError('ERR_BUSY', 'the coordinator is starting')
      if (this.active >= (this.init.maxConcurrent ?? MAX_CONCURRENT_SUBMISSIONS)) throw new PogsError('ERR_BUSY', 'too many submissions under way; try again later')
      this.active++
      counted = true
      const idleMs = this.init.idleTimeoutMs ?? SUBMIT_IDLE_TIMEOUT_MS
      const frame = await readFrame(frames, signal, idleMs, (cause) => new SubmissionTruncatedError('the stream ended before the header', { cause }))
      if (frame.length > MAX_SUBMIT_CONTROL_BYTES) throw new FrameTooLargeError(`a header of ${frame.length} bytes (at most ${MAX_SUBMIT_CONTROL_BYTES})`)
      const envelope = await openEnvelope(frame, 'submit-request')
      header = envelope
      if (!envelope.signer.equals(peer)) throw new SignerMismatchError('header signed by another key than the connected peer\'s')
      this.init.replayGuard.check(envelope.publicKey, envelope.id, envelope.timestampMs)
      const request = MESSAGE_CODECS['submit-request'].decode(envelope.payload)
      const send = async (bytes: Uint8Array): Promise<void> => { await frames.write(bytes, { signal }) }
      const receipt = await handler(request, {
        peer,
        envelope,
        data: receive(frames, request, {
          signal,
          idleMs,
          progress: async (stage, receivedBytes) => { await send(await sealReply(privateKey, 'submit-progress', { stage, receivedBytes }, envelope.id)) }
        }),
        checked: async () => { await send(await sealReply(privateKey, 'submit-progress', { stage: 'checked', receivedBytes: request.size }, envelope.id)) },
        signal
      })
      reply = await sealReply(privateKey, 'submit-receipt', receipt, envelope.id)
    } catch (err) {
      reply = await this.errorReply(err, peer, privateKey, header?.id)
    } finally {
      if (counted) this.active--
    }
    try {
      await frames.write(reply, { signal })
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }

  /** Reports a refusal and seals its error reply (naming the header once it was read). */
  private async errorReply (err: unknown, peer: PeerId, privateKey: PrivateKey, inReplyTo?: Uint8Array): Promise<Uint8Array> {
    const code = err instanceof PogsError ? err.code : 'ERR_INTERNAL'
    this.init.onRejected?.({ peer: peer.toString(), code })
    // Internal errors are not described to the peer: they may carry local paths or state.
    const message = err instanceof PogsError ? err.message : 'internal error'
    return await sealEnvelope(privateKey, { kind: 'error', payload: MESSAGE_CODECS.error.encode({ code, message }), ...(inReplyTo !== undefined ? { inReplyTo } : {}) })
  }
}

/**
 * The submission's bytes: each pull first acknowledges the bytes received so far (0 on the first: the go-ahead),
 * then reads the next frame. A frame running past the announced size, or the end marker (an empty frame) before
 * it, is SizeMismatchError; the stream ending first is SubmissionTruncatedError; the bytes not hashing to the
 * header's sha256 is SubmissionDigestError, raised at the end marker before the iteration ends (after it, the
 * submitter is told every byte arrived).
 */
async function * receive (frames: Frames, request: SubmitRequest,
  opts: { signal: AbortSignal, idleMs: number, progress: (stage: 'receiving' | 'received', receivedBytes: number) => Promise<void> }): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256')
  let received = 0
  const ended = (cause: unknown): Error => new SubmissionTruncatedError(`the stream ended after ${received} of ${request.size} bytes`, { cause })
  while (true) {
    await opts.progress('receiving', received)
    const frame = await readFrame(frames, opts.signal, opts.idleMs, ended)
    if (frame.length === 0) break
    if (received + frame.length > request.size) throw new SizeMismatchError(`more bytes than the ${request.size} announced`)
    hash.update(frame)
    received += frame.length
    yield frame
  }
  if (received !== request.size) throw new SizeMismatchError(`${received} bytes, ${request.size} announced`)
  if (!hash.digest().equals(request.sha256)) throw new SubmissionDigestError()
  await opts.progress('received', received)
}
