import { describe, expect, it } from 'vitest'
import { MAX_RECOMPUTE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../../src/net/constants.js'
import { PROTOCOLS } from '../../../src/net/protocols.js'
import { MIN_RECOMPUTE_TIMEOUT_MS, RECOMPUTE_TIMEOUT_FACTOR, recomputeTimeoutMs } from '../../../src/work/recompute-timeout.js'

describe('recomputation timeout', () => {
  it('is the factor times the stated cost of a pixel, never below the minimum', () => {
    expect(recomputeTimeoutMs(64)).toBe(RECOMPUTE_TIMEOUT_FACTOR * 64_000)
    expect(recomputeTimeoutMs(64)).toBeGreaterThan(64_000)
    expect(recomputeTimeoutMs(0.77)).toBe(MIN_RECOMPUTE_TIMEOUT_MS)
    expect(MIN_RECOMPUTE_TIMEOUT_MS).toBeGreaterThanOrEqual(30_000)
  })

  it('is the minimum when no cost is stated', () => {
    for (const s of [undefined, null, 0, -5, Number.NaN]) expect(recomputeTimeoutMs(s)).toBe(MIN_RECOMPUTE_TIMEOUT_MS)
  })

  it('is capped, so a stated cost cannot make a verifier wait without end', () => {
    expect(recomputeTimeoutMs(1e9)).toBe(MAX_RECOMPUTE_TIMEOUT_MS)
    expect(recomputeTimeoutMs(Infinity)).toBe(MAX_RECOMPUTE_TIMEOUT_MS)
    expect(recomputeTimeoutMs(Number.MAX_VALUE)).toBe(MAX_RECOMPUTE_TIMEOUT_MS)
  })

  it('never lengthens a verify request: recomputation is queued outside it (PENDING)', () => {
    expect(PROTOCOLS.verify.timeoutMs).toBe(REQUEST_TIMEOUT_MS)
  })
})
