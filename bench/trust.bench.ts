// Trust figures (docs/work-lifecycle.md#trust, #revocation, #ringers; docs/verifier.md#what-sampling-promises):
//  1. Detection, on the real store (bench/trust/simulation.ts): UNITS units of PIXELS pixels, KEYS volunteer keys of
//     which 20% alter one pixel per unit (the same pixel, so two of them agree), 2 ringers per unit once known
//     pixels exist, three verifiers sampling one pixel of a tenth of agreeing rounds each. Two cases: the attackers
//     ask from one network (the store never pairs them) or each from its own (they pair and agree). Per case: units
//     each attacker key was given before its ban (median, p90, max), the share of attacker keys banned, what caught
//     them, units and assimilated pixels sent back by revocation, units verified with an attacker's result and those
//     still valid with one at the end (never caught).
//  2. Overhead as a share of all fitting: ringers, R/(n + R), for the demo's units and ~600 s units of the optical
//     (0.246 s/pixel) and general (5.1 s/pixel) paths (docs/fitting.md); the verifiers' recomputations (sampled and
//     disputed, all three verifiers) per fitted result, as measured, scaled to those unit sizes.
// Seeded (POGS_BENCH_TRUST_SEED): the same figures on every run. Sizes (env): POGS_BENCH_TRUST_UNITS (10000),
// POGS_BENCH_TRUST_KEYS (200), POGS_BENCH_TRUST_PIXELS (20), POGS_BENCH_TRUST_CORES (4).
import '../src/util/polyfill.js'
import { loadavg } from 'node:os'
import { DEFAULT_RINGERS_PER_UNIT, DEFAULT_TARGET_CPU_SECONDS } from '../src/coordinator/lifecycle/index.js'
import { unitPixelLimit } from '../src/galaxy/work-units.js'
import { MAX_UNIT_PIXELS } from '../src/work/limits.js'
import { simulateTrust, type TrustCase, type TrustCounts } from './trust/simulation.js'

const env = (name: string, fallback: number): number => Number(process.env[`POGS_BENCH_TRUST_${name}`] ?? fallback)
const R = DEFAULT_RINGERS_PER_UNIT
// The verifiers' default --recompute-rate (docs/verifier.md).
const RECOMPUTE_RATE = 0.1
const base: Omit<TrustCase, 'attackersShareNetwork'> = {
  units: env('UNITS', 10_000),
  pixelsPerUnit: env('PIXELS', 20),
  keys: env('KEYS', 200),
  attackerShare: 0.2,
  ringersPerUnit: R,
  recomputeRate: RECOMPUTE_RATE,
  cores: env('CORES', 4),
  seed: env('SEED', 1),
  maxSteps: 2000
}

function quantile (sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

const pct = (x: number): number => +(100 * x).toFixed(3)

function detection (c: TrustCounts, seconds: number): Record<string, unknown> {
  const banned = c.attackerUnits.filter((a) => a.banned).map((a) => a.units).sort((a, b) => a - b)
  const recomputations = c.sampledRecomputations + c.disputedRecomputations
  return {
    seconds: +seconds.toFixed(1),
    steps: c.steps,
    unitStates: c.unitStates,
    attackers: c.attackers,
    attackerUnitsBeforeBan: { median: quantile(banned, 0.5), p90: quantile(banned, 0.9), max: banned.at(-1) ?? 0 },
    attackersBannedPercent: pct(banned.length / Math.max(1, c.attackers)),
    unbannedAttackerUnits: c.attackerUnits.filter((a) => !a.banned).map((a) => a.units),
    bans: c.bans,
    reopenedUnits: c.reopenedUnits,
    pixelsSentBack: c.pixelsSentBack,
    unitsVerifiedWithAttackerResult: c.attackerValidations,
    unitsValidWithAttackerResultAtEnd: c.uncaughtAtEnd,
    samplingHitsOnAgreeingAttackers: c.samplingHits,
    fittedResults: c.fittedResults,
    ringerSharePercent: pct(c.ringerPositions / c.fittedPositions),
    verifierRecomputations: { sampled: c.sampledRecomputations, disputed: c.disputedRecomputations, rounds: c.verdictRounds },
    recomputationSharePercent: pct(recomputations / c.fittedPositions),
    recomputationsPerResult: { sampled: +(c.sampledRecomputations / c.fittedResults).toFixed(4), all: +(recomputations / c.fittedResults).toFixed(4) },
    refused: c.refused
  }
}

/** Ringers' and recomputations' (sampled alone, and with disputes) share of all fitting for a unit of `n` real
 * pixels: a recomputed pixel costs what a volunteer's does, and each fitted result is n + R pixels. */
function overhead (n: number, perResult: { sampled: number, all: number }): Record<string, number> {
  return {
    pixels: n,
    ringersPercent: pct(R / (n + R)),
    sampledRecomputationPercent: pct(perResult.sampled / (n + R)),
    recomputationWithDisputesPercent: pct(perResult.all / (n + R))
  }
}

const load = loadavg()[0]
const cases: Record<string, Record<string, unknown>> = {}
const perResult = { sampled: 0, all: 0 }
for (const shared of [true, false]) {
  const t = performance.now()
  const counts = await simulateTrust({ ...base, attackersShareNetwork: shared })
  const d = detection(counts, (performance.now() - t) / 1000)
  cases[shared ? 'attackersShareOneNetwork' : 'attackersOnOwnNetworks'] = d
  const measured = d.recomputationsPerResult as typeof perResult
  perResult.sampled = Math.max(perResult.sampled, measured.sampled)
  perResult.all = Math.max(perResult.all, measured.all)
}
const sized = (secondsPerPixel: number): number => Math.min(MAX_UNIT_PIXELS - R, unitPixelLimit({ targetCpuSeconds: DEFAULT_TARGET_CPU_SECONDS, secondsPerPixel }))
console.log(JSON.stringify({
  loadAverageBefore: +load.toFixed(2),
  settings: { ...base, ringersPerUnit: R, verifiers: 3, verifierQuorum: 2, replication: 2 },
  detection: cases,
  overhead: {
    note: 'percent of all fitting; recomputations per fitted result: the larger of the two cases',
    recomputationsPerResult: perResult,
    demoUnits: overhead(base.pixelsPerUnit, perResult),
    optical600s: overhead(sized(0.246), perResult),
    general600s: overhead(sized(5.1), perResult)
  },
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  loadAverageAfter: +loadavg()[0].toFixed(2)
}, null, 2))
