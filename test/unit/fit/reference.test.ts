import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFitPool, readFilters, readObservations } from '../../../src/fit/index.js'
import { compareFitTexts } from '../../helpers/fit-compare.js'
import { MAGPHYS_LIBS, REFERENCE } from '../../helpers/reference-data.js'

// MAGPHYS' own outputs for real POGS pixel photometry (UGC05479) are the acceptance test of the core.
const pool = createFitPool({ libraries: MAGPHYS_LIBS, threads: 2 })
afterAll(async () => { await pool.close() })

describe.each(['z01', 'z02'])('reference %s', (set) => {
  it('reproduces MAGPHYS: same best fit, percentile rows identical, every line identical', async () => {
    const dir = join(REFERENCE, set)
    const filters = readFilters(join(dir, 'filters.dat'))
    const obs = readObservations(join(dir, 'observations.dat'), filters.length)
    expect(obs.errors).toEqual([])
    const outcomes = await pool.fit(filters, obs.rows, { withText: true })
    let rows = 0
    let rowsSame = 0
    outcomes.forEach((o, r) => {
      expect(o.ok).toBe(true)
      if (!o.ok) return
      const c = compareFitTexts(o.text ?? '', readFileSync(join(dir, `row${r + 1}.fit`), 'utf8'))
      expect(c.bestFitSame).toBe(true)
      expect(c.percentileRowsBeyondOneBin).toBe(0)
      rows += c.percentileRows
      rowsSame += c.percentileRows - c.percentileRowsDiffering
      // Stronger than the issue asks (95% of percentile rows): the files are byte-identical today.
      expect(c.differing).toBe(0)
    })
    expect(rows).toBe(16 * obs.rows.length)
    expect(rowsSame / rows).toBeGreaterThanOrEqual(0.95)
  })
})
