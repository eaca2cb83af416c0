// Assignment: hands a volunteer instances of the units that need them, reissues and disagreement extras first,
// then units of library pairs it holds (locality.ts, when the settings turn locality on), then by galaxy priority
// and generation order, never two instances of one unit to the same key, sized to the
// capacity the volunteer asked for. A unit's replicas all come from one fitting-core version (their digests are
// compared): a unit with a live or successful instance goes only to requests of that instance's core version; one
// whose instances all failed or timed out goes to any. A repeated request (same request id) gets the same instances back, so a lost
// reply costs nothing. When no unit the key never held is left for it, a unit that still needs an instance and whose
// instance this key let time out goes back to it (the same instance, with a new deadline): otherwise a unit whose
// only live volunteers had each held a timed-out instance of it would wait forever (docs/work-lifecycle.md#reissue).
// Who may hold what is eligibility.ts's: no service or banned keys, replicas from distinct networks and not from keys
// first seen together, at most a key's in-flight cap (docs/work-lifecycle.md#trust).
import { statement } from '../store/statements.js'
import { DuplicateInstanceError, InvalidInputError } from '../store/errors.js'
import { admitRequester, closeness, inFlightCap, TOO_CLOSE, type Requester } from './eligibility.js'
import { LOCALITY, markHolder, pairRanks, PLAIN } from './locality.js'
import { getUnit } from './units.js'
import { isSettled, reevaluateUnit } from './transition.js'
import { instanceDeadlineMs } from './settings.js'
import type { InstanceRow, LifecycleContext, UnitRow } from './context.js'

/** A volunteer's request for work. */
export interface WorkRequest {
  volunteer: Uint8Array
  /** Chosen by the volunteer, unique per request; a repeat returns the first answer. */
  requestId: string
  /** At most this many units (e.g. its cores times a queue depth). */
  maxUnits: number
  /** At most this many pixels in all; the first unit is given even if it alone is larger. */
  maxPixels?: number
  /** The version of the volunteer's fitting core, recorded on each instance. Absent: unknown (tools and tests),
   * recorded as NULL and matched with any version, as instances issued before versions were recorded are. */
  coreVersion?: number
  /** Cores the volunteer announced: its in-flight cap (eligibility.ts). Absent: no cap (tools and tests). */
  cores?: number
  /** The network the request came from (the coordinator service's `networkOf` the connection's remote address),
   * recorded on the key and its instances: replicas of a unit come from different networks. Absent: unknown. */
  network?: string
  /** CIDs of the model libraries the volunteer holds (its work request's); with locality on, units of pairs it holds
   * come first (locality.ts). Absent: none. */
  libraries?: readonly string[]
}

/** One instance handed to a volunteer. */
export interface Assignment {
  instanceId: string
  unitId: string
  payloadCid: string
  pixels: number
  deadline: number
  /** The unit's estimated CPU seconds on one core (pixels x its cost per pixel); null when unknown (cut before
   * costs were recorded, or by a fixed pixel count without a cost). */
  estimatedCpuSeconds: number | null
}

/** A unit's estimated CPU seconds on one core, or null when its cost per pixel is unknown. */
function estimatedCpuSeconds (u: UnitRow): number | null {
  return u.pixel_seconds === null ? null : u.pixels * u.pixel_seconds
}

function toAssignment (ctx: LifecycleContext, i: InstanceRow): Assignment {
  const u = getUnit(ctx.db, i.unit_id)
  return { instanceId: i.id, unitId: u.id, payloadCid: u.payload_cid, pixels: u.pixels, deadline: i.deadline, estimatedCpuSeconds: estimatedCpuSeconds(u) }
}

// Live or successful instances of the unit with a known core version other than the request's (`!= NULL` is never
// true: an unknown version on either side matches any).
const OTHER_CORE = `SELECT 1 FROM instances j WHERE j.unit_id = u.id AND j.outcome IN ('in_progress', 'success') AND j.core_version != @core`

/** Creates one instance of `unitId` for the volunteer (inside the caller's transaction). */
function issue (ctx: LifecycleContext, unitId: string, volunteer: Uint8Array, requestId: string, now: number, coreVersion: number | null, network: string | null): InstanceRow {
  const { db, settings } = ctx
  const taken = statement(db, 'SELECT 1 FROM instances WHERE unit_id = ? AND volunteer = ?').get(unitId, volunteer)
  if (taken !== undefined) throw new DuplicateInstanceError(unitId)
  const { n } = statement(db, 'SELECT count(*) AS n FROM instances WHERE unit_id = ?').get(unitId) as { n: number }
  // A unit estimated to cost more than the deadline allows gets proportionally longer (docs/work-lifecycle.md).
  const deadlineMs = instanceDeadlineMs(settings, estimatedCpuSeconds(getUnit(db, unitId)))
  const row: InstanceRow = {
    id: `${unitId}/${n + 1}`,
    unit_id: unitId,
    volunteer: Buffer.from(volunteer),
    request_id: requestId,
    sent: now,
    deadline: now + deadlineMs,
    returned: null,
    outcome: 'in_progress',
    error: null,
    core_version: coreVersion,
    network
  }
  statement(db, `INSERT INTO instances (id, unit_id, volunteer, request_id, sent, deadline, outcome, core_version, network)
    VALUES (@id, @unit_id, @volunteer, @request_id, @sent, @deadline, @outcome, @core_version, @network)`).run(row)
  reevaluateUnit(ctx, unitId, now)
  return row
}

/** Answers a work request in one transaction. */
export function assignWork (ctx: LifecycleContext, req: WorkRequest, now: number): Assignment[] {
  if (!Number.isInteger(req.maxUnits) || req.maxUnits < 1) throw new InvalidInputError('maxUnits must be a positive integer')
  const maxPixels = req.maxPixels ?? Infinity
  return ctx.db.transaction(() => {
    const earlier = statement(ctx.db, 'SELECT * FROM instances WHERE volunteer = ? AND request_id = ? ORDER BY rowid')
      .all(req.volunteer, req.requestId) as InstanceRow[]
    if (earlier.length > 0) return earlier.map((i) => toAssignment(ctx, i))
    const who = admitRequester(ctx, req.volunteer, req.network ?? null, now)
    const maxUnits = req.cores === undefined ? req.maxUnits : Math.min(req.maxUnits, inFlightCap(req.cores, who.validated) - who.inFlight)
    if (maxUnits <= 0) return []
    const core = req.coreVersion ?? null
    const { from, order } = ctx.settings.locality ? LOCALITY : PLAIN
    const ranks = ctx.settings.locality ? { ranks: JSON.stringify(pairRanks(ctx, req.volunteer, new Set(req.libraries ?? []), now)) } : {}
    const candidates = statement(ctx.db, `
      SELECT u.id, u.pixels, u.libraries FROM ${from}
      WHERE u.needed > 0 AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.unit_id = u.id AND i.volunteer = @volunteer)
        AND NOT EXISTS (${OTHER_CORE}) AND NOT EXISTS (${TOO_CLOSE})
      ORDER BY ${order} LIMIT @limit`).all({ ...closeness(ctx, who), core, limit: maxUnits, ...ranks }) as Array<{ id: string, pixels: number, libraries: string | null }>
    const out: Assignment[] = []
    let pixels = 0
    for (const c of candidates) {
      if (out.length > 0 && pixels + c.pixels > maxPixels) break
      out.push(toAssignment(ctx, issue(ctx, c.id, req.volunteer, req.requestId, now, core, who.network)))
      if (ctx.settings.locality) markHolder(ctx, req.volunteer, c.libraries, now)
      pixels += c.pixels
    }
    if (out.length < maxUnits && candidates.length === out.length) {
      for (const i of timedOutForKey(ctx, who, core, maxUnits - out.length)) {
        const u = getUnit(ctx.db, i.unit_id)
        if (out.length > 0 && pixels + u.pixels > maxPixels) break
        out.push(toAssignment(ctx, resend(ctx, i, req.requestId, now, core, who.network)))
        pixels += u.pixels
      }
    }
    return out
  })()
}

/** The key's timed-out instances of units that still need one from its core version, in assignment order. */
function timedOutForKey (ctx: LifecycleContext, who: Requester, core: number | null, limit: number): InstanceRow[] {
  return statement(ctx.db, `
    SELECT i.* FROM instances i JOIN work_units u ON u.id = i.unit_id
    WHERE i.volunteer = @volunteer AND i.outcome = 'timed_out' AND u.needed > 0 AND NOT EXISTS (${OTHER_CORE})
      AND NOT EXISTS (${TOO_CLOSE})
    ORDER BY ${PLAIN.order} LIMIT @limit`).all({ ...closeness(ctx, who), core, limit }) as InstanceRow[]
}

/** Sends a timed-out instance again to the key that held it: in progress, with a new request and deadline. */
function resend (ctx: LifecycleContext, i: InstanceRow, requestId: string, now: number, coreVersion: number | null, network: string | null): InstanceRow {
  const deadline = now + instanceDeadlineMs(ctx.settings, estimatedCpuSeconds(getUnit(ctx.db, i.unit_id)))
  statement(ctx.db, `UPDATE instances SET outcome = 'in_progress', request_id = ?, sent = ?, deadline = ?, core_version = ?, network = ? WHERE id = ?`)
    .run(requestId, now, deadline, coreVersion, network, i.id)
  reevaluateUnit(ctx, i.unit_id, now)
  return { ...i, outcome: 'in_progress', request_id: requestId, sent: now, deadline, core_version: coreVersion }
}

/**
 * Gives one named unit to a volunteer (e.g. a unit whose libraries it already holds; a tool's path: no network, no
 * cap). Throws DuplicateInstanceError if the key already holds an instance of it, ServiceKeyError or
 * BannedKeyError as assignWork; returns undefined if the unit needs none, or none from the volunteer's fitting core
 * (`coreVersion`, as in WorkRequest).
 */
export function assignUnit (ctx: LifecycleContext, unitId: string, volunteer: Uint8Array, requestId: string, now: number, coreVersion?: number): Assignment | undefined {
  return ctx.db.transaction(() => {
    const u = getUnit(ctx.db, unitId)
    const taken = statement(ctx.db, 'SELECT 1 FROM instances WHERE unit_id = ? AND volunteer = ?').get(unitId, volunteer)
    if (taken !== undefined) throw new DuplicateInstanceError(unitId)
    if (isSettled(u.state) || u.needed === 0) return undefined
    const core = coreVersion ?? null
    if (statement(ctx.db, `SELECT 1 FROM work_units u WHERE u.id = @unit AND EXISTS (${OTHER_CORE})`).get({ unit: unitId, core }) !== undefined) return undefined
    admitRequester(ctx, volunteer, null, now)
    return toAssignment(ctx, issue(ctx, unitId, volunteer, requestId, now, core, null))
  })()
}
