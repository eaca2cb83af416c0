import { isIP } from 'node:net'
import { HolePunch } from '../../../protocols/hole-punch.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { decodeWith } from '../messages/fields.js'

/** How an attempt crosses the network (protocols/hole-punch.md). */
export type PathKind = 'public' | 'lan'

/** What one side offers for one attempt. */
export interface Candidates {
  /** Addresses other peers observed this side's direct connections come from, newest first. */
  publicIps: string[]
  /** This side's own interface addresses. */
  lanIps: string[]
  /** The local TCP port this side punches from in this attempt. */
  port: number
}

/** The pair of addresses one attempt punches between (the initiator chooses; protocols/hole-punch.md). */
export interface PathChoice {
  path: PathKind
  /** The initiator's address, which the responder dials. */
  initiatorIp: string
  /** The responder's address, which the initiator dials. */
  responderIp: string
}

/** One message of the exchange. */
export type HolePunchMessage =
  | { type: 'connect', candidates: Candidates }
  | { type: 'sync', choice: PathChoice }

const KIND = 'HolePunch'
const MAX_IP_CHARS = 45

const PATH_TO_WIRE: Record<PathKind, HolePunch.Path> = { public: HolePunch.Path.PUBLIC, lan: HolePunch.Path.LAN }

export function encodeHolePunch (m: HolePunchMessage): Uint8Array {
  if (m.type === 'connect') {
    return HolePunch.encode({
      ...emptyWire(),
      type: HolePunch.Type.CONNECT,
      publicIps: m.candidates.publicIps,
      lanIps: m.candidates.lanIps,
      port: m.candidates.port
    })
  }
  return HolePunch.encode({
    ...emptyWire(),
    type: HolePunch.Type.SYNC,
    path: PATH_TO_WIRE[m.choice.path],
    initiatorIp: m.choice.initiatorIp,
    responderIp: m.choice.responderIp
  })
}

/** Decodes and checks one message; throws MalformedMessageError, MissingFieldError or InvalidFieldError. */
export function decodeHolePunch (bytes: Uint8Array): HolePunchMessage {
  const w = decodeWith(KIND, HolePunch.decode, bytes)
  switch (w.type) {
    case HolePunch.Type.CONNECT:
      // The element counts are bounded by the .proto's limits (MAX_OBSERVED_IPS, MAX_LAN_IPS): decoding fails past them.
      return {
        type: 'connect',
        candidates: {
          publicIps: w.publicIps.map((ip) => parseIp('publicIps', ip)),
          lanIps: w.lanIps.map((ip) => parseIp('lanIps', ip)),
          port: parsePort(w.port)
        }
      }
    case HolePunch.Type.SYNC:
      return {
        type: 'sync',
        choice: { path: parsePath(w.path), initiatorIp: parseIp('initiatorIp', w.initiatorIp), responderIp: parseIp('responderIp', w.responderIp) }
      }
    default:
      throw new MissingFieldError(KIND, 'type')
  }
}

function emptyWire (): HolePunch {
  return {
    type: HolePunch.Type.TYPE_UNSPECIFIED,
    publicIps: [],
    lanIps: [],
    port: 0,
    path: HolePunch.Path.PATH_UNSPECIFIED,
    initiatorIp: '',
    responderIp: ''
  }
}

function parseIp (field: string, value: string): string {
  if (value === '') throw new MissingFieldError(KIND, field)
  if (value.length > MAX_IP_CHARS || isIP(value) === 0) throw new InvalidFieldError(KIND, field, 'is not an IP address')
  return value
}

function parsePort (value: number): number {
  if (value === 0) throw new MissingFieldError(KIND, 'port')
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new InvalidFieldError(KIND, 'port', 'must be 1..65535')
  return value
}

function parsePath (value: HolePunch.Path): PathKind {
  if (value === HolePunch.Path.PUBLIC) return 'public'
  if (value === HolePunch.Path.LAN) return 'lan'
  throw new MissingFieldError(KIND, 'path')
}
