// The colluding keys' alteration (`pogs demo --chaos`, tests): the first fitted pixel of every unit, altered the
// same way by every key of the colluding group, so that two of them replicating one unit would agree with each
// other. Their results still decode and answer their unit: replica diversity keeps the group's keys from
// replicating one unit together, and a disagreement with an honest replica is settled by the verifiers'
// recomputation, which names the liar.
import type { ResultHook } from '../../../src/volunteer/index.js'
import type { UnitResult } from '../../../src/work/unit-result.js'

/** A volunteer result hook that scales every summary value of the first fitted pixel of each unit by `factor`
 * (default 1.05: far beyond the verifiers' 1e-4 tolerance, and small enough to look plausible). */
export function alterOnePixel (factor = 1.05): ResultHook {
  return (r: UnitResult): UnitResult => {
    const first = r.pixels.findIndex((p) => 'fit' in p)
    return {
      unitId: r.unitId,
      pixels: r.pixels.map((p, k) => k === first && 'fit' in p ? { ...p, fit: { ...p.fit, summary: p.fit.summary.map((v) => v * factor) } } : p)
    }
  }
}
