// Locality scheduling (docs/work-lifecycle.md#locality), BOINC's with content addressing: a volunteer keeps the model
// libraries it fitted with, and fetching a pair costs it (and the network) far more than a unit, so work goes first
// to volunteers that already hold its pair. Each request names the library CIDs its volunteer holds; the store
// remembers which pairs each volunteer holds (or was just given units of, so will fetch) and ranks the units the
// volunteer may take by their pair:
//   rank 0: pairs it holds (both files);
//   then pairs it would have to fetch, those the fewest live volunteers hold first: a new pair spreads to a few
//   volunteers before many, volunteers fresh to the project spread over the pairs instead of all fetching the first
//   galaxy's, and a pair whose many holders will finish it anyway does not make one more volunteer fetch it.
// Within the pairs it holds, and again within those it lacks, units already started (second replicas, reissues,
// disagreement extras: "boosted") come first, as without locality: they hold a unit, and often a galaxy, open, and
// every pair needs as many holders as a unit has replicas anyway. Then priority, then generation order: a volunteer
// keeps the pair it holds while that has work for it, as in BOINC (a pair that nobody holding it asks for waits until
// a volunteer runs out of work on its own pairs).
import { statement } from '../store/statements.js'
import type { LifecycleContext } from './context.js'

/** A volunteer that asked for work within this long counts as a holder of what it said it holds: volunteers ask
 * every few minutes to hours while they run, and one gone for a day is not where a pair's work should wait. */
export const LIVE_HOLDER_MS = 86_400_000

/** The key a unit's pair is stored under: its optical and infrared CIDs, space-separated (NULL: cut before units
 * named their pair, ranked as a pair nobody holds). */
export function pairKey (cids: readonly string[]): string {
  return cids.join(' ')
}

/**
 * Records which of the pairs with units waiting `volunteer` holds (all CIDs of the pair among `held`), and returns
 * every such pair ranked for it: 0 for pairs it holds, 1 + the number of other live holders for the rest. Units cut
 * before pairs were recorded share the key '' (a pair nobody holds). Inside the caller's transaction.
 */
export function pairRanks (ctx: LifecycleContext, volunteer: Uint8Array, held: ReadonlySet<string>, now: number): Record<string, number> {
  const waiting = statement(ctx.db, `SELECT DISTINCT coalesce(libraries, '') AS pair FROM work_units WHERE needed > 0`)
    .all() as Array<{ pair: string }>
  const holds = (pair: string): boolean => pair !== '' && pair.split(' ').every((c) => held.has(c))
  statement(ctx.db, 'DELETE FROM library_holders WHERE volunteer = ?').run(volunteer)
  for (const { pair } of waiting) if (holds(pair)) markHolder(ctx, volunteer, pair, now)
  const holders = statement(ctx.db, `SELECT count(*) AS n FROM library_holders WHERE pair = ? AND seen >= ? AND volunteer != ?`)
  const ranks: Record<string, number> = {}
  for (const { pair } of waiting) {
    ranks[pair] = holds(pair) ? 0 : 1 + (holders.get(pair, now - LIVE_HOLDER_MS, volunteer) as { n: number }).n
  }
  return ranks
}

/** Records that `volunteer` holds `pair` (it said so, or was just given a unit of it and will fetch it). */
export function markHolder (ctx: LifecycleContext, volunteer: Uint8Array, pair: string | null, now: number): void {
  if (pair === null || pair === '') return
  statement(ctx.db, `INSERT INTO library_holders (volunteer, pair, seen) VALUES (?, ?, ?)
    ON CONFLICT (volunteer, pair) DO UPDATE SET seen = excluded.seen`).run(volunteer, pair, now)
}

/** The candidate units `u` with their pair's rank `r.value` (the statement binds @ranks to pairRanks' JSON, which
 * ranks every pair with units waiting, so no candidate is lost to the join), and their order. */
export const LOCALITY = {
  from: `work_units u JOIN json_each(@ranks) r ON r.key = coalesce(u.libraries, '')`,
  order: 'r.value = 0 DESC, u.boost DESC, r.value, u.priority DESC, u.seq'
}
/** Without locality: started units, then galaxy priority, then generation order. */
export const PLAIN = { from: 'work_units u', order: 'u.boost DESC, u.priority DESC, u.seq' }
