// Network defaults in one place, each with its unit and the reason for its value (docs/design.md#network-defaults).

/** Largest frame carrying a work unit or a result, in bytes: a 7-row area of a large galaxy with 16 bands plus
 * its sparse histograms fits with room to spare, while one malicious peer cannot make us buffer more. */
export const MAX_BULK_FRAME_BYTES = 4 * 1024 * 1024

/** Largest frame of a control message (requests, receipts, verdicts, manifests), in bytes. */
export const MAX_CONTROL_FRAME_BYTES = 64 * 1024

/** How long one request may take end to end (dial, send, handle, answer), in ms: long enough for a 4 MiB frame on
 * a slow uplink, short enough that a stalled peer does not hold a stream slot for long. */
export const REQUEST_TIMEOUT_MS = 30_000

/** Longest a verifier spends recomputing one pixel, in ms, whatever cost per pixel the unit states: the
 * slowest pixel, one no model pair fits (fit_sed.f's own loop, ~64 s; 4x that is ~4.3 min), stays well inside, so
 * more than this is a mistaken estimate, or a coordinator keeping its verifiers busy. The derivation from the stated cost: src/work/recompute-timeout.ts. */
export const MAX_RECOMPUTE_TIMEOUT_MS = 15 * 60_000

/** Signed messages are accepted when their timestamp lies within this distance of our clock, in ms: volunteer
 * clocks drift, but an old captured message must not be replayable later. */
export const REPLAY_WINDOW_MS = 5 * 60_000

/** Most message ids remembered per replay guard: ids older than the window are dropped first, so this only bounds
 * memory under a flood (at the rate limits below a guard never gets near it). */
export const REPLAY_GUARD_CAPACITY = 200_000

/** The private DHT protocol: pogs peers never mix their routing tables with the public IPFS DHT. */
export const DEFAULT_DHT_PROTOCOL = '/pogs/kad/1.0.0'

/** Prefix of the project manifest's DHT record key (`/pogs-manifest/<peer id bytes>`): kad-dht picks the record's
 * validator and selector by the key's first segment. */
export const MANIFEST_KEY_NAMESPACE = 'pogs-manifest'

/** Prefix hashed into a project's rendezvous CID (protocols/manifest.md). */
export const RENDEZVOUS_PREFIX = 'pogs/project/'

/** How often held content is provided again, in ms: provider records live 48 h in kad-dht 16 (a 24 h re-provide
 * threshold), and peers join and leave, so an hourly pass keeps new peers' lookups answered. */
export const REPROVIDE_INTERVAL_MS = 60 * 60_000

/** Longest a provide or record put may run, in ms: kad-dht waits for its query to finish and, with no peers in
 * the routing table yet, never does; the periodic passes try again later. */
export const ANNOUNCE_TIMEOUT_MS = 30_000

/** How often the coordinator re-publishes its manifest record, in ms: DHT records expire after 48 h and peers
 * holding them churn; re-publishing the same sequence is harmless. */
export const REPUBLISH_INTERVAL_MS = 60 * 60_000

/** Streams one peer may have open on one pogs protocol at once: a volunteer needs one or two; more is abuse. */
export const MAX_INBOUND_STREAMS_PER_PROTOCOL = 32

/** The local network range allowed past the connection manager's per-host inbound limits: on loopback every peer
 * is the same host (docs/network.md#pitfalls). */
export const LOOPBACK_ALLOW = '/ip4/127.0.0.0/ipcidr/8'

/** How long one dial may take on a public network, in ms (libp2p's default is 10 s): a volunteer on a home line
 * or a congested uplink completes TCP + Noise + Yamux in well under that, but a peer on another continent through
 * a relay needs several round trips of ~300 ms each, and a failed dial is retried only after a backoff. */
export const DIAL_TIMEOUT_MS = 20_000

/** The well-known TCP port of public roles (coordinator, seed, verifier, mirror) when `--listen` is not given:
 * one fixed port is what firewall rules and bootstrap lists name. Volunteers take an ephemeral port instead. */
export const PUBLIC_ROLE_PORT = 4001

/** The well-known WebSocket port of public roles: browsers cannot dial raw TCP, so each public role listens on
 * `/tcp/4002/ws` as well (the port next to libp2p's usual 4001; one listener cannot serve both protocols). */
export const PUBLIC_ROLE_WS_PORT = 4002

/** Relay slots a seed grants at once: each costs a few hundred bytes and one idle connection; a research group's
 * seed serving a few thousand volunteers at home needs this many. */
export const RELAY_MAX_RESERVATIONS = 4096

/** How long a relay slot lasts before the volunteer must renew it, in ms (the Circuit Relay v2 default, 2 h). */
export const RELAY_RESERVATION_TTL_MS = 2 * 60 * 60_000

/** Bytes one relayed connection may carry each way before the relay resets it: control traffic only (identify,
 * ping, the hole-punch exchange, DHT answers); bulk data (bitswap, units, results) never crosses a relay. The
 * Circuit Relay v2 default of 128 KiB. */
export const RELAY_DATA_LIMIT_BYTES = 128n * 1024n

/** How long one relayed connection may stay open, in ms: long enough to punch a hole (a few seconds) and to
 * retry it; after that peers use a direct connection or none (the Circuit Relay v2 default, 2 min). */
export const RELAY_DURATION_LIMIT_MS = 2 * 60_000

/** How long a bootstrap dial may take at start, in ms: a loaded host (load 33 in the network bench) completes one
 * within a few seconds; a dead seed must not hold up the start for long (the peer store keeps its address, and
 * discovery dials it again later). */
export const BOOTSTRAP_DIAL_TIMEOUT_MS = 10_000

/** How long identify may take on a public network, in ms (libp2p's default is 5 s): a peer fitting on every core
 * behind a home line answers late, and a peer whose identify timed out is invisible to the DHT and to bitswap. */
export const IDENTIFY_TIMEOUT_MS = 15_000

/** Connections a volunteer keeps on a public network: its coordinator, a seed (its relay slot), a few holders of
 * its libraries and some DHT peers. A home router's NAT table is shared by the household and holds a few thousand
 * entries; libp2p's default of 300 would take a tenth of it. */
export const VOLUNTEER_MAX_CONNECTIONS = 100

/** Connections a public role keeps: every volunteer of a project holds one to its coordinator (work, results) and
 * one to a seed (its relay slot); libp2p's default of 300 would prune live volunteers. The systemd units raise the
 * file-descriptor limit to match (deploy/). */
export const PUBLIC_ROLE_MAX_CONNECTIONS = 10_000
