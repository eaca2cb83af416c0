// Read-only views the coordinator's services act on: units waiting for verifiers, for assimilation, and the
// abandoned ones to report.
import { statement } from '../store/statements.js'
import type { AbandonReason, LifecycleContext } from './context.js'

/** A successful result of a unit, as sent to verifiers or assimilated. */
export interface ResultView {
  instanceId: string
  volunteer: Buffer
  digest: Buffer
  resultCid: string
  size: number
  validity: 'pending' | 'valid' | 'invalid' | 'unchecked'
  /** The first verification round that included the result; null while none has (it arrived mid-round). */
  round: number | null
}

/** A unit with its current round and results. */
export interface UnitResults {
  unitId: string
  round: number
  payloadCid: string
  results: ResultView[]
}

// One query per pass, not one per unit, and without the results' envelopes (resultEnvelopes reads those for the
// requests actually sent): the verification pass runs after every unit that enters a round, so its cost is paid at
// the result rate, and each envelope can hold an inline result of up to 200 kB.
function unitsIn (ctx: LifecycleContext, state: 'returned' | 'verified', limit: number): UnitResults[] {
  const rows = statement(ctx.db, `WITH u AS (SELECT id, round, payload_cid, seq FROM work_units WHERE state = ? ORDER BY seq LIMIT ?)
    SELECT u.id AS unitId, u.round AS unitRound, u.payload_cid AS payloadCid, i.id AS instanceId, i.volunteer, r.digest,
      r.result_cid AS resultCid, r.size, r.validity, r.round
    FROM u LEFT JOIN instances i ON i.unit_id = u.id LEFT JOIN results r ON r.instance_id = i.id
    ORDER BY u.seq, i.id`).all(state, limit) as Array<ResultView & { unitId: string, unitRound: number, payloadCid: string }>
  const units = new Map<string, UnitResults>()
  for (const { unitId, unitRound, payloadCid, ...result } of rows) {
    let unit = units.get(unitId)
    if (unit === undefined) {
      unit = { unitId, round: unitRound, payloadCid, results: [] }
      units.set(unitId, unit)
    }
    // Instances without a result (still out, or errors) join as nulls.
    if (result.digest !== null) unit.results.push(result)
  }
  return [...units.values()]
}

/** The volunteers' signed result envelopes of `instanceIds`, in that order (verifiers receive them byte for byte). */
export function resultEnvelopes (ctx: LifecycleContext, instanceIds: readonly string[]): Buffer[] {
  const read = statement(ctx.db, 'SELECT signature, envelope_segment, envelope_offset, envelope_length FROM results WHERE instance_id = ?')
  return instanceIds.map((id) => {
    const row = read.get(id) as { signature: Buffer, envelope_segment: number | null, envelope_offset: number, envelope_length: number } | undefined
    if (row === undefined) throw new RangeError(`no result recorded for instance ${id}`)
    if (row.envelope_segment === null) return row.signature
    return ctx.envelopes.read({ segment: row.envelope_segment, offset: row.envelope_offset, length: row.envelope_length })
  })
}

/** Units in a verification round (state `returned`), oldest first. */
export function awaitingVerification (ctx: LifecycleContext, limit = 100): UnitResults[] {
  return unitsIn(ctx, 'returned', limit)
}

/** Verified units to assimilate; only their `valid` results count. */
export function awaitingAssimilation (ctx: LifecycleContext, limit = 100): UnitResults[] {
  return unitsIn(ctx, 'verified', limit)
}

/** Abandoned units with their reasons. */
export function abandonedUnits (ctx: LifecycleContext): Array<{ unitId: string, reason: AbandonReason, settled: number }> {
  return statement(ctx.db, `SELECT id AS unitId, abandon_reason AS reason, settled FROM work_units WHERE state = 'abandoned' ORDER BY settled, id`)
    .all() as Array<{ unitId: string, reason: AbandonReason, settled: number }>
}

/** Units per state, for progress displays. */
export function unitStateCounts (ctx: LifecycleContext): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of statement(ctx.db, 'SELECT state, count(*) AS n FROM work_units GROUP BY state').all() as Array<{ state: string, n: number }>) {
    out[r.state] = r.n
  }
  return out
}

/** Keys of the verifiers whose verdict on the unit's `round` is recorded. */
export function votedVerifiers (ctx: LifecycleContext, unitId: string, round: number): Buffer[] {
  return (statement(ctx.db, 'SELECT verifier FROM verdicts WHERE unit_id = ? AND round = ? ORDER BY verifier')
    .all(unitId, round) as Array<{ verifier: Buffer }>).map((r) => r.verifier)
}
