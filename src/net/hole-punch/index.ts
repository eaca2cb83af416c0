// Hole punching for TCP on Node (docs/network.md, "Hole punching"; wire: protocols/hole-punch.md).
import { DefaultHolePunchService, type HolePunchComponents, type HolePunchInit, type HolePunchService } from './service.js'

export { HOLE_PUNCH_PROTOCOL } from './constants.js'
export { NoPathError, PunchTimeoutError, SessionRefusedError, UnexpectedMessageError, UpgradeFailedError } from './errors.js'
export type { PathKind } from './messages.js'
export type { PunchRole } from './upgrade.js'
export type { HolePunchComponents, HolePunchEvent, HolePunchEvents, HolePunchInit, HolePunchService } from './service.js'

/**
 * The libp2p service: `services: { holePunch: holePunch() }`. Needs identify, and a relay transport to be of use
 * (circuitRelayTransport on the peers, a relay server somewhere both can reach).
 */
export function holePunch (init: HolePunchInit = {}): (components: HolePunchComponents) => HolePunchService {
  return (components) => new DefaultHolePunchService(components, init)
}
