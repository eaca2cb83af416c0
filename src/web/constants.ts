// The dashboard's defaults, each with its reason (docs/web.md).

/** Where the coordinator serves the dashboard unless told otherwise: loopback only, so nothing is exposed by default. */
export const DEFAULT_HTTP_ADDRESS = '127.0.0.1:8080'

/** Rows per page when a list is not given `limit`: a screenful. */
export const DEFAULT_PAGE_LIMIT = 50
/** The most rows one list request returns (`limit` above it is refused): every query stays bounded. */
export const MAX_PAGE_LIMIT = 500
/** The highest `offset` a list accepts: deeper pages cost a scan per request; nobody pages 100,000 rows by hand. */
export const MAX_PAGE_OFFSET = 100_000
/** Longest request target accepted (bytes): ids and a few query parameters fit in far less. */
export const MAX_URL_LENGTH = 2_048

/** Server-sent-event clients at once: each holds a socket; a public page should not hold thousands. */
export const MAX_SSE_CLIENTS = 64
/** A comment line every 15 s keeps idle SSE connections through proxies that close silent ones after 30-60 s. */
export const SSE_HEARTBEAT_MS = 15_000
/** Events a slow SSE client may have waiting before it is dropped (its socket buffer is full). */
export const SSE_MAX_BUFFERED_BYTES = 256 * 1024

/** Parameter-map grids kept decoded (one per galaxy and parameter/value): a galaxy page shows 4. */
export const MAP_CACHE_SIZE = 32
/** Largest galaxy side rendered (pixels): PNGs are drawn at native resolution; larger images are refused. */
export const MAX_IMAGE_SIDE = 4_096
/** Longest side of a thumbnail (pixels): list pages show many. */
export const THUMBNAIL_SIDE = 96

/** FITS exports streamed at once: each holds one parameter's cube in memory and reads the archive (docs/web.md). */
export const MAX_CONCURRENT_EXPORTS = 2
/** Largest galaxy exported as FITS (pixels): a parameter's 7 planes of float32 are read and encoded at once, 2 x
 * 28 bytes per pixel, ~230 MB at this size; POGS galaxies are far smaller. */
export const MAX_EXPORT_PIXELS = 2_048 * 2_048

/** Idle keep-alive sockets are closed after this long (node's default is 5 s; a dashboard polls rarely). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000
/** A request must arrive in full within this time (slowloris). */
export const REQUEST_TIMEOUT_MS = 30_000
