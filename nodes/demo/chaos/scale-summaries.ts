// The dishonest volunteer's alteration (`pogs demo --chaos`, tests): its results still decode and answer their
// unit, so only comparing replicas (digests, then values) can catch them, which is what the verifiers must do.
import type { ResultHook } from '../../../src/volunteer/index.js'
import type { UnitResult } from '../../../src/work/unit-result.js'

/** A volunteer result hook that multiplies every summary value (medians, percentiles...) of every fitted pixel by
 * `factor` (default 1.1: ten percent, far beyond the verifiers' 1e-4 tolerance). NaN stays NaN. */
export function scaleSummaries (factor = 1.1): ResultHook {
  return (r: UnitResult): UnitResult => ({
    unitId: r.unitId,
    pixels: r.pixels.map((p) => 'fit' in p ? { ...p, fit: { ...p.fit, summary: p.fit.summary.map((v) => v * factor) } } : p)
  })
}
