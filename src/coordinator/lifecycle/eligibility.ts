// Who may hold what (docs/work-lifecycle.md#trust). Keys are free, so a unit's replicas must come from keys that
// are unlikely to be one person's: keys asking from different networks, and not keys first seen from one network
// within a short window (a burst of keys made on one machine). Verifiers' and mirrors' keys are never given work
// (a verifier must not judge its own replica); banned keys get nothing; a new key from a network where a key was
// banned recently waits out the ban's hold; and a key holds at most its in-flight cap, which starts at one
// instance per announced core and grows with validated work, as BOINC's per-host quota does.
import { sameBytes, statement } from '../store/statements.js'
import { BannedKeyError, ServiceKeyError } from '../store/errors.js'
import { MAX_CAP_CORES, MAX_IN_FLIGHT_PER_CORE } from './settings.js'
import type { LifecycleContext } from './context.js'

/** A requesting key as eligibility sees it (the named parameters of TOO_CLOSE). */
export interface Requester {
  volunteer: Uint8Array
  /** The network it asks from now (e.g. `ip4:203.0.113.0/24`); null when unknown. */
  network: string | null
  /** The network it was first seen from, and when. */
  firstNetwork: string | null
  firstSeen: number
  /** Its validated results, which raise its cap. */
  validated: number
  /** Instances it holds now. */
  inFlight: number
}

/**
 * SQL: a live or successful instance of unit `u` held by another key from the key's network, or by a key first seen
 * from the key's first network within the first-seen window (@window). Such a unit is not the key's to replicate.
 * The arguments are SQL expressions for the key, its network, its first network and when it was first seen.
 */
export function tooClose (volunteer: string, network: string, firstNetwork: string, firstSeen: string): string {
  return `SELECT 1 FROM instances j JOIN volunteers w ON w.key = j.volunteer
  WHERE j.unit_id = u.id AND j.volunteer != ${volunteer} AND j.outcome IN ('in_progress', 'success')
    AND ((${network} IS NOT NULL AND j.network = ${network})
      OR (${firstNetwork} IS NOT NULL AND w.first_network = ${firstNetwork} AND abs(w.first_seen - ${firstSeen}) < @window))`
}

/** tooClose for a requester bound by `closeness`'s named parameters. */
export const TOO_CLOSE = tooClose('@volunteer', '@network', '@firstNetwork', '@firstSeen')

/** The named parameters TOO_CLOSE reads. */
export function closeness (ctx: LifecycleContext, r: Requester): Record<string, unknown> {
  return { volunteer: r.volunteer, network: r.network, firstNetwork: r.firstNetwork, firstSeen: r.firstSeen, window: ctx.settings.firstSeenWindowMs }
}

/** How many instances a key may hold: one per announced core at first, one more per core per validated result, at
 * most MAX_IN_FLIGHT_PER_CORE per core (cores counted up to MAX_CAP_CORES). */
export function inFlightCap (cores: number, validated: number): number {
  const c = Math.min(MAX_CAP_CORES, Math.max(1, Math.floor(cores)))
  return c * Math.min(MAX_IN_FLIGHT_PER_CORE, 1 + validated)
}

interface BanRow { reason: string, banned: number }
interface VolunteerTrustRow { first_network: string | null, first_seen: number, validated: number }

/**
 * Admits a key asking for work (inside the caller's transaction): refuses service keys (ServiceKeyError), banned
 * keys and new keys from a recently banned network (BannedKeyError); records the key (its first network on first
 * sight) and when and from where it asked last; returns what eligibility needs.
 */
export function admitRequester (ctx: LifecycleContext, volunteer: Uint8Array, network: string | null, now: number): Requester {
  const { db, settings } = ctx
  if ([...settings.verifiers, ...settings.mirrors].some((k) => sameBytes(k, volunteer))) throw new ServiceKeyError()
  requireNotBanned(ctx, volunteer)
  let row = statement(db, 'SELECT first_network, first_seen, validated FROM volunteers WHERE key = ?').get(volunteer) as VolunteerTrustRow | undefined
  if (row === undefined && network !== null) {
    const recent = statement(db, 'SELECT reason, banned FROM bans WHERE network = ? AND banned > ? ORDER BY banned DESC LIMIT 1')
      .get(network, now - settings.banHoldMs) as BanRow | undefined
    if (recent !== undefined) {
      throw new BannedKeyError(`a key from this network was banned (${recent.reason}); new keys from it are refused until ${new Date(recent.banned + settings.banHoldMs).toISOString()}`)
    }
  }
  if (row === undefined) {
    statement(db, 'INSERT INTO volunteers (key, first_seen, first_network) VALUES (?, ?, ?)').run(volunteer, now, network)
    row = { first_network: network, first_seen: now, validated: 0 }
  } else if (row.first_network === null && network !== null) {
    // Keys first seen before networks were recorded (or only by a result) take the first network they ask from.
    statement(db, 'UPDATE volunteers SET first_network = ? WHERE key = ?').run(network, volunteer)
    row.first_network = network
  }
  statement(db, 'UPDATE volunteers SET last_network = ?, last_request = ? WHERE key = ?').run(network, now, volunteer)
  const { n } = statement(db, `SELECT count(*) AS n FROM instances WHERE volunteer = ? AND outcome = 'in_progress'`).get(volunteer) as { n: number }
  return { volunteer, network, firstNetwork: row.first_network, firstSeen: row.first_seen, validated: row.validated, inFlight: n }
}

/** Throws BannedKeyError when the key is banned. */
export function requireNotBanned (ctx: LifecycleContext, key: Uint8Array): void {
  const ban = statement(ctx.db, 'SELECT reason, banned FROM bans WHERE key = ?').get(key) as BanRow | undefined
  if (ban !== undefined) throw new BannedKeyError(`this key was banned (${ban.reason}) at ${new Date(ban.banned).toISOString()}`)
}
