import { serviceDependencies, TypedEventEmitter } from '@libp2p/interface'
import type { ComponentLogger, Connection, IdentifyResult, Libp2pEvents, Logger, PeerId, Startable, Stream, TypedEventTarget, Upgrader } from '@libp2p/interface'
import type { ConnectionManager, Registrar, TransportManager } from '@libp2p/interface-internal'
import { PeerRateLimiter, type RateLimit } from '../rate-limiter.js'
import { localCandidates, ObservedAddresses, tcpIpOf } from './candidates.js'
import {
  DEFAULT_ATTEMPTS, HOLE_PUNCH_PROTOCOL, IDENTIFY_FALLBACK_MS, MAX_BACKOFF_ENTRIES, MESSAGE_TIMEOUT_MS, PUNCH_TIMEOUT_MS,
  RESPONDER_RATE_LIMIT, RETRY_AFTER_FAILURE_MS, UPGRADE_TIMEOUT_MS
} from './constants.js'
import type { ErrorCode } from '../../util/error-codes.js'
import { SessionRefusedError } from './errors.js'
import type { PathKind } from './messages.js'
import { punch } from './punch.js'
import { initiate, respond, type AttemptPlan, type SessionContext, type SessionResult } from './session.js'
import { upgradeSocket, type PunchRole } from './upgrade.js'
import { timeoutSignal } from '../../util/timeout-signal.js'

/** Options of the hole-punching service; every default is in constants.ts with its reason. */
export interface HolePunchInit {
  protocol?: string
  /** Attempts per session (3). */
  attempts?: number
  /** Longest wait for one message on the relayed stream, in ms (10 s). */
  messageTimeoutMs?: number
  /** Longest wait for the TCP connection in one attempt, in ms (5 s). */
  punchTimeoutMs?: number
  /** Longest Noise + Yamux upgrade of the punched socket, in ms (10 s). */
  upgradeTimeoutMs?: number
  /** After a failed session, no new one with that peer on our own initiative for this long, in ms (10 min). */
  retryAfterFailureMs?: number
  /** Close the relayed connection once the direct one is up, as DCUtR does (default true): it only costs the
   * relay, and every protocol prefers the direct connection anyway. */
  closeRelayed?: boolean
  /** Attempts a peer may open with us as responder (RESPONDER_RATE_LIMIT). */
  rateLimit?: RateLimit
  /** How long after a relayed inbound connection opens we start the session without identify's word, in ms (10 s). */
  identifyFallbackMs?: number
}

/** The libp2p components the service uses. */
export interface HolePunchComponents {
  peerId: PeerId
  logger: ComponentLogger
  events: TypedEventTarget<Libp2pEvents>
  registrar: Registrar
  connectionManager: ConnectionManager
  transportManager: TransportManager
  upgrader: Upgrader
}

/** What one session came to (the `hole-punch` event's detail). */
export interface HolePunchEvent {
  /** The other peer's id. */
  peer: string
  /** Whether we started the session (the side that was dialled over the relay) or answered it. */
  role: PunchRole
  outcome: 'direct' | 'failed'
  /** The path of the last attempt (absent when none got as far as choosing one). */
  path?: PathKind
  attempts: number
  /** From the session's start to its end, in ms. */
  ms: number
  /** On failure, the code of the error that ended it (errors.ts; ERR_TIMEOUT when the peer went silent). */
  reason?: string
}

export interface HolePunchEvents {
  'hole-punch': CustomEvent<HolePunchEvent>
}

/** Turns relayed connections into direct ones (protocols/hole-punch.md, docs/network.md "Hole punching"). */
export interface HolePunchService extends TypedEventTarget<HolePunchEvents>, Startable {
  /**
   * Runs a session as initiator over `relayed`, a relayed connection, now (the service does this on its own when
   * a peer dials us through a relay). Resolves with the session's event, also dispatched; throws
   * SessionRefusedError when a session with the peer is already running.
   */
  punch: (relayed: Connection) => Promise<HolePunchEvent>
  /** The addresses other peers observed us at, newest first: our public candidates. */
  observedAddresses: () => string[]
  /** Nothing pending: no relayed connection waiting for identify or its fallback, and no session running. */
  readonly idle: boolean
}

export class DefaultHolePunchService extends TypedEventEmitter<HolePunchEvents> implements HolePunchService {
  readonly [Symbol.toStringTag] = 'pogs:hole-punch'
  // Observed addresses and the trigger both come from identify.
  readonly [serviceDependencies] = ['@libp2p/identify']
  private readonly protocol: string
  private readonly attempts: number
  private readonly messageTimeoutMs: number
  private readonly punchTimeoutMs: number
  private readonly upgradeTimeoutMs: number
  private readonly retryAfterFailureMs: number
  private readonly closeRelayed: boolean
  private readonly identifyFallbackMs: number
  private readonly limiter: PeerRateLimiter
  private readonly observed = new ObservedAddresses()
  private readonly log: Logger
  /** Peers we are in a session with (one at a time per peer). */
  private readonly sessions = new Set<string>()
  /** Peer -> time before which we do not start another session with it ourselves. */
  private readonly backoff = new Map<string, number>()
  /** Relayed inbound connection id -> the timer that starts its session if identify never says anything. */
  private readonly overdue = new Map<string, NodeJS.Timeout>()
  private controller = new AbortController()

  /** Nothing pending: no relayed connection waiting for identify or its fallback, and no session running (tests
   * wait on it to know that nothing more will start). */
  get idle (): boolean {
    return this.overdue.size === 0 && this.sessions.size === 0
  }

  constructor (private readonly components: HolePunchComponents, init: HolePunchInit = {}) {
    super()
    this.protocol = init.protocol ?? HOLE_PUNCH_PROTOCOL
    this.attempts = init.attempts ?? DEFAULT_ATTEMPTS
    this.messageTimeoutMs = init.messageTimeoutMs ?? MESSAGE_TIMEOUT_MS
    this.punchTimeoutMs = init.punchTimeoutMs ?? PUNCH_TIMEOUT_MS
    this.upgradeTimeoutMs = init.upgradeTimeoutMs ?? UPGRADE_TIMEOUT_MS
    this.retryAfterFailureMs = init.retryAfterFailureMs ?? RETRY_AFTER_FAILURE_MS
    this.closeRelayed = init.closeRelayed ?? true
    this.identifyFallbackMs = init.identifyFallbackMs ?? IDENTIFY_FALLBACK_MS
    if (!Number.isInteger(this.attempts) || this.attempts < 1) throw new RangeError('attempts must be a positive integer')
    this.limiter = new PeerRateLimiter(this.protocol, init.rateLimit ?? RESPONDER_RATE_LIMIT)
    this.log = components.logger.forComponent('pogs:hole-punch')
    this.onIdentify = this.onIdentify.bind(this)
    this.onOpen = this.onOpen.bind(this)
    this.onClose = this.onClose.bind(this)
  }

  async start (): Promise<void> {
    this.controller = new AbortController()
    // Relayed connections are where this protocol is needed; one stream per connection each way is all it uses.
    await this.components.registrar.handle(this.protocol, (stream, connection) => { void this.onStream(stream, connection) }, {
      runOnLimitedConnection: true,
      maxInboundStreams: 1,
      maxOutboundStreams: 1
    })
    this.components.events.addEventListener('peer:identify', this.onIdentify)
    this.components.events.addEventListener('connection:open', this.onOpen)
    this.components.events.addEventListener('connection:close', this.onClose)
  }

  async stop (): Promise<void> {
    this.components.events.removeEventListener('peer:identify', this.onIdentify)
    this.components.events.removeEventListener('connection:open', this.onOpen)
    this.components.events.removeEventListener('connection:close', this.onClose)
    for (const timer of this.overdue.values()) clearTimeout(timer)
    this.overdue.clear()
    this.controller.abort()
    await this.components.registrar.unhandle(this.protocol)
    this.sessions.clear()
    this.backoff.clear()
  }

  observedAddresses (): string[] {
    return this.observed.list()
  }

  async punch (relayed: Connection): Promise<HolePunchEvent> {
    const peer = relayed.remotePeer.toString()
    if (this.sessions.has(peer)) throw new SessionRefusedError(`a session with ${peer} is already running`)
    this.sessions.add(peer)
    const started = Date.now()
    let result: SessionResult
    try {
      const stream = await relayed.newStream(this.protocol, {
        runOnLimitedConnection: true,
        signal: AbortSignal.any([this.controller.signal, timeoutSignal(this.messageTimeoutMs)])
      })
      result = await initiate(stream, this.context(relayed.remotePeer))
    } catch (err) {
      result = { attempts: 0, error: err instanceof Error ? err : new Error(String(err)) }
    } finally {
      this.sessions.delete(peer)
    }
    if (result.connection !== undefined && this.closeRelayed) {
      relayed.close({ signal: timeoutSignal(this.messageTimeoutMs) }).catch((err: Error) => { relayed.abort(err) })
    }
    if (result.connection === undefined) this.noteFailure(peer)
    return this.report(peer, 'initiator', started, result)
  }

  private async onStream (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    if (connection.direct || this.sessions.has(peer)) {
      stream.abort(new SessionRefusedError(connection.direct ? 'not a relayed connection' : 'a session is already running'))
      return
    }
    this.sessions.add(peer)
    const started = Date.now()
    try {
      const result = await respond(stream, {
        ...this.context(connection.remotePeer),
        admit: () => { this.limiter.take(peer) }
      })
      this.report(peer, 'responder', started, result)
    } finally {
      this.sessions.delete(peer)
    }
  }

  /** identify tells us where a peer saw us come from (direct connections) and when a relayed peer speaks our protocol. */
  private onIdentify (evt: CustomEvent<IdentifyResult>): void {
    const { connection, observedAddr, protocols } = evt.detail
    if (connection.direct) {
      const ip = observedAddr === undefined ? undefined : tcpIpOf(observedAddr)
      if (ip !== undefined) this.observed.record(ip)
      return
    }
    // As in DCUtR, the side that was dialled through the relay starts: the dialler may well be reachable without
    // help, and one rule means the two never both start.
    if (connection.direction !== 'inbound') return
    // Identify has spoken for this connection: it decides, the fallback does not.
    this.clearOverdue(connection.id)
    if (!protocols.includes(this.protocol)) return
    this.maybePunch(connection)
  }

  /**
   * A relayed inbound connection: identify normally tells us within a round trip or two whether the peer speaks our
   * protocol, but over a loaded relay it can time out or fail, and then no session would ever start (seen in the
   * namespace test under load). So the session also starts on its own once identify is overdue.
   */
  private onOpen (evt: CustomEvent<Connection>): void {
    const connection = evt.detail
    if (connection.direct || connection.direction !== 'inbound') return
    const timer = setTimeout(() => {
      this.overdue.delete(connection.id)
      // Without identify's word: a peer that does not speak the protocol refuses the stream, and the session ends
      // as failed (the peer store cannot tell instead: it notes every protocol a peer merely opened a stream with).
      this.log('identify of %p over the relay is overdue: starting the session without it', connection.remotePeer)
      this.maybePunch(connection)
    }, this.identifyFallbackMs)
    timer.unref()
    this.overdue.set(connection.id, timer)
  }

  private onClose (evt: CustomEvent<Connection>): void {
    this.clearOverdue(evt.detail.id)
  }

  private clearOverdue (connectionId: string): void {
    clearTimeout(this.overdue.get(connectionId))
    this.overdue.delete(connectionId)
  }

  /** Starts a session over `connection` unless one runs, a direct connection exists or the peer is in back-off. */
  private maybePunch (connection: Connection): void {
    if (connection.status !== 'open') return
    const peer = connection.remotePeer.toString()
    if (this.sessions.has(peer) || this.hasDirect(connection.remotePeer) || (this.backoff.get(peer) ?? 0) > Date.now()) return
    this.punch(connection).catch((err: Error) => { this.log('session with %s not started - %e', peer, err) })
  }

  private hasDirect (peer: PeerId): boolean {
    return this.components.connectionManager.getConnections(peer).some((c) => c.status === 'open' && c.direct && c.limits == null)
  }

  private context (remotePeer: PeerId): SessionContext {
    const signal = this.controller.signal
    const log = this.log.newScope(remotePeer.toString())
    return {
      attempts: this.attempts,
      messageTimeoutMs: this.messageTimeoutMs,
      candidates: (port) => localCandidates(this.observed.list(), this.components.transportManager.getAddrs(), port),
      connect: async (plan: AttemptPlan) => {
        const { socket, accepted } = await punch({
          localPort: plan.localPort,
          remoteIp: plan.remoteIp,
          remotePort: plan.remotePort,
          signal: AbortSignal.any([signal, timeoutSignal(this.punchTimeoutMs)]),
          timeoutMs: this.punchTimeoutMs
        })
        log('punched %s:%d from port %d (%s)', plan.remoteIp, plan.remotePort, plan.localPort, accepted ? 'accepted on our listener' : 'our connect')
        return await upgradeSocket(this.components, socket, plan.role, remotePeer, AbortSignal.any([signal, timeoutSignal(this.upgradeTimeoutMs)]))
      },
      signal,
      log
    }
  }

  private noteFailure (peer: string): void {
    const now = Date.now()
    if (this.backoff.size >= MAX_BACKOFF_ENTRIES) {
      for (const [p, until] of this.backoff) if (until <= now) this.backoff.delete(p)
    }
    if (this.backoff.size < MAX_BACKOFF_ENTRIES) this.backoff.set(peer, now + this.retryAfterFailureMs)
  }

  private report (peer: string, role: PunchRole, started: number, result: SessionResult): HolePunchEvent {
    const event: HolePunchEvent = {
      peer,
      role,
      outcome: result.connection === undefined ? 'failed' : 'direct',
      ...(result.path === undefined ? {} : { path: result.path }),
      attempts: result.attempts,
      ms: Date.now() - started,
      ...(result.connection === undefined ? { reason: errorCode(result.error) } : {})
    }
    this.log('%s session with %s: %s after %d attempt(s), %d ms', role, peer, event.outcome, event.attempts, event.ms)
    this.safeDispatchEvent('hole-punch', { detail: event })
    return event
  }
}

/** A stable code for the event (never the error's text, which may carry what the peer sent). */
function errorCode (err: Error | undefined): string {
  if (err === undefined) return 'ERR_UNKNOWN' satisfies ErrorCode
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' ? code : err.name
}
