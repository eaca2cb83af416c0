// Every error code pogs uses, declared once. A PogsError takes an ErrorCode, so a misspelt code fails to compile;
// callers and tests branch on these values, so they never change meaning (add a new code instead). Codes that come
// from other peers (a RemoteError's remoteCode, an ack's refusal reason) are plain strings: `isErrorCode` says
// whether such a string is one of ours. docs/design.md#errors.

/** The codes, grouped by the layer that raises them, each with what it means. */
export const ERROR_CODES = [
  // Command line, processes and local files (util, nodes, localnet)
  'ERR_USAGE', // a command line that cannot be carried out as given (missing or malformed flag)
  'ERR_VERSION_TOO_OLD', // a pogs older than the lowest version its project accepts (the manifest's min_app_version)
  'ERR_DATA_DIR_NOT_FOUND', // the reference data directory (--data-dir, POGS_DATA_DIR, ../shared/data) does not exist
  'ERR_ROLE_PROCESS', // a role process ended, or printed something not an event, before what was waited for
  'ERR_INTERNAL', // an unexpected error, reported without its text (it may name local paths or peer-supplied data)
  'ERR_UNKNOWN', // a failure that carried no error at all

  // Fitting core (src/fit)
  'ERR_MALFORMED_INPUT', // a line of a filters, observations or library file that cannot be read
  'ERR_REDSHIFT_OUT_OF_RANGE', // no model library pair within |dz| <= 0.005 of a pixel's redshift
  'ERR_LIBRARY_NOT_FOUND', // a libraries directory holds no library for a wanted redshift, or only half a pair
  'ERR_LIBRARY_MISMATCH', // a library with too few magnitude columns for the filter set at its redshift
  'ERR_RESULT_DECODE', // bytes that are not a valid binary encoding of a fit result
  'ERR_CORE_VERSION_MISMATCH', // a result fitted by another fitting-core version than its instance was assigned to

  // Model preparation (src/models)
  'ERR_UNKNOWN_FILTER', // a band or filters.dat row with no known curve, or a galaxy band not in filters.dat
  'ERR_FILTER_OUT_OF_RANGE', // a redshifted filter curve beyond the wavelengths the model spectra cover
  'ERR_ISED_FORMAT', // a GALAXEV .ised file that ends early or whose Fortran record markers disagree
  'ERR_MODEL_DATA', // a model input file (SSP table, filter curve, dust model) not in its format
  'ERR_MODEL_BUILD_INPUT', // a redshift grid or model count that cannot be built

  // FITS files and galaxy input (src/galaxy)
  'ERR_NOT_FITS', // a file that is not FITS (no SIMPLE = T card at the start)
  'ERR_FITS_TRUNCATED', // a FITS file (or its gzip stream) that ends before its header or data does
  'ERR_FITS_HEADER', // a malformed FITS header card or keyword value
  'ERR_FITS_UNSUPPORTED', // FITS data this reader or writer cannot handle (value range, sizes, nothing to write)
  'ERR_NO_LAYERS', // a galaxy file with no image layer naming its band
  'ERR_LAYER_SIZE', // galaxy layers of different sizes
  'ERR_DUPLICATE_LAYER', // two flux (or two sigma) layers for one band
  'ERR_NO_REDSHIFT', // a galaxy without a redshift > 0
  'ERR_BAD_COORDINATE', // an RA outside [0, 360) or a Dec outside [-90, 90]
  'ERR_BAD_RECIPE', // a synthetic-galaxy recipe that is not valid JSON or not a valid recipe
  'ERR_NOTHING_TO_FIT', // a galaxy without a single viable pixel

  // HDF5 archives (src/archive)
  'ERR_NOT_ARCHIVE', // a file that is not a readable pogs galaxy archive (not HDF5, damaged, other format version)
  'ERR_ARCHIVE_INPUT', // archive input that is inconsistent (sizes, areas, pixels)
  'ERR_ARCHIVE_WRITE', // an archive that cannot be written where asked
  'ERR_ARCHIVE_RESUME', // a partial archive that cannot be taken up again (missing, unreadable, or not as recorded): it is rebuilt
  'ERR_UNKNOWN_PARAMETER', // a parameter name that is not one of the 16
  'ERR_UNKNOWN_VALUE', // a value name that is not one of the 7
  'ERR_OUTSIDE_IMAGE', // a pixel outside the galaxy's image

  // Work payloads (src/work)
  'ERR_BAD_UNIT', // a work-unit payload that does not decode or cannot be fitted
  'ERR_BAD_RESULT', // a unit result that does not decode or is malformed inside
  'ERR_RESULT_MISMATCH', // a well-formed result that does not answer its unit

  // Network: messages, envelopes, requests, content (src/net)
  'ERR_MALFORMED_MESSAGE', // a frame or message that does not decode
  'ERR_MISSING_FIELD', // a message without a field its protocol requires
  'ERR_INVALID_FIELD', // a message field out of range or malformed
  'ERR_FRAME_TOO_LARGE', // a frame longer than its protocol allows
  'ERR_INVALID_SIGNATURE', // a signature that does not verify
  'ERR_INVALID_KEY', // a public key or signature of the wrong type or length
  'ERR_WRONG_DOMAIN', // an envelope signed for another kind of message than the one expected
  'ERR_UNSUPPORTED_VERSION', // a message or protocol version this peer does not speak
  'ERR_REPLAY', // a message id seen before, or a timestamp outside the accepted window
  'ERR_RATE_LIMITED', // a peer over its request rate on a protocol
  'ERR_SIGNER_MISMATCH', // an envelope signed by another key than the connected (or expected) peer's
  'ERR_TIMEOUT', // no answer, or no content, within the time allowed
  'ERR_REMOTE', // the other peer refused a request (its own code is the RemoteError's remoteCode)
  'ERR_STALE_MANIFEST', // a manifest whose sequence is not above the last accepted one
  'ERR_PROJECT_NOT_FOUND', // no coordinator or manifest found for a project key
  'ERR_CONTENT', // content that could not be fetched or pinned
  'ERR_CONTENT_TOO_LARGE', // content larger than the caller's bound
  'ERR_IDENTITY', // an identity key file that exists but cannot be used
  'ERR_ADDRESS', // a multiaddr, peer id or bootstrap entry that does not parse
  'ERR_NOT_AUTHORIZED', // a request only another peer may make (a pin request not from the coordinator, a galaxy submission from a key no --submitter names)
  'ERR_UNREACHABLE', // no peer answered (bootstrap, a verifier)
  'ERR_NO_RELAY', // a peer that listens through a relay got no relay slot (none offered, or every one refused)
  'ERR_BUSY', // a peer too busy to answer now, or a coordinator still starting; retried

  // The archive catalogue (src/net/catalogue, protocols/catalogue.md)
  'ERR_STALE_SEQUENCE', // a catalogue whose sequence is below one already seen for its project (or equal, other content)
  'ERR_NO_CATALOGUE', // a project whose manifest names no catalogue yet (nothing archived)
  'ERR_NOT_IN_CATALOGUE', // a galaxy name the project's catalogue does not list
  'ERR_CATALOGUE_TOO_LARGE', // a catalogue with more entries or bytes than allowed
  'ERR_ARCHIVE_MISMATCH', // a fetched archive whose size or SHA-256 is not what the catalogue says

  // Hole punching (src/net/hole-punch)
  'ERR_NO_PATH', // no candidate address pair to punch between
  'ERR_PUNCH_TIMEOUT', // no TCP connection came up within the attempt's window
  'ERR_UPGRADE_FAILED', // the punched socket could not be upgraded (Noise, muxer, connection manager)
  'ERR_UNEXPECTED_MESSAGE', // the peer broke the hole-punch protocol's order of messages
  'ERR_SESSION_REFUSED', // a session already running with the peer, or a connection that is not relayed

  // Port mapping on the home router (src/net/upnp)
  'ERR_NO_GATEWAY', // --upnp: no UPnP router answered on the LAN
  'ERR_DOUBLE_NAT', // --upnp: the router's external address is not reachable on this network (another NAT before it)

  // Coordinator state (src/coordinator/store, lifecycle)
  'ERR_STORE_SCHEMA', // a database that is not a pogs coordinator database, or of a newer pogs
  'ERR_ENVELOPE_MISSING', // a recorded result's envelope missing from the envelope log
  'ERR_INVALID_SETTINGS', // a work-lifecycle setting out of range
  'ERR_INVALID_INPUT', // bad input to a store call that is not a peer's fault
  'ERR_GALAXY_CONFLICT', // a galaxy name already registered with different content
  'ERR_UNKNOWN_GALAXY', // no galaxy with this id
  'ERR_UNKNOWN_UNIT', // no work unit with this id
  'ERR_UNKNOWN_INSTANCE', // no instance with this id
  'ERR_NOT_ASSIGNED', // a result or error report from a key the instance was not assigned to
  'ERR_CONFLICTING_RESULT', // a second, different outcome for the same instance
  'ERR_DUPLICATE_INSTANCE', // a volunteer key that already holds an instance of the unit
  'ERR_UNIT_ABANDONED', // a result for a unit that was abandoned
  'ERR_UNKNOWN_VERIFIER', // a verdict from a key that is not one of the project's verifiers
  'ERR_STALE_VERDICT', // a verdict that does not answer the unit's current verification round
  'ERR_CONFLICTING_VERDICT', // a second, different verdict from one verifier for one round
  'ERR_INVALID_STATE', // an operation that needs the unit in another state
  'ERR_MALFORMED_VERDICT', // a verdict that cannot be right whatever the round
  'ERR_BANNED', // a request or result from a banned key, or from a new key on a network with a recent ban
  'ERR_SERVICE_KEY', // a work request from a verifier's or mirror's key (they judge and keep work, never compute it)
  'ERR_RESULT_PUBLISHED', // a result for a unit already verified: its canonical result may be public, a copy earns nothing
  'ERR_INSTANCE_REPLACED', // a late result whose timed-out instance was replaced by a key of the same network

  // The running coordinator (src/coordinator/service, stats)
  'ERR_NONCE_MISMATCH', // a result whose nonce is not the one its instance was issued with
  'ERR_WRONG_RINGER', // a result whose answer to a known-answer pixel (a ringer) differs beyond the tolerance
  'ERR_DIGEST_MISMATCH', // content that does not hash to the digest its sender signed (a volunteer's result, a submitted galaxy file)
  'ERR_RESULT_TOO_LARGE', // a result larger than the unit allows, or inline when it should be content
  'ERR_NO_FILTERS', // an inbox galaxy the coordinator cannot read: it has no filters.dat
  'ERR_NO_LIBRARY', // no library pair for a galaxy's redshift, or a library file not in the manifest
  'ERR_INBOX_OPTIONS', // an inbox galaxy's options file that is not JSON or has a malformed option
  'ERR_GALAXY_FILE', // a registered galaxy's files missing from the data directory or no longer readable
  'ERR_DETAIL_UNAVAILABLE', // a reopened galaxy's dropped histograms found neither in its previous archive file nor content
  'ERR_NONCE_SECRET', // a nonce secret file of the wrong size
  'ERR_SUBMISSION_TOO_LARGE', // a galaxy submission announcing more bytes than the coordinator accepts (--max-submission)
  'ERR_SIZE_MISMATCH', // a galaxy submission whose bytes run past, or end short of, the size its header announced
  'ERR_SUBMISSION_TRUNCATED', // a galaxy submission whose stream ended before its bytes and end marker did
  'ERR_UNKNOWN_RUN', // a galaxy (added or submitted) naming a run the coordinator does not have
  'ERR_NO_RUN', // a galaxy whose bands no run of the coordinator has every one of
  'ERR_RUNS', // a coordinator's runs that cannot be served as given (a bad or repeated run name, none at all)
  'ERR_ALREADY_STARTED', // a coordinator service started twice
  'ERR_NOT_RUNNING', // a coordinator service used while it is not running
  'ERR_WRONG_VERDICT', // a verdict that does not answer the request it was sent for
  'ERR_WRONG_RECEIPT', // a pin receipt that does not name the archive asked for
  'ERR_NO_VERIFIERS', // warning: no verifier named, so nothing is verified
  'ERR_FEW_MIRRORS', // warning: fewer mirrors named than receipts needed, so histograms stay in the database
  'ERR_HTTP_UNAVAILABLE', // warning: the dashboard cannot listen where asked (the coordinator runs on without it)
  'ERR_MALFORMED_EXPORT', // a statistics export whose files or manifest cannot be read
  'ERR_WRONG_SIGNER', // a statistics export signed by another key than its project's
  'ERR_FILE_MISMATCH', // a statistics export file that is not what was signed

  // Volunteer (src/volunteer)
  'ERR_VOLUNTEER_OPTION', // a volunteer option out of range
  'ERR_QUEUE_FILE', // a local queue file that cannot be read (set aside)
  'ERR_LIBRARY_CACHE_FILE', // the library cache's record (DATA/libraries.json) cannot be read (set aside)
  'ERR_DEADLINE_PASSED', // work dropped because its deadline passed
  'ERR_UNIT_MISMATCH', // a payload that decodes to another unit than the assignment names
  'ERR_ACK_MISMATCH', // acknowledgements that do not answer the results sent

  // Dashboard (src/web)
  'ERR_NOT_FOUND', // no such route or resource (404)
  'ERR_METHOD_NOT_ALLOWED', // a route that does not take this method (405)
  'ERR_BAD_REQUEST', // a malformed query parameter or path segment (400)
  'ERR_TOO_MANY_CLIENTS', // more live-update clients than the server keeps (503)
  'ERR_TOO_MANY_EXPORTS', // more FITS exports at once than the dashboard streams (503)
  'ERR_TOO_LARGE', // a galaxy or map too large to render or send as JSON (413)
  'ERR_URL_TOO_LONG' // a request target longer than the server reads (414)
] as const

/** One of pogs' error codes. */
export type ErrorCode = typeof ERROR_CODES[number]

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES)

/** Whether a string from outside (a peer's refusal, a parsed event) is one of our codes. */
export function isErrorCode (code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code)
}
