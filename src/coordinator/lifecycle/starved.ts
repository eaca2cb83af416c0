// Liveness (docs/work-lifecycle.md#starved): a unit that wants an instance while no live key may take it (every key
// that asked for work lately holds or held one of its instances, or asks from a network a replica came from, or was
// first seen together with a replica's key) cannot progress until a new volunteer comes. It is reported instead of
// waiting silently. A unit merely queued behind others, or waiting for a live key with a free slot, is not starved.
import { statement } from '../store/statements.js'
import { tooClose } from './eligibility.js'
import type { LifecycleContext } from './context.js'

/** A unit no live key may replicate. */
export interface StarvedUnit {
  unitId: string
  galaxyId: number
  /** Instances it still wants. */
  needed: number
}

/**
 * Units that want instances, have been sent at least once, and that no key which asked for work since `since`
 * (ms) may take. Empty when no key asked since then (nobody is live: that is not a unit's problem).
 */
export function starvedUnits (ctx: LifecycleContext, since: number): StarvedUnit[] {
  return statement(ctx.db, `
    SELECT u.id AS unitId, u.galaxy_id AS galaxyId, u.needed FROM work_units u
    WHERE u.needed > 0 AND u.state = 'in_progress'
      AND EXISTS (SELECT 1 FROM volunteers v WHERE v.last_request >= @since AND v.key NOT IN (SELECT key FROM bans))
      AND NOT EXISTS (
        SELECT 1 FROM volunteers v WHERE v.last_request >= @since AND v.key NOT IN (SELECT key FROM bans)
          AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.unit_id = u.id AND i.volunteer = v.key AND i.outcome <> 'timed_out')
          AND NOT EXISTS (${tooClose('v.key', 'v.last_network', 'v.first_network', 'v.first_seen')}))
    ORDER BY u.seq`).all({ since, window: ctx.settings.firstSeenWindowMs }) as StarvedUnit[]
}
