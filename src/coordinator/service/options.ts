// What a coordinator service is started with, and what it reports about its state.
import type { KadDHTInit } from '@libp2p/kad-dht'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { ProjectSettings } from '../../net/messages/index.js'
import type { RateLimit } from '../../net/rate-limiter.js'
import type { LifecycleInit, LifecycleSettings } from '../lifecycle/index.js'
import type { CoordinatorEvents } from './events.js'
import { appVersion, isVersion, requireVersion } from '../../util/app-version.js'
import { InvalidSettingsError } from '../store/errors.js'
import { MIN_COMPATIBLE_APP_VERSION } from './constants.js'
import { DEFAULT_MAX_SUBMISSION_BYTES } from '../../net/submit/constants.js'
import type { Cidr, NetworkMode } from '../../net/address-policy.js'
import type { NetworkGrouping } from './request-network.js'
import type { RunSpec } from './runs.js'

/** Options of a coordinator service; only the two directories are required. */
export interface CoordinatorServiceInit {
  /** The coordinator's own state: identity, blocks, datastore, coordinator.sqlite, inbox/, galaxies/, archives/. */
  dataDir: string
  /** filters.dat and the library pairs galaxies are fitted with (published as the manifest's libraries): the default
   * run's (docs/coordinator.md#runs). */
  librariesDir: string
  /** The default run's name (default: the libraries directory's name). */
  runName?: string
  /** More runs: each a name and a libraries directory with its own filters.dat. */
  runs?: RunSpec[]
  listen?: string[]
  bootstrap?: Array<string | Multiaddr>
  /** Peer ids of the project's verifiers (their agreement counts) and mirrors (asked to pin archives). */
  verifiers?: string[]
  mirrors?: string[]
  /** Peer ids of the research groups' keys allowed to submit galaxies over /pogs/submit (protocols/submit.md). */
  submitters?: string[]
  /** Largest galaxy file a submitter may send, in bytes (default DEFAULT_MAX_SUBMISSION_BYTES, 512 MiB). */
  maxSubmissionBytes?: number
  /** Work lifecycle settings (replication, quorum, deadline, verifier quorum, receipts R, unit size...); the
   * verifier quorum defaults to 2, or to the number of verifiers when fewer are named. */
  lifecycle?: Omit<LifecycleInit, 'verifiers'>
  /** Deadline check interval, ms (default 60 s). */
  tickIntervalMs?: number
  /** Inbox rescan interval besides fs.watch, ms (default 5 s). */
  inboxScanIntervalMs?: number
  /** Retry interval of the background passes, ms (default 10 s). */
  maintenanceIntervalMs?: number
  /** Least time between two archive catalogues, ms (default CATALOGUE_INTERVAL_MS, 30 s). */
  catalogueIntervalMs?: number
  /** Backoff for verifiers and mirrors that did not answer, ms (defaults 5 s doubling to 10 min). */
  retryBaseMs?: number
  retryMaxMs?: number
  /** Seconds a volunteer is told to wait when no work is available (default 60). */
  retryAfterS?: number
  /** The lowest pogs version the project accepts (semver; default MIN_COMPATIBLE_APP_VERSION, at most this pogs'
   * version): announced in the manifest; work requests and results from older versions are refused. */
  minAppVersion?: string
  /** Overrides of the work and result rate limits (many simulated volunteers on one host). */
  rateLimits?: { work?: RateLimit, result?: RateLimit, 'result-batch'?: RateLimit }
  /** The signed statistics export (docs/coordinator.md): at start and every `intervalMs` (default 6 h), the newest
   * `keep` (default 8) kept. Absent: no export (tests and embedders that do not publish statistics). */
  statsExport?: { intervalMs?: number, keep?: number }
  /** Worker threads that open result batches (signatures, decoding); default every core but one, at least 1; 0
   * opens them on the main thread. */
  resultCheckThreads?: number
  /** The store's clock (ms); tests move time with it. Default Date.now. */
  now?: () => number
  dht?: Partial<KadDHTInit>
  /** Network mode, reachable private ranges and announce addresses (src/net/address-policy.ts). */
  network?: NetworkMode
  reachableCidrs?: Cidr[]
  announce?: string[]
  /** Most connections kept open (src/net/constants.ts, PUBLIC_ROLE_MAX_CONNECTIONS on a public network). */
  maxConnections?: number
  /** How work requests are grouped into networks for replica diversity (request-network.ts): by default by
   * address prefix (/24, /48) on a public network, by key on a local one. */
  replicaNetworks?: Partial<NetworkGrouping>
  republishIntervalMs?: number
  reprovideIntervalMs?: number
}

/** What `ready` tells. */
export type ReadyEvent = CoordinatorEvents['ready']

/** A recorded archive as the service reports it. */
export interface ArchiveInfo {
  galaxy: string
  galaxyId: number
  path: string
  cid: string
  /** Mirrors that signed receipts. */
  receipts: number
  created: number
}

/** Progress over all galaxies. */
export interface Progress {
  galaxies: Array<{ name: string, status: string }>
  /** Work units per state. */
  units: Record<string, number>
  /** Instances waiting to be handed out. */
  unsent: number
}

/** The manifest's settings from the store's (what volunteers and verifiers need to know). */
export function projectSettings (s: LifecycleSettings): ProjectSettings {
  return {
    initialReplication: s.replication,
    minQuorum: s.minQuorum,
    maxErrorResults: s.maxErrorResults,
    maxTotalResults: s.maxTotalResults,
    deadlineS: Math.max(1, Math.ceil(s.deadlineMs / 1000)),
    verifierQuorum: s.verifierQuorum,
    mirrorReceipts: s.mirrorReceipts
  }
}

/** The largest galaxy file a submitter may send: `value` or DEFAULT_MAX_SUBMISSION_BYTES, a positive whole number. */
export function maxSubmissionBytesOf (value: number | undefined): number {
  const max = value ?? DEFAULT_MAX_SUBMISSION_BYTES
  if (!Number.isSafeInteger(max) || max < 1) throw new InvalidSettingsError(`the largest submission must be a positive number of bytes, got ${max}`)
  return max
}

/**
 * The lowest pogs version the project accepts: `value` or MIN_COMPATIBLE_APP_VERSION, checked to be a semantic
 * version no newer than this pogs (a coordinator above it would refuse volunteers of its own version).
 */
export function minAppVersionOf (value: string | undefined): string {
  const min = value ?? MIN_COMPATIBLE_APP_VERSION
  if (!isVersion(min)) throw new InvalidSettingsError(`the lowest accepted version ${JSON.stringify(min.slice(0, 64))} is not a semantic version`)
  try {
    requireVersion(min)
  } catch {
    throw new InvalidSettingsError(`the lowest accepted version ${min} is newer than this pogs (${appVersion()})`)
  }
  return min
}
