// What a volunteer reports while it runs. The CLI prints each as one JSON line (`{"event": type, ...fields}`); the
// demo and tests await them. Peer-supplied text never appears except ids the coordinator assigned.

/** A unit's ids, as every per-unit event names it. */
export interface UnitRef {
  unitId: string
  instanceId: string
}

/** Where a failure happened. */
export type Stage = 'bootstrap' | 'discovery' | 'work' | 'prepare' | 'fit' | 'result' | 'queue' | 'sweep'

export type VolunteerEvent =
  /** The project manifest was found (or a newer one): the coordinator and how many libraries it lists. */
  | { type: 'manifest', sequence: number, coordinator: string, libraries: number }
  /** The queue found on disk at start: units still to fit and results still to submit. */
  | { type: 'resumed', assigned: number, unsubmitted: number }
  /** A new assignment is in the queue. */
  | ({ type: 'assigned', deadlineMs: number, estimatedCpuS: number } & UnitRef)
  /** The coordinator had no work: the next request goes out in `retryAfterS`. */
  | { type: 'waiting', retryAfterS: number }
  /** Libraries fetched (and pinned) for a unit, by manifest name. */
  | ({ type: 'libraries', names: string[] } & UnitRef)
  /** A unit's payload and libraries are here (pinned): it can be fitted even if the coordinator goes away. */
  | ({ type: 'prepared', pixels: number } & UnitRef)
  /** A unit's fit starts. */
  | ({ type: 'fitting', pixels: number } & UnitRef)
  /** A unit was fitted; its result is pinned as `resultCid` and queued for submission. */
  | ({ type: 'fitted', pixels: number, seconds: number, cpuMs: number, resultCid: string, digest: string } & UnitRef)
  /** A unit could not be computed; an error report (`errorCode` != 0) is queued instead of a result. */
  | ({ type: 'failed', errorCode: number, reason: string } & UnitRef)
  /** The coordinator answered a submission (a result or, with errorCode != 0, an error report). */
  | ({ type: 'submitted', accepted: boolean, reason: string, errorCode: number } & UnitRef)
  /** An acknowledged item left the queue after its retention; its payload and result were unpinned. */
  | ({ type: 'cleaned' } & UnitRef)
  /** An item left the queue without being acknowledged: the deadline passed, or a refusal that retrying cannot
   * change (its code). */
  | ({ type: 'dropped', reason: string } & UnitRef)
  /** A library left the cache (least recently used, named by no queued unit): its file removed, unpinned, its blocks
   * deleted; `name` its file names (comma-separated when several), `bytes` what it took on disk. */
  | { type: 'evicted', name: string, cid: string, bytes: number }
  /** The libraries queued units need take more than the cache's budget on their own: they are kept (the units go
   * on) and the cache stays at `bytes` until they are no longer needed. Reported once each time this starts. */
  | { type: 'over-budget', bytes: number, budgetBytes: number, libraries: number }
  /** A request failed or was refused for now; it is tried again in `inS`. */
  | { type: 'retrying', stage: Stage, code: string, inS: number, unitId?: string, instanceId?: string }
  /** Something went wrong that is not one unit's outcome (the volunteer goes on). */
  | { type: 'error', stage: Stage, code: string, message: string }

export type VolunteerEventType = VolunteerEvent['type']

/** Receives every event; must not throw. */
export type VolunteerEventListener = (event: VolunteerEvent) => void
