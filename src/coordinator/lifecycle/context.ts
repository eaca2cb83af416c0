import type { EnvelopeLog } from '../store/envelope-log.js'
import type { Db } from '../store/open-database.js'
import type { LifecycleSettings } from './settings.js'

/** What every lifecycle function works on: the connection, the results' envelopes and the validated settings. */
export interface LifecycleContext {
  db: Db
  envelopes: EnvelopeLog
  settings: LifecycleSettings
}

/** Unit states (docs/work-lifecycle.md#states); `verified` means a verifier quorum agreed on which results are valid. */
export type UnitState = 'unsent' | 'in_progress' | 'returned' | 'verified' | 'assimilated' | 'abandoned'

/** Why a unit was abandoned (BOINC's WU_ERROR_TOO_MANY_ERROR_RESULTS / _TOTAL_RESULTS). */
export type AbandonReason = 'too_many_errors' | 'too_many_total_results'

/** A work unit's row. */
export interface UnitRow {
  id: string
  galaxy_id: number
  seq: number
  priority: number
  payload_cid: string
  pixels: number
  bands: number
  state: UnitState
  target: number
  needed: number
  boost: number
  round: number
  created: number
  settled: number | null
  abandon_reason: AbandonReason | null
  /** ms when assimilated (migration 2). */
  assimilated: number | null
  /** Estimated CPU seconds per pixel on one core (migration 5); null when cut before or when the cost was unknown. */
  pixel_seconds: number | null
  /** The unit's library pair, optical and infrared CIDs space-separated (migration 9, locality.ts); null when cut
   * before. */
  libraries: string | null
}

/** An instance's row. */
export interface InstanceRow {
  id: string
  unit_id: string
  volunteer: Buffer
  request_id: string
  sent: number
  deadline: number
  returned: number | null
  outcome: 'in_progress' | 'success' | 'error' | 'timed_out'
  error: string | null
  /** The fitting core's version of the request it was assigned in (migration 4); null when unknown. */
  core_version: number | null
  /** The network of the request it was assigned in (migration 6); null when unknown. */
  network: string | null
}
