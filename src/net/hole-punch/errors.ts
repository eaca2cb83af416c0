import { PogsError } from '../../util/errors.js'

// One class per way a hole-punching session ends without a direct connection. The code is what the `hole-punch`
// event reports as `reason`; bad input from the peer ends its session (we do not punish it further: its next
// session is rate limited like any other).

/** No pair of candidate addresses suits a punch (no common LAN, or one side does not know its public address). */
export class NoPathError extends PogsError {
  constructor () { super('ERR_NO_PATH', 'no candidate address pair to punch between') }
}

/** No TCP connection came up within the attempt's window (the NAT dropped both SYNs or did not keep the port). */
export class PunchTimeoutError extends PogsError {
  constructor (ms: number) { super('ERR_PUNCH_TIMEOUT', `no TCP connection within ${ms} ms`) }
}

/** The punched TCP connection came up but Noise or the muxer failed on it (or the connection manager refused it). */
export class UpgradeFailedError extends PogsError {
  constructor (options?: { cause?: unknown }) { super('ERR_UPGRADE_FAILED', 'upgrading the punched socket failed', options) }
}

/** The peer sent a message of the wrong type for the protocol's step, or broke the protocol otherwise. */
export class UnexpectedMessageError extends PogsError {
  constructor (message: string) { super('ERR_UNEXPECTED_MESSAGE', message) }
}

/** A session with the peer is already running, or we will not punch on this connection (it is not relayed). */
export class SessionRefusedError extends PogsError {
  constructor (message: string) { super('ERR_SESSION_REFUSED', message) }
}
