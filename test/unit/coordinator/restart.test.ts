// Crash safety: a process working on the database is killed (SIGKILL) mid-run; the database reopens intact and
// another process finishes the work, with every unit assimilated exactly once and credit matching the results.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WorkStore } from '../../../src/coordinator/lifecycle/index.js'
import Database from 'better-sqlite3'
import { StoreSchemaError } from '../../../src/coordinator/store/errors.js'
import { MIGRATIONS } from '../../../src/coordinator/store/migrations.js'
import { Clock, VERIFIERS, areas, producer } from './helpers.js'
import { simulateStep } from './simulate.js'

const dir = mkdtempSync(join(tmpdir(), 'pogs-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the crash fixture until it printed `steps` lines, then kills it with SIGKILL. */
async function runAndKill (path: string, steps: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-run.ts'), path], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let seen = 0
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    seen += d.split('\n').filter((l) => l.startsWith('step')).length
    if (seen >= steps) child.kill('SIGKILL')
  })
  return await new Promise((resolve) => child.on('close', () => resolve(seen)))
}

describe('restart after an abrupt end', () => {
  it('reopens after SIGKILL mid-run and finishes the work consistently', async () => {
    const path = join(dir, 'coordinator.sqlite')
    expect(await runAndKill(path, 15)).toBeGreaterThanOrEqual(15)
    const store = new WorkStore({ path, verifiers: VERIFIERS, pixelsPerUnit: 10, queueTarget: 20, queueLowWater: 8, now: new Clock().now })
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(store.db.pragma('foreign_key_check')).toEqual([])
      const units = 3 * 40
      // Killed mid-run: some work done, not all.
      const before = store.unitStateCounts()
      expect(before.assimilated).toBeGreaterThan(0)
      expect(before.assimilated).toBeLessThan(units)
      while (await simulateStep(store));
      expect(store.unitStateCounts()).toEqual({ assimilated: units })
      const areasLeft = store.db.prepare('SELECT count(*) AS n FROM areas WHERE unit_id IS NULL').get()
      expect(areasLeft).toEqual({ n: 0 })
      // Two valid results per unit, 10 pixels x 4 bands each, nothing credited twice.
      const credit = store.volunteerCredit().reduce((s, v) => s + v.total, 0)
      expect(credit).toBe(units * 2 * 40)
      const valid = store.db.prepare(`SELECT count(*) AS n FROM results WHERE validity = 'valid'`).get()
      expect(valid).toEqual({ n: units * 2 })
    } finally {
      store.close()
    }
  })

  it('migrates a schema-2 database: its units keep working and are checked against their payloads', async () => {
    const path = join(dir, 'schema2.sqlite')
    const old = new Database(path)
    for (const m of MIGRATIONS.slice(0, 2)) old.exec(m)
    old.pragma('user_version = 2')
    old.close()
    const clock = new Clock()
    const store = new WorkStore({ path, verifiers: VERIFIERS, now: clock.now, pixelsPerUnit: 10 })
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
      store.addGalaxy({ name: 'G1', bands: ['SDSSu', 'SDSSg'], redshift: 0.01, areas: areas(2, 3) })
      // A producer that does not report filter counts, as before schema 3: the outline comes from the payload.
      await store.fillQueue(producer().produce)
      expect(store.unitOutline('g1a0')).toBeUndefined()
      store.addGalaxy({ name: 'G2', bands: ['SDSSu'], redshift: 0.01, areas: areas(1, 3) })
      await store.fillQueue(async (p) => ({ payloadCid: `cid-${p.unitId}`, filters: 12 }))
      // Units cut since migration 7 are blinded: the outline lists the payload's labels (x = label, y = 0) in its
      // shuffled order, and the pixel map turns them back into the area's pixels (docs/work-lifecycle.md#ringers).
      const map = store.unitPixelMap('g2a0') ?? []
      expect(store.unitOutline('g2a0')).toEqual({ unitId: 'g2a0', galaxy: 'G2', filterCount: 12, pixels: map.map((p) => ({ x: p.label, y: 0 })) })
      expect(map.map((p) => [p.x, p.y]).sort((a, b) => a[0] - b[0])).toEqual([[0, 0], [1, 0], [2, 0]])
    } finally {
      store.close()
    }
  })

  it('refuses a database written by a newer schema', () => {
    const path = join(dir, 'newer.sqlite')
    const s = new WorkStore({ path, verifiers: VERIFIERS })
    s.db.pragma('user_version = 99')
    s.close()
    expect(() => new WorkStore({ path, verifiers: VERIFIERS })).toThrow(StoreSchemaError)
  })
})
