// Port-mapping defaults, each with its unit and the reason for its value (docs/network.md, "Port mapping").

/** How long one search for the home router (SSDP M-SEARCH on every interface) may take, in ms: a router answers
 * within a second or two; some ISP routers drop the odd search, so it is repeated during the window. */
export const SEARCH_TIMEOUT_MS = 10_000

/** How often the search message is sent again during one search, in ms. */
export const SEARCH_MESSAGE_INTERVAL_MS = 2_000

/** After a search that found no router, how long before the next, in ms, doubling from the first value to the
 * second: a router that missed the first search (a dropped multicast, a host busy starting) is found within seconds,
 * one switched on later within a minute, and a network without one costs one multicast a minute. */
export const FIRST_SEARCH_RETRY_MS = 5_000
export const SEARCH_RETRY_MS = 60_000

/** How long a mapping is leased for, in ms; it is renewed a minute before it runs out. A short lease means a
 * mapping left behind by a peer that died (no clean stop to remove it) is gone from the router within minutes
 * (libp2p's UPnP service leases for 12 minutes too). */
export const MAPPING_TTL_MS = 12 * 60_000

/** How often the router is asked for its external address again, in ms: a home line's address changes when the
 * line reconnects, and the advertised address must follow. */
export const EXTERNAL_CHECK_INTERVAL_MS = 5 * 60_000

/** Longest wait for one request to the router (external address, a mapping), in ms: it is on the LAN. */
export const REQUEST_TIMEOUT_MS = 10_000

/** How long a mapped address is taken as confirmed before AutoNAT may check it again, in ms: the router's word
 * that it forwards the port, checked against the network's address policy, is what we go on; where enough public
 * peers exist, AutoNAT's later dial-backs may still withdraw it. */
export const MAPPED_ADDRESS_TTL_MS = 60 * 60_000
