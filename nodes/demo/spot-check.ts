// Checks a network archive against the fitting core run here: a sample of its fitted pixels is re-fitted on this
// machine with the same libraries (what `pogs galaxy fit` would compute) and compared value for value, as the
// archive stores them (summaries and histograms as float32, details as float64), after the rounding of the
// canonical result encoding that every fit passes through on its way to an archive.
import { canonicalPixelFit, createFitPool, type FilterSpec } from '../../src/fit/index.js'
import type { GalaxyArchive } from '../../src/archive/read-archive.js'
import { PARAMETER_NAMES } from '../../src/fit/index.js'
import { pixelObservation } from '../../src/galaxy/pixel-observation.js'
import type { Galaxy } from '../../src/galaxy/galaxy-input.js'

export async function spotCheck (a: GalaxyArchive, g: Galaxy, filters: readonly FilterSpec[], libraries: string, count: number): Promise<{ compared: number, differences: string[] }> {
  const fitted: Array<[number, number]> = []
  for (let y = 0; y < g.height; y++) for (let x = 0; x < g.width; x++) if (a.pixel(x, y) !== undefined) fitted.push([x, y])
  const step = Math.max(1, Math.floor(fitted.length / Math.max(1, count)))
  const sample = fitted.filter((_, k) => k % step === 0).slice(0, count)
  if (sample.length === 0) return { compared: 0, differences: [] }
  const present = new Set(g.filters.map((f) => f.name))
  const catalogue = filters.map((f) => ({ ...f, fit: f.fit && present.has(f.name) }))
  const pool = createFitPool({ libraries })
  let outcomes
  try {
    outcomes = await pool.fit(catalogue, sample.map(([x, y]) => pixelObservation(g, catalogue, x, y)))
  } finally {
    await pool.close()
  }
  const differences: string[] = []
  sample.forEach(([x, y], k) => {
    const o = outcomes[k]
    const archived = a.pixel(x, y)
    if (!o.ok || archived === undefined) { differences.push(`pixel (${x}, ${y}) fitted in only one`); return }
    // The network stores fits as their canonical encoding decodes (histograms rounded: docs/fitting.md#result-encoding).
    const local = canonicalPixelFit(o.fit)
    const at = local.summary.findIndex((v, i) => !Object.is(Math.fround(v), archived.summary[i]) && !(Number.isNaN(v) && Number.isNaN(archived.summary[i])))
    if (at >= 0) differences.push(`pixel (${x}, ${y}) summary value ${at}: ${archived.summary[at]} archived, ${Math.fround(local.summary[at])} here`)
    else if (archived.details.chi2 !== local.chi2 || archived.details.scale !== local.scale) differences.push(`pixel (${x}, ${y}) chi2 or scale differs`)
    else {
      const p = PARAMETER_NAMES.findIndex((name, q) => {
        const h = archived.histogram(name)
        const v = local.histograms[q].values
        return h.probabilities.length !== v.length || h.probabilities.some((pr, i) => pr !== Math.fround(v[i]))
      })
      if (p >= 0) differences.push(`pixel (${x}, ${y}) ${PARAMETER_NAMES[p]} histogram differs`)
    }
  })
  return { compared: sample.length, differences }
}
