// Shared set-up for the coordinator tests: a store on a manual clock, volunteer and verifier keys, galaxies with
// areas of a given size, and a payload producer that names content by the unit id.
import { WorkStore, type AreaInput, type LifecycleInit, type UnitPlan } from '../../../src/coordinator/lifecycle/index.js'

/** A manual clock (ms). */
export class Clock {
  t = 1_700_000_000_000
  now = (): number => this.t
  advance (ms: number): void { this.t += ms }
}

/** A 32-byte key whose bytes are all `n`. */
export function key (n: number): Uint8Array {
  return new Uint8Array(32).fill(n)
}

export const VERIFIERS = [key(201), key(202), key(203)]

/** A store on `path` (default in memory) with three verifiers and small limits unless overridden. */
export function makeStore (clock: Clock, init: LifecycleInit & { path?: string } = {}): WorkStore {
  return new WorkStore({ path: ':memory:', verifiers: VERIFIERS, deadlineMs: 10_000, ...init, now: clock.now })
}

/** `n` areas of `pixels` viable pixels each, one per 7-row strip. */
export function areas (n: number, pixels: number): AreaInput[] {
  return Array.from({ length: n }, (_, index) => ({
    index,
    x0: 0,
    x1: pixels,
    y0: 7 * index,
    y1: 7 * index + 7,
    pixels: Array.from({ length: pixels }, (_, x): [number, number] => [x, 7 * index])
  }))
}

/** Payload producer: the CID is derived from the unit id; records the plans it saw. */
export function producer (): { produce: (p: UnitPlan) => { payloadCid: string }, plans: UnitPlan[] } {
  const plans: UnitPlan[] = []
  return { plans, produce: (p) => { plans.push(p); return { payloadCid: `cid-${p.unitId}` } } }
}

/** A result submission for an instance with a digest made of `d`. */
export function result (instanceId: string, volunteer: Uint8Array, d = 7): {
  instanceId: string, volunteer: Uint8Array, digest: Uint8Array, resultCid: string, size: number, signature: Uint8Array
} {
  return { instanceId, volunteer, digest: new Uint8Array(32).fill(d), resultCid: `res-${instanceId}-${d}`, size: 1000, signature: new Uint8Array(64).fill(d) }
}

/** A verdict on a unit's round. */
export function verdict (unitId: string, round: number, verifier: Uint8Array, agree: boolean, results: string[]): {
  unitId: string, round: number, verifier: Uint8Array, agree: boolean, results: string[], signature: Uint8Array
} {
  return { unitId, round, verifier, agree, results, signature: new Uint8Array(64).fill(agree ? 1 : 2) }
}

/** A store with one galaxy of `n` one-area units queued. */
export async function storeWithUnits (clock: Clock, n: number, init: LifecycleInit & { path?: string } = {}): Promise<WorkStore> {
  const store = makeStore(clock, { pixelsPerUnit: 10, ...init })
  store.addGalaxy({ name: 'G1', bands: ['SDSSu', 'SDSSg', 'SDSSr', 'SDSSi', 'SDSSz'], redshift: 0.01, areas: areas(n, 10) })
  await store.fillQueue(producer().produce)
  return store
}
