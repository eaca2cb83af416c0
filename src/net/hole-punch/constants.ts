// Hole-punching defaults, each with its unit and the reason for its value (docs/network.md, "Hole punching").

/** The protocol id, spoken on relayed connections only (protocols/hole-punch.md). */
export const HOLE_PUNCH_PROTOCOL = '/pogs/hole-punch/1.0.0'

/** Largest message, in bytes: twelve text IPs (at most 45 characters each) and a few small fields fit in ~700. */
export const MAX_MESSAGE_BYTES = 1024

/** Attempts per session, each with fresh punch ports (go-libp2p's DCUtR also tries 3 times): a first SYN can be
 * lost or cross the other side's NAT too early; more attempts rarely help a NAT that does not keep ports. */
export const DEFAULT_ATTEMPTS = 3

/** How long one message may take to arrive, in ms: one way through a relay, which can be on another continent. */
export const MESSAGE_TIMEOUT_MS = 10_000

/** How long one attempt waits for the TCP connection, in ms: the kernel sends a SYN that a NAT dropped again after
 * 1 s and 3 s, so the window covers two retransmissions (go-libp2p's DCUtR dial timeout is 5 s too). */
export const PUNCH_TIMEOUT_MS = 5_000

/** How long Noise and Yamux may take on the punched socket, in ms (libp2p's inbound upgrade timeout is 10 s). */
export const UPGRADE_TIMEOUT_MS = 10_000

/** After a refused TCP SYN (an RST: same host or LAN, where no NAT drops the first SYN), how long to wait before
 * sending the next, in ms: a random delay in [min, min + spread], so that two sides refusing each other do not
 * retry in lockstep and one of them finds the other listening. */
export const REFUSED_RETRY_MIN_MS = 20
export const REFUSED_RETRY_SPREAD_MS = 80

/** How long after a relayed inbound connection opens we start the session even though identify has not told us the
 * peer speaks the protocol, in ms: identify over a relay takes a round trip or two (well under a second), but
 * through a loaded relay it can time out or fail, and without identify no session would ever start. 10 s leaves a
 * whole session (3 attempts, ~30 s) well inside the relayed connection's 2 minutes. */
export const IDENTIFY_FALLBACK_MS = 10_000

/** After a failed session, how long before we start another with the same peer on our own, in ms: a NAT that
 * does not keep ports fails the same way every time, and each session costs both peers and the relay. */
export const RETRY_AFTER_FAILURE_MS = 10 * 60_000

/** Addresses we remember being observed at (newest first) and send as public candidates. */
export const MAX_OBSERVED_IPS = 4

/** Own interface addresses sent as LAN candidates. */
export const MAX_LAN_IPS = 8

/** Attempts one peer may open as initiator, per peer: each makes us send SYNs to an address that peer names, so
 * a peer must not turn us into a SYN cannon; two full sessions at once, then one attempt every 20 s. */
export const RESPONDER_RATE_LIMIT = {
  perMinute: 3,
  burst: 2 * DEFAULT_ATTEMPTS,
  reason: 'each attempt makes us send SYNs to an address the peer names: two sessions at once, then one attempt per 20 s'
}

/** Peers remembered in the failure back-off table before expired entries are dropped. */
export const MAX_BACKOFF_ENTRIES = 1024
