// Ringers (docs/work-lifecycle.md#ringers): known-answer pixels mixed into units. A pixel's answer is known once a
// verifier of the quorum that verified its unit recomputed it and agreed (the verdict's confirmed positions); at
// assimilation those pixels' canonical fits become known pixels. Units cut later from the same galaxy carry a few
// of them, blinded among their own pixels (pixel-map.ts), and the coordinator compares each result's answers to
// them on receipt, before recording it.
import { fitValuesDigest } from '../../work/pixel-fit-bytes.js'
import { statement } from '../store/statements.js'
import { unpackPixelMap, type MappedPixel } from './pixel-map.js'
import type { Db } from '../store/open-database.js'
import type { LifecycleContext, UnitRow } from './context.js'

/** A ringer of a unit with its known answer, as a result is checked against it. */
export interface RingerAnswer {
  /** Its position in the unit's payload (and so in every result). */
  position: number
  x: number
  y: number
  /** The known canonical fit bytes (named as the real pixel). */
  fit: Buffer
  /** SHA-256 of the fit's bytes after its name (fitValuesDigest). */
  digest: Buffer
  /** The fitting core that computed it; null when unknown (then any core's answer is compared). */
  coreVersion: number | null
}

/** Up to `n` known pixels of a galaxy, at random, none of them in `exclude` ("x,y" keys). */
export function chooseRingers (db: Db, galaxyId: number, n: number, exclude: ReadonlySet<string>): Array<{ x: number, y: number }> {
  if (n <= 0) return []
  // A unit's own pixels were never assimilated, so never known; the exclusion only guards that.
  const rows = statement(db, 'SELECT x, y FROM known_pixels WHERE galaxy_id = ? ORDER BY random() LIMIT ?')
    .all(galaxyId, n + exclude.size) as Array<{ x: number, y: number }>
  return rows.filter((r) => !exclude.has(`${r.x},${r.y}`)).slice(0, n)
}

/** A unit's pixel map, or undefined for a unit cut before maps (its payload carries real coordinates). */
export function unitPixelMap (db: Db, unitId: string): MappedPixel[] | undefined {
  const row = statement(db, 'SELECT pixel_map FROM work_units WHERE id = ?').get(unitId) as { pixel_map: Buffer | null } | undefined
  return row?.pixel_map == null ? undefined : unpackPixelMap(row.pixel_map)
}

/** The ringers of a unit (from its pixel map) with their known answers, in payload order. */
export function ringerAnswers (db: Db, galaxyId: number, map: readonly MappedPixel[]): RingerAnswer[] {
  const known = statement(db, 'SELECT fit, digest, core_version FROM known_pixels WHERE galaxy_id = ? AND x = ? AND y = ?')
  const out: RingerAnswer[] = []
  map.forEach((p, position) => {
    if (!p.ringer) return
    const k = known.get(galaxyId, p.x, p.y) as { fit: Buffer, digest: Buffer, core_version: number | null } | undefined
    if (k !== undefined) out.push({ position, x: p.x, y: p.y, fit: k.fit, digest: k.digest, coreVersion: k.core_version })
  })
  return out
}

/** An assimilated pixel's canonical fit at its payload position, as known-pixel recording needs it. */
export interface PositionedFit { position: number, x: number, y: number, fit: Uint8Array }

/**
 * Records as known pixels the fits at the positions a verifier of the deciding quorum confirmed (inside the
 * assimilation's transaction). Ringers never become known pixels again; a pixel known already keeps its answer.
 * Returns how many were recorded.
 */
export function recordKnownPixels (ctx: LifecycleContext, unit: UnitRow, fits: readonly PositionedFit[]): number {
  const { db, settings } = ctx
  if (fits.length === 0) return 0
  const agreeing = statement(db, 'SELECT results, confirmed FROM verdicts WHERE unit_id = ? AND round = ? AND agree = 1')
    .all(unit.id, unit.round) as Array<{ results: string, confirmed: string | null }>
  // The deciding quorum named the set most verifiers named (recordVerdict validated on it).
  const votes = new Map<string, Array<string | null>>()
  for (const v of agreeing) votes.set(v.results, [...(votes.get(v.results) ?? []), v.confirmed])
  let deciding: Array<string | null> = []
  for (const c of votes.values()) if (c.length > deciding.length) deciding = c
  if (deciding.length < settings.verifierQuorum) return 0
  const confirmed = new Set(deciding.flatMap((c) => c === null ? [] : JSON.parse(c) as number[]))
  if (confirmed.size === 0) return 0
  const map = unitPixelMap(db, unit.id)
  const core = statement(db, `SELECT i.core_version AS v FROM instances i JOIN results r ON r.instance_id = i.id
    WHERE i.unit_id = ? AND r.validity = 'valid' ORDER BY i.id LIMIT 1`).get(unit.id) as { v: number | null } | undefined
  const insert = statement(db, `INSERT INTO known_pixels (galaxy_id, x, y, fit, digest, core_version, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (galaxy_id, x, y) DO NOTHING`)
  let recorded = 0
  for (const f of fits) {
    if (!confirmed.has(f.position)) continue
    const entry = map?.[f.position]
    if (entry !== undefined && (entry.ringer || entry.x !== f.x || entry.y !== f.y)) continue
    recorded += insert.run(unit.galaxy_id, f.x, f.y, f.fit, fitValuesDigest(f.fit), core?.v ?? null, unit.id).changes
  }
  return recorded
}

/** Known pixels of a galaxy (tests, displays). */
export function knownPixels (ctx: LifecycleContext, galaxyId: number): Array<{ x: number, y: number, fit: Buffer, digest: Buffer, coreVersion: number | null, unitId: string }> {
  return statement(ctx.db, 'SELECT x, y, fit, digest, core_version AS coreVersion, unit_id AS unitId FROM known_pixels WHERE galaxy_id = ? ORDER BY y, x')
    .all(galaxyId) as Array<{ x: number, y: number, fit: Buffer, digest: Buffer, coreVersion: number | null, unitId: string }>
}
