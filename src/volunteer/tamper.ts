// A dishonest volunteer for fault-injection runs (demo --chaos, tests): its results still decode and answer their
// unit, so only comparing replicas (digests, then values) can catch them, which is what the verifiers must do.
import type { UnitResult } from '../work/unit-result.js'
import type { ResultTamper } from './unit-fitter.js'

/** Multiplies every summary value (medians, percentiles...) of every fitted pixel by `factor` (default 1.1: ten
 * percent, far beyond the verifiers' 1e-4 tolerance). NaN stays NaN. */
export function scaleSummaries (factor = 1.1): ResultTamper {
  return (r: UnitResult): UnitResult => ({
    unitId: r.unitId,
    pixels: r.pixels.map((p) => 'fit' in p ? { ...p, fit: { ...p.fit, summary: p.fit.summary.map((v) => v * factor) } } : p)
  })
}
