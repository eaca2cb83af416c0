// Work-lifecycle defaults (docs/design.md#work-defaults), each with its reason, applied with `??` and validated once.
import { MAX_UNIT_PIXELS } from '../../work/limits.js'
import { InvalidSettingsError } from '../store/errors.js'

const DAY_MS = 86_400_000

/** Replicas sent per unit at first: two independent volunteers must agree (POGS' BOINC setting). */
export const DEFAULT_REPLICATION = 2
/** Successful results needed before verification: equal to the replication, so no result is wasted. */
export const DEFAULT_MIN_QUORUM = 2
/** More error results than this abandons the unit: the unit itself is probably broken (BOINC/POGS: 8). */
export const DEFAULT_MAX_ERROR_RESULTS = 8
/** No more instances than this per unit, bounding the work one bad unit can cost (BOINC/POGS: 10). */
export const DEFAULT_MAX_TOTAL_RESULTS = 10
/** A volunteer has this long to return an instance before it is reissued (POGS: 7 days). */
export const DEFAULT_DEADLINE_MS = 7 * DAY_MS
/** Verifier signatures of agreement needed before assimilation: 2 of 3 survives one verifier being away. */
export const DEFAULT_VERIFIER_QUORUM = 2
/** Unsent instances kept queued: POGS filled its feeder to 1000 results... */
export const DEFAULT_QUEUE_TARGET = 1000
/** ...and generated more only when fewer than 400 were left (so generation runs in batches, not per request). */
export const DEFAULT_QUEUE_LOW_WATER = 400
/** CPU seconds a work unit should cost on one core (units are sized by the estimated cost of their galaxy's pixels,
 * src/fit/cost-model.ts): ~10 minutes of a typical core, long enough that fetching the unit and returning its
 * result stay small beside the work, short enough that a laptop closed mid-unit loses little. */
export const DEFAULT_TARGET_CPU_SECONDS = 600
/** An instance's deadline is at least this many times its unit's estimated CPU time (on one core): a volunteer
 * holds up to 2 units per core, so a unit may finish after about twice its own time on a dedicated core, and 10x
 * leaves room for a slower core or one shared with its owner's work. With the default deadline (7 days) this only
 * matters for units above ~17 h of CPU, or under a short --deadline. */
export const DEADLINE_CPU_FACTOR = 10
/** Mirror receipts for an archive after which per-pixel histograms may leave the database (design: R = 2). */
export const DEFAULT_MIRROR_RECEIPTS = 2
/** Half-life of recent average credit: one week, as BOINC's CREDIT_HALF_LIFE (sched/credit.h). */
export const DEFAULT_CREDIT_HALF_LIFE_MS = 7 * DAY_MS

/** Known-answer pixels ("ringers", docs/work-lifecycle.md#ringers) mixed into each unit once its galaxy has some:
 * two cost a unit of n pixels 2/n more work (1% of a 200-pixel unit) and catch a key that alters one pixel per unit
 * with probability 2/(n+2) per unit, on top of the verifiers' sampling. */
export const DEFAULT_RINGERS_PER_UNIT = 2
/** More ringers than this per unit are refused: they would be a noticeable share of small units' work. */
export const MAX_RINGERS_PER_UNIT = 16

/** Two keys first seen from one network within this window never replicate one unit together: keys made in a
 * burst on one machine stay apart even once they ask from different networks (docs/work-lifecycle.md#trust). */
export const DEFAULT_FIRST_SEEN_WINDOW_MS = 3_600_000
/** After a ban, new keys from the banned key's network are refused this long (keys it already knew keep working):
 * a banned cheater's next key costs it a week, an honest neighbour behind the same NAT starts a week later. */
export const DEFAULT_BAN_HOLD_MS = 7 * DAY_MS
/** A key may hold at most its announced cores (up to MAX_CAP_CORES) times this many instances once it has proven
 * itself; a new key starts at one per core and gains one per core per validated result (BOINC's per-host quota). */
export const MAX_IN_FLIGHT_PER_CORE = 4
/** Announced cores beyond this do not raise a key's cap (cores are the volunteer's own claim). */
export const MAX_CAP_CORES = 256

/** Options of the work lifecycle; every field optional, defaults above. */
export interface LifecycleInit {
  replication?: number
  minQuorum?: number
  maxErrorResults?: number
  maxTotalResults?: number
  deadlineMs?: number
  /** The project's verifier keys (from the manifest). */
  verifiers?: Uint8Array[]
  verifierQuorum?: number
  queueTarget?: number
  queueLowWater?: number
  /** CPU seconds a unit should cost on one core (units are cut by the estimated cost of a pixel). */
  targetCpuSeconds?: number
  /** A fixed pixel count per unit instead of the cost-based one (tests, the demo); absent by default. */
  pixelsPerUnit?: number
  mirrorReceipts?: number
  creditHalfLifeMs?: number
  /** The project's mirror keys: like verifiers', never given work. */
  mirrors?: Uint8Array[]
  firstSeenWindowMs?: number
  banHoldMs?: number
  /** Known-answer pixels mixed into each unit (0: none). */
  ringersPerUnit?: number
  /** Locality scheduling (docs/work-lifecycle.md#locality): units go first to volunteers holding their libraries. */
  locality?: boolean
}

/** Validated settings (pixelsPerUnit stays undefined unless set: units are then sized by cost). */
export type LifecycleSettings = Required<Omit<LifecycleInit, 'pixelsPerUnit'>> & { pixelsPerUnit: number | undefined }

function positiveInteger (name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new InvalidSettingsError(`${name} must be a positive integer, got ${v}`)
  return v
}

/** Applies the defaults and checks that the settings can work together. */
export function lifecycleSettings (init: LifecycleInit = {}): LifecycleSettings {
  const s: LifecycleSettings = {
    replication: positiveInteger('replication', init.replication ?? DEFAULT_REPLICATION),
    minQuorum: positiveInteger('minQuorum', init.minQuorum ?? DEFAULT_MIN_QUORUM),
    maxErrorResults: init.maxErrorResults ?? DEFAULT_MAX_ERROR_RESULTS,
    maxTotalResults: positiveInteger('maxTotalResults', init.maxTotalResults ?? DEFAULT_MAX_TOTAL_RESULTS),
    deadlineMs: init.deadlineMs ?? DEFAULT_DEADLINE_MS,
    verifiers: init.verifiers ?? [],
    verifierQuorum: positiveInteger('verifierQuorum', init.verifierQuorum ?? DEFAULT_VERIFIER_QUORUM),
    queueTarget: positiveInteger('queueTarget', init.queueTarget ?? DEFAULT_QUEUE_TARGET),
    queueLowWater: init.queueLowWater ?? DEFAULT_QUEUE_LOW_WATER,
    targetCpuSeconds: init.targetCpuSeconds ?? DEFAULT_TARGET_CPU_SECONDS,
    pixelsPerUnit: init.pixelsPerUnit === undefined ? undefined : positiveInteger('pixelsPerUnit', init.pixelsPerUnit),
    mirrorReceipts: positiveInteger('mirrorReceipts', init.mirrorReceipts ?? DEFAULT_MIRROR_RECEIPTS),
    creditHalfLifeMs: init.creditHalfLifeMs ?? DEFAULT_CREDIT_HALF_LIFE_MS,
    mirrors: init.mirrors ?? [],
    firstSeenWindowMs: init.firstSeenWindowMs ?? DEFAULT_FIRST_SEEN_WINDOW_MS,
    banHoldMs: init.banHoldMs ?? DEFAULT_BAN_HOLD_MS,
    ringersPerUnit: init.ringersPerUnit ?? DEFAULT_RINGERS_PER_UNIT,
    locality: init.locality ?? true
  }
  if (!Number.isInteger(s.ringersPerUnit) || s.ringersPerUnit < 0 || s.ringersPerUnit > MAX_RINGERS_PER_UNIT) {
    throw new InvalidSettingsError(`ringersPerUnit must lie in 0..${MAX_RINGERS_PER_UNIT}`)
  }
  if (!(s.firstSeenWindowMs >= 0)) throw new InvalidSettingsError('firstSeenWindowMs must be >= 0')
  if (!(s.banHoldMs >= 0)) throw new InvalidSettingsError('banHoldMs must be >= 0')
  if (!Number.isInteger(s.maxErrorResults) || s.maxErrorResults < 0) throw new InvalidSettingsError('maxErrorResults must be >= 0')
  if (s.minQuorum > s.replication) throw new InvalidSettingsError('minQuorum must not exceed replication')
  if (s.replication > s.maxTotalResults) throw new InvalidSettingsError('replication must not exceed maxTotalResults')
  if (!(s.deadlineMs > 0)) throw new InvalidSettingsError('deadlineMs must be positive')
  if (!(s.creditHalfLifeMs > 0)) throw new InvalidSettingsError('creditHalfLifeMs must be positive')
  if (!(s.targetCpuSeconds > 0) || !Number.isFinite(s.targetCpuSeconds)) throw new InvalidSettingsError('targetCpuSeconds must be positive')
  // With no verifiers named the store still runs (results wait in `returned` until a restart names some); with
  // some, the quorum must be reachable.
  if (s.verifiers.length > 0 && s.verifierQuorum > s.verifiers.length) {
    throw new InvalidSettingsError(`verifierQuorum ${s.verifierQuorum} exceeds the ${s.verifiers.length} verifiers`)
  }
  if (!Number.isInteger(s.queueLowWater) || s.queueLowWater < 0 || s.queueLowWater > s.queueTarget) {
    throw new InvalidSettingsError('queueLowWater must lie in 0..queueTarget')
  }
  // Volunteers and verifiers bound unit payloads and results by the unit size limits (src/work/limits.ts).
  if (s.pixelsPerUnit !== undefined && s.pixelsPerUnit > MAX_UNIT_PIXELS) throw new InvalidSettingsError(`pixelsPerUnit must not exceed ${MAX_UNIT_PIXELS}`)
  return s
}

/** How long an instance of a unit estimated at `estimatedCpuSeconds` (null: unknown) has, in ms: the deadline
 * setting, or DEADLINE_CPU_FACTOR times the estimate when that is longer. */
export function instanceDeadlineMs (s: Pick<LifecycleSettings, 'deadlineMs'>, estimatedCpuSeconds: number | null): number {
  return Math.max(s.deadlineMs, Math.ceil(DEADLINE_CPU_FACTOR * (estimatedCpuSeconds ?? 0) * 1000))
}
