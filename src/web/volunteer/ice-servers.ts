// The STUN servers a volunteer page gives WebRTC (docs/network.md#browsers). Two pages behind NAT routers learn
// their public addresses from a STUN server and connect directly; on a local network (the demo, a lab's LAN) their
// host addresses suffice, and a page asks nobody outside it.
import type { NetworkMode } from '../../net/address-policy.js'

/** The public STUN servers @libp2p/webrtc uses when given none (its constants.js). */
export const PUBLIC_STUN_SERVERS = [
  'stun:stun.l.google.com:19302',
  'stun:global.stun.twilio.com:3478',
  'stun:stun.cloudflare.com:3478',
  'stun:stun.services.mozilla.com:3478'
]

export function iceServersFor (mode: NetworkMode): string[] {
  return mode === 'local' ? [] : PUBLIC_STUN_SERVERS
}
