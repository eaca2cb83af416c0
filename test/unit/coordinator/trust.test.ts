// Trust in the store (docs/work-lifecycle.md#trust): replicas from distinct networks and not from keys first seen
// together, no work for service keys, in-flight caps that grow with validated work, bans that revoke everything a
// liar did (and survive a restart), and units reported starved when no live key may take them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BannedKeyError, ReplacedInstanceError, ServiceKeyError, inFlightCap, type WorkRequest, type WorkStore
} from '../../../src/coordinator/lifecycle/index.js'
import { Clock, VERIFIERS, key, result, storeWithUnits, verdict } from './helpers.js'

const [V1, V2] = VERIFIERS
const MIRROR = key(150)
const HOUR = 3_600_000
let store: WorkStore | undefined
let dir: string | undefined
afterEach(() => {
  store?.close()
  store = undefined
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function ask (s: WorkStore, volunteer: Uint8Array, network: string, requestId: string, extra: Partial<WorkRequest> = {}): string[] {
  return s.assignWork({ volunteer, requestId, maxUnits: 8, network, ...extra }).map((a) => a.unitId)
}

function instanceOf (s: WorkStore, unitId: string, volunteer: Uint8Array): string {
  return (s.db.prepare('SELECT id FROM instances WHERE unit_id = ? AND volunteer = ?').get(unitId, volunteer) as { id: string }).id
}

/** A liar (digest 9) and an honest key (digest 7), on two networks, return g1a0: its first round is open. */
function liarAndHonest (s: WorkStore, liar: Uint8Array, honest: Uint8Array, networks = ['ip4:198.51.100.0/24', 'ip4:203.0.113.0/24']): void {
  ask(s, liar, networks[0], 'a')
  ask(s, honest, networks[1], 'a')
  s.submitResult(result(instanceOf(s, 'g1a0', liar), liar, 9))
  s.submitResult(result(instanceOf(s, 'g1a0', honest), honest, 7))
}

function credit (s: WorkStore, volunteer: Uint8Array): number {
  return (s.db.prepare('SELECT total_credit AS c FROM volunteers WHERE key = ?').get(volunteer) as { c: number }).c
}

describe('replica diversity', () => {
  it('never gives two keys of one network replicas of the same unit (a Sybil with two keys)', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 6)
    const [s1, s2] = [key(1), key(2)]
    // The cheater's first key takes every first replica, the second asks from the same network.
    expect(ask(store, s1, 'ip4:198.51.100.0/24', 'a')).toHaveLength(6)
    expect(ask(store, s2, 'ip4:198.51.100.0/24', 'b')).toEqual([])
    // An honest key elsewhere takes the second replicas.
    expect(ask(store, key(3), 'ip4:203.0.113.0/24', 'c')).toHaveLength(6)
  })

  it('keeps keys first seen together on one network apart even when they ask from elsewhere later', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 3)
    const [s1, s2, late] = [key(1), key(2), key(3)]
    const [X, Z] = ['ip4:198.51.100.0/24', 'ip4:192.0.2.0/24']
    expect(ask(store, s1, X, 'a', { maxUnits: 1 })).toEqual(['g1a0'])
    expect(ask(store, s2, X, 'a', { maxUnits: 1 })).toEqual(['g1a1'])
    clock.advance(2 * HOUR)
    expect(ask(store, late, X, 'a', { maxUnits: 1 })).toEqual(['g1a2'])
    // s1 and s2 were first seen on X within the window: apart even from another network now (a VPN), so s2 skips
    // s1's unit and takes the one of a key first seen on X hours later.
    expect(ask(store, s2, Z, 'b', { maxUnits: 1 })).toEqual(['g1a2'])
    expect(ask(store, late, Z, 'b', { maxUnits: 1 })).toEqual(['g1a0'])
  })

  it('refuses a late result whose timed-out instance went meanwhile to a key of the same network', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [s1, s2, h] = [key(1), key(2), key(3)]
    const X = 'ip4:198.51.100.0/24'
    expect(ask(store, s1, X, 'a')).toEqual(['g1a0'])
    expect(ask(store, h, 'ip4:203.0.113.0/24', 'a')).toEqual(['g1a0'])
    const late = instanceOf(store, 'g1a0', s1)
    // s1 lets its instance time out; hours later (outside the first-seen window) s2 asks from the same network and
    // takes the reissue; then s1 returns its result late, agreeing with s2's.
    clock.advance(2 * HOUR)
    expect(ask(store, s2, X, 'b')).toEqual([])
    store.tick()
    expect(ask(store, s2, X, 'c')).toEqual(['g1a0'])
    store.submitResult(result(instanceOf(store, 'g1a0', s2), s2, 9))
    expect(() => store!.submitResult(result(late, s1, 9))).toThrow(ReplacedInstanceError)
    // Nothing changed: the honest replica is still awaited, and nothing from s1 is recorded.
    expect(store.unitInfo('g1a0')?.state).toBe('in_progress')
    expect(store.db.prepare('SELECT count(*) AS n FROM results WHERE instance_id = ?').get(late)).toEqual({ n: 0 })
  })

  it('refuses work to verifiers\' and mirrors\' keys', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1, { mirrors: [MIRROR] })
    expect(() => ask(store!, V1, 'ip4:192.0.2.0/24', 'a')).toThrow(ServiceKeyError)
    expect(() => ask(store!, MIRROR, 'ip4:192.0.2.0/24', 'a')).toThrow(ServiceKeyError)
  })
})

describe('in-flight caps', () => {
  it('start at one unit per core and grow with validated results', async () => {
    expect([inFlightCap(2, 0), inFlightCap(2, 1), inFlightCap(2, 100), inFlightCap(0, 0), inFlightCap(1e6, 0)]).toEqual([2, 4, 8, 1, 256])
    const clock = new Clock()
    store = await storeWithUnits(clock, 12)
    const [a, b] = [key(1), key(2)]
    const first = ask(store, a, 'ip4:192.0.2.0/24', 'a1', { cores: 2 })
    expect(first).toHaveLength(2)
    expect(ask(store, a, 'ip4:192.0.2.0/24', 'a2', { cores: 2 })).toEqual([])
    expect(ask(store, b, 'ip4:203.0.113.0/24', 'b1', { cores: 2 })).toEqual(first)
    for (const u of first) {
      store.submitResult(result(instanceOf(store, u, a), a))
      store.submitResult(result(instanceOf(store, u, b), b))
      const both = [instanceOf(store, u, a), instanceOf(store, u, b)]
      store.recordVerdict(verdict(u, 1, V1, true, both))
      expect(store.recordVerdict(verdict(u, 1, V2, true, both)).effect).toBe('verified')
    }
    // Two validated results: 1 + 2 per core.
    expect(ask(store, a, 'ip4:192.0.2.0/24', 'a3', { cores: 2 })).toHaveLength(6)
  })
})

describe('revocation', () => {
  it('bans a key a verifier quorum contradicted: its work and credit are revoked, its units and archive redone', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 2)
    const [liar, honest, fresh] = [key(1), key(2), key(3)]
    // Unit g1a0: validated with the liar and assimilated (the liar's lie was not sampled). Unit g1a1: in a round.
    ask(store, liar, 'ip4:198.51.100.0/24', 'a')
    ask(store, honest, 'ip4:203.0.113.0/24', 'a')
    const pair0 = [instanceOf(store, 'g1a0', liar), instanceOf(store, 'g1a0', honest)]
    for (const [i, k] of [[pair0[0], liar], [pair0[1], honest]] as const) store.submitResult(result(i, k))
    store.recordVerdict(verdict('g1a0', 1, V1, true, pair0))
    store.recordVerdict(verdict('g1a0', 1, V2, true, pair0))
    store.assimilate('g1a0', [{ x: 0, y: 0, summary: new Uint8Array(8), histograms: new Uint8Array(16) }])
    const honestCredit = credit(store, honest)
    expect(credit(store, liar)).toBe(honestCredit)
    const pair1 = [instanceOf(store, 'g1a1', liar), instanceOf(store, 'g1a1', honest)]
    store.submitResult(result(pair1[0], liar, 9))
    store.submitResult(result(pair1[1], honest, 7))
    // Both verifiers recomputed the pixel the replicas differ on: the liar's value is contradicted.
    const contradicting = (v: Uint8Array): ReturnType<typeof verdict> & { contradicted: string[] } => ({ ...verdict('g1a1', 1, v, false, pair1), contradicted: [pair1[0]] })
    expect(store.recordVerdict(contradicting(V1)).banned).toEqual([])
    const out = store.recordVerdict(contradicting(V2))
    expect(out.banned.map((b) => b.key.toString('hex'))).toEqual([Buffer.from(liar).toString('hex')])
    expect(out.banned[0].ban).toMatchObject({ status: 'banned', units: ['g1a0', 'g1a1'], pixels: 10, galaxies: [1] })

    const [ban] = store.bans()
    expect(ban).toMatchObject({ reason: 'recompute_mismatch', network: 'ip4:198.51.100.0/24', units: 2, pixels: 10 })
    expect(credit(store, liar)).toBe(0)
    expect(credit(store, honest)).toBe(honestCredit)
    expect(store.galaxyPixels(1)).toEqual([])
    expect(store.galaxies()[0].status).toBe('generated')
    expect(store.unitStateCounts()).toEqual({ in_progress: 2 })
    expect(() => ask(store!, liar, 'ip4:198.51.100.0/24', 'b')).toThrow(BannedKeyError)
    expect(() => store!.submitResult(result(pair1[0], liar, 9))).toThrow(BannedKeyError)
    // A new key from the liar's network waits out the hold; another network's key takes the replicas.
    expect(() => ask(store!, fresh, 'ip4:198.51.100.0/24', 'b')).toThrow(BannedKeyError)
    expect(ask(store, key(4), 'ip4:192.0.2.0/24', 'b')).toEqual(['g1a0', 'g1a1'])
    // The units validate again without the liar; the honest key is not paid twice for g1a0.
    for (const u of ['g1a0', 'g1a1']) {
      const i = instanceOf(store, u, key(4))
      store.submitResult(result(i, key(4)))
      const pair = [instanceOf(store, u, honest), i].sort()
      const round = (store.unitInfo(u)?.round ?? 0)
      store.recordVerdict(verdict(u, round, V1, true, pair))
      expect(store.recordVerdict(verdict(u, round, V2, true, pair)).effect).toBe('verified')
    }
    expect(credit(store, honest)).toBe(2 * honestCredit)
    expect(credit(store, liar)).toBe(0)
  })

  it('sets a reopened unit\'s target back, so the honest results left form a round at once', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [liar, h1, h2] = [key(1), key(2), key(3)]
    liarAndHonest(store, liar, h1)
    // Two rounds of disagreement (the recomputations were skipped, so nobody was named): the target grows to 4.
    const disagree = (round: number, ids: string[]): void => {
      store!.recordVerdict(verdict('g1a0', round, V1, false, ids))
      expect(store!.recordVerdict(verdict('g1a0', round, V2, false, ids)).effect).toBe('disagreement')
    }
    disagree(1, [instanceOf(store, 'g1a0', liar), instanceOf(store, 'g1a0', h1)].sort())
    ask(store, h2, 'ip4:192.0.2.0/24', 'a')
    store.submitResult(result(instanceOf(store, 'g1a0', h2), h2, 7))
    disagree(2, [liar, h1, h2].map((k) => instanceOf(store!, 'g1a0', k)).sort())
    expect(store.db.prepare('SELECT target FROM work_units WHERE id = ?').get('g1a0')).toEqual({ target: 4 })
    // The liar is caught elsewhere: its result goes, and the two honest ones left are a round of their own.
    store.banKey({ key: liar, reason: 'wrong_ringer', detail: 'a known pixel answered otherwise' })
    expect(store.unitInfo('g1a0')).toMatchObject({ state: 'returned', round: 3 })
    const honest = [h1, h2].map((k) => instanceOf(store!, 'g1a0', k)).sort()
    store.recordVerdict(verdict('g1a0', 3, V1, true, honest))
    expect(store.recordVerdict(verdict('g1a0', 3, V2, true, honest)).effect).toBe('verified')
  })

  it('does not count a revoked result among a later round\'s judged results', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [liar, h1, h2] = [key(1), key(2), key(3)]
    liarAndHonest(store, liar, h1)
    store.banKey({ key: liar, reason: 'wrong_ringer', detail: 'a known pixel answered otherwise' })
    ask(store, h2, 'ip4:192.0.2.0/24', 'a')
    store.submitResult(result(instanceOf(store, 'g1a0', h2), h2, 7))
    expect(store.unitInfo('g1a0')).toMatchObject({ state: 'returned', round: 2 })
    // Round 2 judges the two honest results (the liar's, revoked, is invalid and not sent); should it end in
    // disagreement, one more result is wanted: three, not four.
    const honest = [h1, h2].map((k) => instanceOf(store!, 'g1a0', k)).sort()
    store.recordVerdict(verdict('g1a0', 2, V1, false, honest))
    expect(store.recordVerdict(verdict('g1a0', 2, V2, false, honest)).effect).toBe('disagreement')
    expect(store.db.prepare('SELECT target FROM work_units WHERE id = ?').get('g1a0')).toEqual({ target: 3 })
    expect(store.awaitingVerification()).toEqual([])
  })

  it('keeps its bans across a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pogs-trust-'))
    const path = join(dir, 'coordinator.sqlite')
    const clock = new Clock()
    store = await storeWithUnits(clock, 1, { path })
    ask(store, key(1), 'ip4:198.51.100.0/24', 'a')
    expect(store.banKey({ key: key(1), reason: 'bad_result', detail: 'content does not hash to its digest' }).status).toBe('banned')
    expect(store.banKey({ key: key(1), reason: 'bad_result', detail: 'again' }).status).toBe('duplicate')
    store.close()
    store = await storeWithUnits(clock, 1, { path })
    expect(store.isBanned(key(1))).toBe(true)
    expect(() => ask(store!, key(1), 'ip4:198.51.100.0/24', 'b')).toThrow(BannedKeyError)
    // Its revoked instance counts against nothing: the unit is as if never sent.
    expect(store.unitInfo('g1a0')).toMatchObject({ state: 'unsent' })
    expect(ask(store, key(2), 'ip4:192.0.2.0/24', 'b')).toEqual(['g1a0'])
  })
})

describe('verdict holds', () => {
  const [X, Y, Z] = ['ip4:198.51.100.0/24', 'ip4:192.0.2.0/24', 'ip4:203.0.113.0/24']
  const V3 = VERIFIERS[2]
  const hold = (unitId: string, verifier: Uint8Array, round = 1): { unitId: string, round: number, verifier: Uint8Array } => ({ unitId, round, verifier })

  /** Two keys on two networks, colluding: both return the same altered result for g1a0; the round is open. */
  async function colludingPair (clock: Clock): Promise<{ s: WorkStore, pair: string[], c1: Uint8Array, c2: Uint8Array }> {
    const s = await storeWithUnits(clock, 1)
    const [c1, c2] = [key(1), key(2)]
    ask(s, c1, X, 'a')
    ask(s, c2, Y, 'a')
    for (const k of [c1, c2]) s.submitResult(result(instanceOf(s, 'g1a0', k), k, 9))
    const pair = [instanceOf(s, 'g1a0', c1), instanceOf(s, 'g1a0', c2)].sort()
    expect(s.unitInfo('g1a0')).toMatchObject({ state: 'returned', round: 1 })
    return { s, pair, c1, c2 }
  }

  it('let one verifier\'s sampled contradiction stop the others\' agreement, and the next round ban a colluding pair', async () => {
    const clock = new Clock()
    const { s, pair, c1, c2 } = await colludingPair(clock)
    store = s
    // V1 sampled the altered pixel and recomputes it (it answered PENDING); V2 and V3 sampled nothing and agree.
    expect(s.holdRound(hold('g1a0', V1), 60_000)).toBe(true)
    expect(s.recordVerdict(verdict('g1a0', 1, V2, true, pair)).effect).toBe('pending')
    expect(s.recordVerdict(verdict('g1a0', 1, V3, true, pair)).effect).toBe('pending')
    expect(s.unitInfo('g1a0')?.state).toBe('returned')
    // V1's recomputation contradicts both: the agreement vouches for nothing; one more result is wanted.
    const out = s.recordVerdict({ ...verdict('g1a0', 1, V1, false, pair), contradicted: pair })
    expect(out).toMatchObject({ effect: 'disagreement', banned: [] })
    expect(s.unitInfo('g1a0')).toMatchObject({ state: 'in_progress' })
    expect(credit(s, c1)).toBe(0)
    // An honest key on a third network returns the true result: the next round's replicas differ on the altered
    // pixel, so every verifier recomputes it and contradicts the pair; a verifier quorum bans both keys.
    const h = key(3)
    expect(ask(s, h, Z, 'b')).toEqual(['g1a0'])
    const hi = instanceOf(s, 'g1a0', h)
    s.submitResult(result(hi, h, 7))
    expect(s.unitInfo('g1a0')).toMatchObject({ state: 'returned', round: 2 })
    const all = [...pair, hi].sort()
    const disputed = (v: Uint8Array): ReturnType<typeof verdict> & { contradicted: string[] } => ({ ...verdict('g1a0', 2, v, false, all), contradicted: pair })
    expect(s.recordVerdict(disputed(V1)).banned).toEqual([])
    const banned = s.recordVerdict(disputed(V2)).banned.map((b) => b.key.toString('hex')).sort()
    expect(banned).toEqual([c1, c2].map((k) => Buffer.from(k).toString('hex')).sort())
    expect(s.bans().map((b) => b.reason)).toEqual(['recompute_mismatch', 'recompute_mismatch'])
    expect(credit(s, c1) + credit(s, c2)).toBe(0)
  })

  it('verify an agreeing quorum once the holding verifier answers without a contradiction', async () => {
    const clock = new Clock()
    const { s, pair } = await colludingPair(clock)
    store = s
    s.holdRound(hold('g1a0', V1), 60_000)
    s.recordVerdict(verdict('g1a0', 1, V2, true, pair))
    expect(s.recordVerdict(verdict('g1a0', 1, V3, true, pair)).effect).toBe('pending')
    expect(s.recordVerdict(verdict('g1a0', 1, V1, true, pair)).effect).toBe('verified')
  })

  it('decide the round when the holding verifier\'s request fails, or when its hold lapses', async () => {
    const clock = new Clock()
    const { s, pair } = await colludingPair(clock)
    store = s
    s.holdRound(hold('g1a0', V1), 60_000)
    s.recordVerdict(verdict('g1a0', 1, V2, true, pair))
    s.recordVerdict(verdict('g1a0', 1, V3, true, pair))
    expect(s.releaseHold(hold('g1a0', V1))).toBe('verified')
    expect(s.unitInfo('g1a0')?.state).toBe('verified')

    const clock2 = new Clock()
    const second = await colludingPair(clock2)
    s.close()
    store = second.s
    second.s.holdRound(hold('g1a0', V1), 60_000)
    second.s.recordVerdict(verdict('g1a0', 1, V2, true, second.pair))
    second.s.recordVerdict(verdict('g1a0', 1, V3, true, second.pair))
    // Nothing before the hold's time; the tick after it decides the round (a verifier that vanished never parks it).
    clock2.advance(59_000)
    expect(second.s.tick().decided).toEqual([])
    clock2.advance(1_000)
    expect(second.s.tick().decided).toEqual([{ unitId: 'g1a0', effect: 'verified' }])
  })

  it('keep a disagreement open until every verifier asked is heard, so two contradictions ban a liar in one round', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1, { verifiers: [V1, V2], verifierQuorum: 2 })
    const [liar, h] = [key(1), key(2)]
    liarAndHonest(store, liar, h, [X, Y])
    const ids = [liar, h].map((k) => instanceOf(store!, 'g1a0', k)).sort()
    const named = { contradicted: [instanceOf(store, 'g1a0', liar)] }
    // Both are asked; V1's contradiction would end the round (no agreement of both verifiers is possible any more),
    // but V2 holds it and its contradiction completes the quorum that bans the liar.
    for (const v of [V1, V2]) store.holdRound(hold('g1a0', v), 60_000)
    expect(store.recordVerdict({ ...verdict('g1a0', 1, V1, false, ids), ...named })).toMatchObject({ effect: 'pending', banned: [] })
    expect(store.recordVerdict({ ...verdict('g1a0', 1, V2, false, ids), ...named }).banned).toHaveLength(1)
    expect(store.isBanned(liar)).toBe(true)
  })

  it('count contradictions of one result across its unit\'s rounds', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [liar, h1, h2] = [key(1), key(2), key(3)]
    liarAndHonest(store, liar, h1, [X, Y])
    const lie = instanceOf(store, 'g1a0', liar)
    const round1 = [lie, instanceOf(store, 'g1a0', h1)].sort()
    // Round 1: V1 names the lie, V2 and V3 could not recompute (nobody named): a disagreement, no ban.
    store.recordVerdict({ ...verdict('g1a0', 1, V1, false, round1), contradicted: [lie] })
    store.recordVerdict(verdict('g1a0', 1, V2, false, round1))
    expect(store.isBanned(liar)).toBe(false)
    // Round 2, with a third replica: V2 names the same result. Two verifiers have now contradicted it.
    ask(store, h2, Z, 'b')
    store.submitResult(result(instanceOf(store, 'g1a0', h2), h2, 7))
    const round2 = [liar, h1, h2].map((k) => instanceOf(store!, 'g1a0', k)).sort()
    expect(store.recordVerdict({ ...verdict('g1a0', 2, V2, false, round2), contradicted: [lie] }).banned).toHaveLength(1)
  })

  it('are not taken on a round already decided or by a verifier that voted', async () => {
    const clock = new Clock()
    const { s, pair } = await colludingPair(clock)
    store = s
    s.recordVerdict(verdict('g1a0', 1, V2, true, pair))
    expect(s.holdRound(hold('g1a0', V2), 60_000)).toBe(false)
    expect(s.recordVerdict(verdict('g1a0', 1, V3, true, pair)).effect).toBe('verified')
    expect(s.holdRound(hold('g1a0', V1), 60_000)).toBe(false)
  })
})

describe('starved units', () => {
  it('are reported when no live key may take them, and not once one may', async () => {
    const clock = new Clock()
    store = await storeWithUnits(clock, 1)
    const [a, b] = [key(1), key(2)]
    ask(store, a, 'ip4:198.51.100.0/24', 'a')
    // The only live key holds the unit's first replica: nobody may take the second.
    const starved = [{ unitId: 'g1a0', galaxyId: 1, needed: 1 }]
    expect(store.starvedUnits(10 * 60_000)).toEqual(starved)
    // b, on a's network, may not either.
    expect(ask(store, b, 'ip4:198.51.100.0/24', 'b')).toEqual([])
    expect(store.starvedUnits(10 * 60_000)).toEqual(starved)
    // Once every live key is older than the window, nobody is live: no report.
    clock.advance(11 * 60_000)
    expect(store.starvedUnits(10 * 60_000)).toEqual([])
    // A key from elsewhere asks: it takes the unit.
    expect(ask(store, key(3), 'ip4:192.0.2.0/24', 'c')).toEqual(['g1a0'])
    expect(store.starvedUnits(10 * 60_000)).toEqual([])
  })
})
