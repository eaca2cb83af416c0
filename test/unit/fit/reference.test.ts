import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFitPool, readFilters, readObservations } from '../../../src/fit/index.js'
import { expectReferenceMatch } from '../../helpers/fit-compare.js'
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
    const comparisons = expectReferenceMatch(dir, await pool.fit(filters, obs.rows, { withText: true }))
    // Stronger than required (95% of percentile rows): the files are byte-identical today.
    expect(comparisons.map((c) => c.differing)).toEqual(comparisons.map(() => 0))
  })
})
