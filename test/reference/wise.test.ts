import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFitPool, readFilters, readObservations } from '../../src/fit/index.js'
import { compareFitTexts } from '../helpers/fit-compare.js'
import { REFERENCE } from '../helpers/reference-data.js'

// The mixed (2.5-10 um) and dust-only (> 10 um) band paths and the chi2 < 600 rule, against MAGPHYS' outputs
// for 10-band pixels. The general pair loop costs ~90 s per pixel per core, so this runs in the `reference`
// project (CI runs it after the default suite), not in `npm test`.
const dir = join(REFERENCE, 'z01-wise')
const pool = createFitPool({ libraries: dir })
afterAll(async () => { await pool.close() })

describe('reference z01-wise', () => {
  it('reproduces MAGPHYS for pixels with WISE bands', async () => {
    const filters = readFilters(join(dir, 'filters.dat'))
    const obs = readObservations(join(dir, 'observations.dat'), filters.length)
    const outcomes = await pool.fit(filters, obs.rows, { withText: true })
    let rows = 0
    let same = 0
    outcomes.forEach((o, r) => {
      expect(o.ok).toBe(true)
      if (!o.ok) return
      const c = compareFitTexts(o.text ?? '', readFileSync(join(dir, `row${r + 1}.fit`), 'utf8'))
      expect(c.bestFitSame).toBe(true)
      expect(c.percentileRowsBeyondOneBin).toBe(0)
      rows += c.percentileRows
      same += c.percentileRows - c.percentileRowsDiffering
    })
    expect(same / rows).toBeGreaterThanOrEqual(0.95)
  }, 3_600_000)
})
