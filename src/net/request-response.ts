import { randomBytes } from '../util/random-bytes.js'
import { lpStream } from '@libp2p/utils'
import type { AbortOptions, Connection, Libp2p, PeerId, PrivateKey, Stream, StreamHandler, StreamHandlerOptions } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { ErrorCode } from '../util/error-codes.js'
import { PogsError } from '../util/errors.js'
import { MAX_INBOUND_STREAMS_PER_PROTOCOL, REQUEST_TIMEOUT_MS } from './constants.js'
import { ENVELOPE_ID_BYTES, openEnvelope, sealEnvelope, type OpenedEnvelope } from './envelope.js'
import { FrameTooLargeError, MalformedMessageError, RemoteError, RequestTimeoutError, SignerMismatchError, UnsupportedVersionError } from './errors.js'
import { MESSAGE_CODECS, type MessageTypes } from './messages/index.js'
import { PROTOCOLS, type ProtocolName } from './protocols.js'
import { PeerRateLimiter, type RateLimit } from './rate-limiter.js'
import { ReplayGuard } from './replay-guard.js'
import { timeoutSignal } from '../util/timeout-signal.js'
import { bytesEqual } from '../util/bytes-equal.js'

type RequestOf<P extends ProtocolName> = MessageTypes[typeof PROTOCOLS[P]['request']]
type ResponseOf<P extends ProtocolName> = MessageTypes[typeof PROTOCOLS[P]['response']]

/** What a handler learns about a request besides its body. */
export interface RequestContext {
  /** The remote peer, which is also the verified signer of the request. */
  peer: PeerId
  /** The address the request's connection came from (a relayed one names the relay): what the coordinator groups
   * requests into networks by (docs/work-lifecycle.md#trust). */
  remoteAddr?: Multiaddr
  envelope: OpenedEnvelope
  signal: AbortSignal
}

/** Answers one request; throwing a PogsError sends its code back to the requester. */
export type RequestHandler<P extends ProtocolName> = (request: RequestOf<P>, ctx: RequestContext) => Promise<ResponseOf<P>>

/** A request that was refused, reported to the server's owner (peer text never included). */
export interface Rejection {
  protocol: ProtocolName
  peer: string
  code: ErrorCode
}

/**
 * Where a ProtocolServer registers its handler: a libp2p node, or its registrar while the node starts (before it
 * listens: node.ts, `PogsNodeInit.protocols`).
 */
export interface ProtocolHost {
  handle: (protocol: string, handler: StreamHandler, options?: StreamHandlerOptions) => Promise<void>
  unhandle: (protocol: string, options?: AbortOptions) => Promise<void>
}

/** Options of a ProtocolServer. */
export interface ProtocolServerInit {
  /** The key that signs responses (the node's identity key). */
  privateKey: PrivateKey
  /** Shared across protocols by default callers, so one message id is accepted once per node. */
  replayGuard?: ReplayGuard
  now?: () => number
  /** Overrides the protocol's default rate limit (a coordinator sized for many volunteers, benchmarks). */
  rateLimit?: RateLimit
  onRejected?: (rejection: Rejection) => void
}

/**
 * Serves one pogs protocol: reads one size-bounded, length-prefixed frame per stream, rate-limits per peer,
 * opens the signed request (domain, version, signature), checks that the signer is the connected peer and that the
 * message is fresh and new, decodes it into its domain type, calls the handler and answers with a signed
 * response or a signed error reply. Every step has a typed error; nothing reaches the handler unchecked.
 */
export class ProtocolServer<P extends ProtocolName> {
  private readonly spec: typeof PROTOCOLS[P]
  private readonly limiter: PeerRateLimiter
  private readonly guard: ReplayGuard
  private readonly controller = new AbortController()

  constructor (private readonly libp2p: ProtocolHost, private readonly name: P,
    private readonly handler: RequestHandler<P>, private readonly init: ProtocolServerInit) {
    this.spec = PROTOCOLS[name]
    this.limiter = new PeerRateLimiter(this.spec.id, init.rateLimit ?? this.spec.rateLimit, init.now)
    this.guard = init.replayGuard ?? new ReplayGuard({ now: init.now })
  }

  async start (): Promise<void> {
    await this.libp2p.handle(this.spec.id, async (stream, connection) => { await this.serve(stream, connection) }, {
      maxInboundStreams: MAX_INBOUND_STREAMS_PER_PROTOCOL
    })
  }

  async stop (): Promise<void> {
    this.controller.abort()
    await this.libp2p.unhandle(this.spec.id)
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const signal = AbortSignal.any([this.controller.signal, timeoutSignal(this.spec.timeoutMs)])
    const lp = lpStream(stream, { maxDataLength: this.spec.maxRequestBytes })
    let reply: Uint8Array
    try {
      // The cheapest check first: a flooding peer costs us no decoding or signature work.
      this.limiter.take(connection.remotePeer.toString())
      // The frame arrives within the ordinary timeout whatever the exchange may take (a pin waits for its fetch).
      const frame = await readFrame(lp, AbortSignal.any([signal, timeoutSignal(Math.min(this.spec.timeoutMs, REQUEST_TIMEOUT_MS))]))
      reply = await this.respond(frame, connection.remotePeer, signal, connection.remoteAddr)
    } catch (err) {
      reply = await this.errorReply(err, connection.remotePeer)
    }
    try {
      await lp.write(reply, { signal })
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }

  /**
   * Everything after the frame is read (and the peer's rate limit taken): opens the signed request, checks that
   * `remote` signed it and that it is fresh and new, decodes it, calls the handler and returns the signed response,
   * or the signed error reply. Public so that benchmarks can measure the request path without the transport.
   */
  async respond (frame: Uint8Array, remote: PeerId, signal: AbortSignal, remoteAddr?: Multiaddr): Promise<Uint8Array> {
    let requestId: Uint8Array | undefined
    try {
      const envelope = await openEnvelope(frame, this.spec.request)
      requestId = envelope.id
      if (!envelope.signer.equals(remote)) throw new SignerMismatchError('request signed by another key than the connected peer\'s')
      this.guard.check(envelope.publicKey, envelope.id, envelope.timestampMs)
      const request = MESSAGE_CODECS[this.spec.request].decode(envelope.payload) as RequestOf<P>
      const response = await this.handler(request, { peer: remote, remoteAddr, envelope, signal })
      const payload = (MESSAGE_CODECS[this.spec.response].encode as (m: ResponseOf<P>) => Uint8Array)(response)
      return await sealEnvelope(this.init.privateKey, { kind: this.spec.response, payload, inReplyTo: requestId })
    } catch (err) {
      return await this.errorReply(err, remote, requestId)
    }
  }

  /** Reports a refusal to the owner and seals its error reply (naming the request once its id is known). */
  private async errorReply (err: unknown, remote: PeerId, requestId?: Uint8Array): Promise<Uint8Array> {
    const code = err instanceof PogsError ? err.code : 'ERR_INTERNAL'
    this.init.onRejected?.({ protocol: this.name, peer: remote.toString(), code })
    // Internal errors are not described to the peer: they may carry local paths or state.
    const message = err instanceof PogsError ? err.message : 'internal error'
    const payload = MESSAGE_CODECS.error.encode({ code, message })
    return await sealEnvelope(this.init.privateKey, { kind: 'error', payload, ...(requestId !== undefined ? { inReplyTo: requestId } : {}) })
  }
}

/** Options of one request. */
export interface RequestOptions {
  /** The key that signs the request (the node's identity key). */
  privateKey: PrivateKey
  signal?: AbortSignal
  timeoutMs?: number
}

/** A verified response and its envelope (kept for forwarding or as proof, e.g. a signed receipt). */
export interface Response<T> {
  body: T
  envelope: OpenedEnvelope
}

/**
 * Sends one signed request and returns the verified, decoded response. The response must be signed by the peer
 * we dialled and answer this request's id; an error reply becomes RemoteError with the peer's code.
 */
export async function request<P extends ProtocolName> (libp2p: Pick<Libp2p, 'dial'>, peer: PeerId | Multiaddr, name: P,
  body: RequestOf<P>, options: RequestOptions): Promise<Response<ResponseOf<P>>> {
  const spec = PROTOCOLS[name]
  const timeoutMs = options.timeoutMs ?? spec.timeoutMs
  const timeout = timeoutSignal(timeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  let stream: Stream | undefined
  try {
    const connection = await libp2p.dial(peer, { signal })
    stream = await connection.newStream(spec.id, { signal })
    const lp = lpStream(stream, { maxDataLength: spec.maxResponseBytes })
    const payload = (MESSAGE_CODECS[spec.request].encode as (m: RequestOf<P>) => Uint8Array)(body)
    const requestId = randomBytes(ENVELOPE_ID_BYTES)
    await lp.write(await sealEnvelope(options.privateKey, { kind: spec.request, payload, id: requestId }), { signal })
    const envelope = await openEnvelope(await readFrame(lp, signal), [spec.response, 'error'])
    if (!envelope.signer.equals(connection.remotePeer)) throw new SignerMismatchError('response signed by another key than the dialled peer\'s')
    // An error raised before the server read our request (rate limit, oversize frame) cannot name it: accepted,
    // since it is signed by the peer on this very stream.
    const unnamedError = envelope.kind === 'error' && envelope.inReplyTo.length === 0
    if (!unnamedError && !bytesEqual(envelope.inReplyTo, requestId)) throw new MalformedMessageError('response answers another request')
    await stream.close({ signal })
    if (envelope.kind === 'error') {
      const reply = MESSAGE_CODECS.error.decode(envelope.payload)
      throw new RemoteError(reply.code, reply.message)
    }
    return { body: MESSAGE_CODECS[spec.response].decode(envelope.payload) as ResponseOf<P>, envelope }
  } catch (err) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
    if (err instanceof PogsError) throw err
    const errName = (err as Error).name
    if (errName === 'UnsupportedProtocolError') throw new UnsupportedVersionError(`peer does not speak ${spec.id}`)
    if (timeout.aborted) throw new RequestTimeoutError(spec.id, timeoutMs)
    throw err
  }
}

async function readFrame (lp: ReturnType<typeof lpStream>, signal: AbortSignal): Promise<Uint8Array> {
  try {
    return (await lp.read({ signal })).subarray()
  } catch (err) {
    const name = (err as Error).name
    if (name === 'InvalidDataLengthError' || name === 'InvalidDataLengthLengthError') throw new FrameTooLargeError('frame exceeds the protocol limit', { cause: err })
    if (name === 'UnexpectedEOFError' || name === 'InvalidMessageLengthError') throw new MalformedMessageError('stream ended inside a frame', { cause: err })
    throw err
  }
}
