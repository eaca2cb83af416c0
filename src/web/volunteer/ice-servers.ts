// The STUN servers a volunteer page gives WebRTC (docs/network.md#browsers). Two pages behind NAT routers learn
// their public addresses from a STUN server and connect directly; on a local network (the demo, a lab's LAN) their
// host addresses suffice, and a page asks nobody outside it. `--ice-server` on the page's role replaces the default.
import type { NetworkMode } from '../../net/address-policy.js'
import { UsageError } from '../../util/errors.js'

/** The public STUN servers @libp2p/webrtc uses when given none (its constants.js). */
export const PUBLIC_STUN_SERVERS = [
  'stun:stun.l.google.com:19302',
  'stun:global.stun.twilio.com:3478',
  'stun:stun.cloudflare.com:3478',
  'stun:stun.services.mozilla.com:3478'
]

/** The servers a page is given: those named by `--ice-server` (checked), else the network mode's default. */
export function iceServersFor (mode: NetworkMode, named: string[] = []): string[] {
  for (const url of named) parseIceServer(url)
  if (named.length > 0) return named
  return mode === 'local' ? [] : PUBLIC_STUN_SERVERS
}

/** A STUN URL as RFC 7064 writes it, `stun:HOST[:PORT]` (TURN needs credentials a page cannot keep secret). */
function parseIceServer (url: string): void {
  if (!/^stuns?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(url)) {
    throw new UsageError(`--ice-server ${JSON.stringify(url)}: expected a STUN URL, stun:HOST or stun:HOST:PORT`)
  }
}
