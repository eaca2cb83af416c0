// A whole project's work driven from the database alone (no memory between steps), so that a run can be killed
// at any point and continued by another process: honest volunteers, two agreeing verifiers, assimilation.
import { VERIFIERS, key, producer, result, verdict } from './helpers.js'
import type { WorkStore } from '../../../src/coordinator/lifecycle/index.js'

const VOLUNTEERS = [key(1), key(2), key(3), key(4)]

/** One round of every role's work; returns false once every galaxy is complete. */
export async function simulateStep (store: WorkStore): Promise<boolean> {
  await store.fillQueue(producer().produce)
  for (const u of store.awaitingAssimilation(10)) {
    // One pixel per unit, at a place of its own.
    const { n } = store.db.prepare('SELECT count(*) AS n FROM pixel_results').get() as { n: number }
    const pixels = u.results.filter((r) => r.validity === 'valid').slice(0, 1)
      .map((r) => ({ x: n, y: 0, summary: r.digest, histograms: r.digest }))
    store.assimilate(u.unitId, pixels)
  }
  for (const u of store.awaitingVerification(10)) {
    const ids = u.results.map((r) => r.instanceId)
    for (const v of VERIFIERS.slice(0, 2)) {
      const out = store.recordVerdict(verdict(u.unitId, u.round, v, true, ids))
      if (out.effect === 'verified') break
    }
  }
  const running = store.db.prepare(`SELECT id, volunteer FROM instances WHERE outcome = 'in_progress' ORDER BY id LIMIT 10`)
    .all() as Array<{ id: string, volunteer: Buffer }>
  for (const i of running) store.submitResult(result(i.id, i.volunteer))
  const { n } = store.db.prepare('SELECT count(*) AS n FROM instances').get() as { n: number }
  VOLUNTEERS.forEach((v, k) => store.assignWork({ volunteer: v, requestId: `r${n}-${k}`, maxUnits: 2 }))
  const open = store.db.prepare(`SELECT 1 FROM galaxies WHERE status <> 'complete' LIMIT 1`).get()
  return open !== undefined
}
