import { setTimeout as sleep } from 'node:timers/promises'
import { lpStream } from '@libp2p/utils'
import type { Connection, Logger, Stream } from '@libp2p/interface'
import { RequestTimeoutError } from '../errors.js'
import { selectPaths } from './candidates.js'
import { HOLE_PUNCH_PROTOCOL, MAX_MESSAGE_BYTES } from './constants.js'
import { NoPathError, PunchTimeoutError, UnexpectedMessageError, UpgradeFailedError } from './errors.js'
import { decodeHolePunch, encodeHolePunch, type Candidates, type HolePunchMessage, type PathChoice, type PathKind } from './messages.js'
import { pickPunchPort } from './punch.js'
import type { PunchRole } from './upgrade.js'
import { timeoutSignal } from '../../util/timeout-signal.js'

/** One side's half of an attempt, as `SessionContext.connect` carries it out. */
export interface AttemptPlan {
  role: PunchRole
  localPort: number
  remoteIp: string
  remotePort: number
}

/** What a session needs from the service. */
export interface SessionContext {
  /** Most attempts (the initiator makes them; the responder refuses more). */
  attempts: number
  messageTimeoutMs: number
  /** Our candidates for an attempt punching from `port`. */
  candidates: (port: number) => Candidates
  /** Punches and upgrades one attempt; throws PunchTimeoutError or UpgradeFailedError when it did not work. */
  connect: (plan: AttemptPlan) => Promise<Connection>
  /** Called for each attempt the peer opens as initiator; throws (RateLimitedError) to refuse it. */
  admit?: () => void
  /** The service's shutdown. */
  signal: AbortSignal
  log: Logger
}

/** How a session ended: with a direct connection, or with the error that ended its last attempt. */
export interface SessionResult {
  connection?: Connection
  /** The path of the last attempt, if one got that far. */
  path?: PathKind
  attempts: number
  error?: Error
}

/**
 * The initiator's side (protocols/hole-punch.md): per attempt a fresh punch port, CONNECT, the responder's
 * CONNECT (timing the round trip), SYNC naming the address pair, half a round trip's wait (the SYNC's way to the
 * responder, who dials as it arrives), then the punch. A failed punch or upgrade is retried; anything else (the
 * peer silent or breaking the protocol, no address pair) ends the session.
 */
export async function initiate (stream: Stream, ctx: SessionContext): Promise<SessionResult> {
  const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE_BYTES })
  let path: PathKind | undefined
  let error: Error | undefined
  let attempt = 0
  while (attempt < ctx.attempts) {
    attempt++
    try {
      const port = await pickPunchPort()
      const mine = ctx.candidates(port)
      const sent = Date.now()
      await send(lp, { type: 'connect', candidates: mine }, ctx)
      const theirs = expect(await receive(lp, ctx), 'connect').candidates
      const rtt = Date.now() - sent
      const choices = selectPaths(mine, theirs)
      if (choices.length === 0) throw new NoPathError()
      const choice = choices[(attempt - 1) % choices.length]
      path = choice.path
      await send(lp, { type: 'sync', choice }, ctx)
      await sleep(rtt / 2, undefined, { signal: ctx.signal })
      const connection = await ctx.connect({ role: 'initiator', localPort: port, remoteIp: choice.responderIp, remotePort: theirs.port })
      await stream.close({ signal: timeoutSignal(ctx.messageTimeoutMs) }).catch(() => { stream.abort(new Error('close timed out')) })
      return { connection, path, attempts: attempt }
    } catch (err) {
      error = asError(err)
      ctx.log('attempt %d failed - %e', attempt, error)
      if (!(error instanceof PunchTimeoutError || error instanceof UpgradeFailedError)) break
    }
  }
  stream.abort(error ?? new Error('hole punch failed'))
  return { path, attempts: attempt, error }
}

/**
 * The responder's side: answers each CONNECT with its own (a fresh punch port each time), and punches as the SYNC
 * arrives. Ends when a punch worked, when the initiator closes the stream, or on any protocol error.
 */
export async function respond (stream: Stream, ctx: SessionContext): Promise<SessionResult> {
  const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE_BYTES })
  let result: SessionResult = { attempts: 0 }
  while (true) {
    let theirs: Candidates
    try {
      const message = await receive(lp, ctx)
      if (result.attempts >= ctx.attempts) throw new UnexpectedMessageError(`more than ${ctx.attempts} attempts`)
      ctx.admit?.()
      theirs = expect(message, 'connect').candidates
    } catch (err) {
      // After an attempt the initiator closing the stream is the normal end: it gave up or is done.
      if (result.attempts === 0 || !(isEndOfStream(err))) result = { ...result, error: asError(err) }
      break
    }
    const attempt = result.attempts + 1
    let choice: PathChoice
    let port: number
    try {
      port = await pickPunchPort()
      const mine = ctx.candidates(port)
      await send(lp, { type: 'connect', candidates: mine }, ctx)
      choice = expect(await receive(lp, ctx), 'sync').choice
      checkChoice(choice, theirs, mine)
    } catch (err) {
      result = { path: result.path, attempts: attempt, error: asError(err) }
      break
    }
    try {
      const connection = await ctx.connect({ role: 'responder', localPort: port, remoteIp: choice.initiatorIp, remotePort: theirs.port })
      result = { connection, path: choice.path, attempts: attempt }
      break
    } catch (err) {
      ctx.log('attempt %d failed - %e', attempt, err)
      result = { path: choice.path, attempts: attempt, error: asError(err) }
    }
  }
  if (result.connection !== undefined) {
    await stream.close({ signal: timeoutSignal(ctx.messageTimeoutMs) }).catch(() => { stream.abort(new Error('close timed out')) })
  } else {
    stream.abort(result.error ?? new Error('hole punch failed'))
  }
  return result
}

/** The SYNC must pair addresses the two CONNECTs offered: a peer may not point our SYNs anywhere else. */
function checkChoice (choice: PathChoice, initiator: Candidates, responder: Candidates): void {
  const offered = (c: Candidates, ip: string): boolean => c.publicIps.includes(ip) || c.lanIps.includes(ip)
  if (!offered(initiator, choice.initiatorIp)) throw new UnexpectedMessageError('SYNC names an initiator address its CONNECT did not offer')
  if (!offered(responder, choice.responderIp)) throw new UnexpectedMessageError('SYNC names a responder address we did not offer')
}

type Lp = ReturnType<typeof lpStream>

async function send (lp: Lp, message: HolePunchMessage, ctx: SessionContext): Promise<void> {
  await withTimeout(ctx, async (signal) => { await lp.write(encodeHolePunch(message), { signal }) })
}

async function receive (lp: Lp, ctx: SessionContext): Promise<HolePunchMessage> {
  const frame = await withTimeout(ctx, async (signal) => await lp.read({ signal }))
  return decodeHolePunch(frame.subarray())
}

async function withTimeout<T> (ctx: SessionContext, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timeout = timeoutSignal(ctx.messageTimeoutMs)
  try {
    return await fn(AbortSignal.any([ctx.signal, timeout]))
  } catch (err) {
    if (timeout.aborted && !ctx.signal.aborted) throw new RequestTimeoutError(HOLE_PUNCH_PROTOCOL, ctx.messageTimeoutMs)
    throw err
  }
}

function expect<T extends HolePunchMessage['type']> (message: HolePunchMessage, type: T): Extract<HolePunchMessage, { type: T }> {
  if (message.type !== type) throw new UnexpectedMessageError(`expected ${type.toUpperCase()}, got ${message.type.toUpperCase()}`)
  return message as Extract<HolePunchMessage, { type: T }>
}

function isEndOfStream (err: unknown): boolean {
  return err instanceof Error && (err.name === 'UnexpectedEOFError' || err.name === 'StreamResetError' || err.name === 'StreamStateError')
}

function asError (err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
