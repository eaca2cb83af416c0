// Detection of keys that alter results, on the real store (docs/work-lifecycle.md#trust): one galaxy of `units`
// one-area units in an in-memory WorkStore on a manual clock, `keys` volunteer keys each asking from its own network
// (attackers from one shared network, or each from its own), honest keys returning one digest and attackers another
// (one pixel per unit altered, the same one by every attacker: colluders agree). Each step (10 minutes) every key
// in a seeded order returns what it holds and asks for more (its in-flight cap); an attacker's result whose altered
// pixel is a ringer is refused on receipt and its key banned (`wrong_ringer`, what the coordinator's ringer check
// does), otherwise recorded. Then three verifiers judge every round (judge.ts), in a seeded order, until the round is
// decided (the verifiers are asked together, so all three recompute), and verified units are assimilated with their
// real pixels at their payload positions, so that confirmed pixels become known pixels and later units carry
// ringers, as in a coordinator.
import { WorkStore, type UnitPlan, type UnitResults } from '../../src/coordinator/lifecycle/index.js'
import { seededRandom } from '../../src/galaxy/synth/random.js'
import { PogsError } from '../../src/util/errors.js'
import { judge, type SimReplica } from './judge.js'

/** A simulated population and its settings. */
export interface TrustCase {
  units: number
  pixelsPerUnit: number
  keys: number
  attackerShare: number
  /** Attackers ask from one network (the store never lets two of them replicate a unit) or each from its own. */
  attackersShareNetwork: boolean
  ringersPerUnit: number
  recomputeRate: number
  /** Cores each key announces (its in-flight cap: cores x min(4, 1 + validated results)). */
  cores: number
  seed: number
  maxSteps: number
}

/** What a run counted. */
export interface TrustCounts {
  steps: number
  unitStates: Record<string, number>
  attackers: number
  /** Per attacker key: units it was given an instance of (before its ban, when banned), and whether it was banned. */
  attackerUnits: Array<{ units: number, banned: boolean }>
  bans: { wrongRinger: number, dispute: number, sampling: number, honestKeys: number }
  /** Units and assimilated pixels bans sent back to work. */
  reopenedUnits: number
  pixelsSentBack: number
  /** Units verified with an attacker's result (each time), and those still valid with one at the end. */
  attackerValidations: number
  uncaughtAtEnd: number
  /** Verifier verdicts whose sampled pixel contradicted agreeing altered replicas (a ban needs a verifier quorum). */
  samplingHits: number
  /** Results volunteers fitted (recorded or refused), their payload positions, the ringers among them, and the
   * verifiers' recomputations. */
  fittedResults: number
  fittedPositions: number
  ringerPositions: number
  sampledRecomputations: number
  disputedRecomputations: number
  verdictRounds: number
  refused: Record<string, number>
}

const STEP_MS = 10 * 60_000
const VERIFIERS = [201, 202, 203].map((n) => new Uint8Array(32).fill(n))
const HONEST_BYTE = 7
const ALTERED_BYTE = 9

interface SimKey { key: Uint8Array, attacker: boolean, network: string, held: Array<{ instanceId: string, unitId: string }> }
interface Layout { positions: number[], ringers: number }

function keyOf (k: number): Uint8Array {
  const b = Buffer.alloc(32, 0x55)
  b.writeUInt32BE(k + 1, 0)
  return b
}

function networkOf (k: number, attacker: boolean, shared: boolean): string {
  if (attacker && shared) return 'ip4:198.51.100.0/24'
  return `ip4:${attacker ? 172 : 10}.${k >> 8}.${k & 255}.0/24`
}

/** Runs one case to the end (every unit assimilated or abandoned) or `maxSteps`. */
export async function simulateTrust (c: TrustCase): Promise<TrustCounts> {
  const random = seededRandom(c.seed).uniform
  let now = 1_700_000_000_000
  const store = new WorkStore({ path: ':memory:', verifiers: VERIFIERS, pixelsPerUnit: c.pixelsPerUnit, ringersPerUnit: c.ringersPerUnit, now: () => now })
  try {
    store.addGalaxy({
      name: 'trust',
      bands: ['SDSSu', 'SDSSg', 'SDSSr', 'SDSSi', 'SDSSz'],
      redshift: 0.01,
      areas: Array.from({ length: c.units }, (_, index) => ({
        index, x0: 0, x1: c.pixelsPerUnit, y0: index, y1: index + 1,
        pixels: Array.from({ length: c.pixelsPerUnit }, (_, x): [number, number] => [x, index])
      }))
    })
    const produce = (p: UnitPlan): { payloadCid: string } => ({ payloadCid: `cid-${p.unitId}` })
    const attackers = Math.round(c.keys * c.attackerShare)
    // Attackers spread through the key list, so that no order of asking favours them.
    const keys: SimKey[] = Array.from({ length: c.keys }, (_, k) => {
      const attacker = Math.floor((k + 1) * attackers / c.keys) > Math.floor(k * attackers / c.keys)
      return { key: keyOf(k), attacker, network: networkOf(k, attacker, c.attackersShareNetwork), held: [] }
    })
    const attackerKeys = new Set(keys.filter((k) => k.attacker).map((k) => Buffer.from(k.key).toString('hex')))
    const counts: TrustCounts = {
      steps: 0, unitStates: {}, attackers, attackerUnits: [], bans: { wrongRinger: 0, dispute: 0, sampling: 0, honestKeys: 0 },
      reopenedUnits: 0, pixelsSentBack: 0, attackerValidations: 0, uncaughtAtEnd: 0, samplingHits: 0, fittedResults: 0, fittedPositions: 0,
      ringerPositions: 0, sampledRecomputations: 0, disputedRecomputations: 0, verdictRounds: 0, refused: {}
    }
    const layouts = new Map<string, Layout>()
    const layout = (unitId: string): Layout => {
      let l = layouts.get(unitId)
      if (l === undefined) {
        const map = store.unitPixelMap(unitId) ?? []
        const order = map.map((p, position) => ({ p, position }))
          .sort((a, b) => Number(b.p.ringer) - Number(a.p.ringer) || a.p.y - b.p.y || a.p.x - b.p.x)
        l = { positions: order.map((o) => o.position), ringers: map.filter((p) => p.ringer).length }
        layouts.set(unitId, l)
      }
      return l
    }
    // The pixel the attackers alter in a unit: drawn once, uniformly over its payload (they cannot tell ringers).
    const alteredAt = new Map<string, number>()
    const alter = (unitId: string): number => {
      let at = alteredAt.get(unitId)
      if (at === undefined) {
        const { positions } = layout(unitId)
        at = positions[Math.floor(random() * positions.length)]
        alteredAt.set(unitId, at)
      }
      return at
    }
    const noteBan = (key: Uint8Array, kind: 'wrongRinger' | 'dispute' | 'sampling', ban: { units: string[], pixels: number }): void => {
      if (!attackerKeys.has(Buffer.from(key).toString('hex'))) counts.bans.honestKeys++
      counts.bans[kind]++
      counts.reopenedUnits += ban.units.length
      counts.pixelsSentBack += ban.pixels
    }

    const submit = (k: SimKey, held: { instanceId: string, unitId: string }): void => {
      const l = layout(held.unitId)
      counts.fittedResults++
      counts.fittedPositions += l.positions.length
      counts.ringerPositions += l.ringers
      if (k.attacker) {
        const at = alter(held.unitId)
        if (l.positions.indexOf(at) < l.ringers) {
          noteBan(k.key, 'wrongRinger', store.banKey({ key: k.key, reason: 'wrong_ringer', detail: `instance ${held.instanceId}: a ringer answered otherwise than known` }))
          return
        }
      }
      const d = k.attacker ? ALTERED_BYTE : HONEST_BYTE
      try {
        store.submitResult({ instanceId: held.instanceId, volunteer: k.key, digest: new Uint8Array(32).fill(d), resultCid: `res-${held.instanceId}`, size: 1000, signature: new Uint8Array(64).fill(d) })
      } catch (err) {
        if (!(err instanceof PogsError)) throw err
        counts.refused[err.code] = (counts.refused[err.code] ?? 0) + 1
      }
    }

    const verifyRound = (u: UnitResults): void => {
      // What the coordinator sends: every result a round has included (a banned key's too, judged invalid).
      const replicas: SimReplica[] = u.results.filter((r) => r.round !== null)
        .map((r) => ({ instanceId: r.instanceId, altered: r.digest[0] === ALTERED_BYTE, banned: store.isBanned(r.volunteer) }))
      if (replicas.length === 0) return
      const { positions } = layout(u.unitId)
      const withHonest = replicas.some((r) => !r.altered)
      const order = [...VERIFIERS].map((v) => ({ v, r: random() })).sort((a, b) => a.r - b.r).map((o) => o.v)
      counts.verdictRounds++
      // The coordinator asks them together, each holding the round until it answers (docs/work-lifecycle.md#holds).
      for (const verifier of order) store.holdRound({ unitId: u.unitId, round: u.round, verifier }, 3_600_000)
      let decided = false
      for (const verifier of order) {
        const j = judge({ replicas, alteredAt: alteredAt.get(u.unitId), positions, minQuorum: store.settings.minQuorum, recomputeRate: c.recomputeRate, random })
        if (j.sampled !== undefined) counts.sampledRecomputations++
        if (j.disputed !== undefined && j.disputed !== j.sampled) counts.disputedRecomputations++
        if (j.samplingHit) counts.samplingHits++
        // Every verifier recomputes; one answering after the round is decided (a disagreement) is too late for it.
        if (decided) continue
        const out = store.recordVerdict({ unitId: u.unitId, round: u.round, verifier, agree: j.agree, results: j.results, contradicted: j.contradicted, confirmed: j.confirmed, signature: new Uint8Array(64) })
        for (const b of out.banned) noteBan(b.key, withHonest ? 'dispute' : 'sampling', b.ban)
        if (out.effect !== 'pending') decided = true
      }
    }

    const assimilate = (u: UnitResults): void => {
      if (u.results.some((r) => r.validity === 'valid' && r.digest[0] === ALTERED_BYTE)) counts.attackerValidations++
      const map = store.unitPixelMap(u.unitId) ?? []
      store.assimilate(u.unitId, map.flatMap((p, position) => p.ringer
        ? []
        // Stand-in canonical fit bytes (magic, version, an empty name, values): a known pixel keeps them.
        : [{ x: p.x, y: p.y, summary: new Uint8Array(8), histograms: Uint8Array.of(0x50, 0x47, 0x46, 0x54, 2, 0, 0, p.x & 255, p.y & 255), position }]))
    }

    const open = (): boolean => {
      counts.unitStates = store.unitStateCounts()
      return (counts.unitStates.assimilated ?? 0) + (counts.unitStates.abandoned ?? 0) < c.units
    }
    for (let step = 0; step < c.maxSteps && open(); step++) {
      counts.steps = step + 1
      const asking = keys.map((k) => ({ k, r: random() })).sort((a, b) => a.r - b.r).map((o) => o.k)
      for (const k of asking) {
        if (store.isBanned(k.key)) continue
        for (const held of k.held) {
          if (store.isBanned(k.key)) break
          submit(k, held)
        }
        k.held = []
        if (store.isBanned(k.key)) continue
        await store.fillQueue(produce)
        k.held = store.assignWork({ volunteer: k.key, requestId: `s${step}`, maxUnits: 1000, cores: c.cores, network: k.network })
          .map((a) => ({ instanceId: a.instanceId, unitId: a.unitId }))
      }
      // A ban while this pass runs may reopen a unit listed in it: that one waits for its next round.
      const current = store.db.prepare('SELECT state, round FROM work_units WHERE id = ?')
      for (const u of store.awaitingVerification(10 * c.units)) {
        const now = current.get(u.unitId) as { state: string, round: number }
        if (now.state === 'returned' && now.round === u.round) verifyRound(u)
      }
      for (const u of store.awaitingAssimilation(10 * c.units)) assimilate(u)
      now += STEP_MS
    }

    const touched = store.db.prepare('SELECT count(DISTINCT unit_id) AS n FROM instances WHERE volunteer = ?')
    counts.attackerUnits = keys.filter((k) => k.attacker)
      .map((k) => ({ units: (touched.get(k.key) as { n: number }).n, banned: store.isBanned(k.key) }))
    counts.uncaughtAtEnd = (store.db.prepare(`SELECT count(DISTINCT i.unit_id) AS n FROM results r JOIN instances i ON i.id = r.instance_id
      JOIN work_units u ON u.id = i.unit_id WHERE r.validity = 'valid' AND u.state IN ('verified', 'assimilated') AND r.digest = ?`)
      .get(Buffer.alloc(32, ALTERED_BYTE)) as { n: number }).n
    return counts
  } finally {
    store.close()
  }
}
