import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { createFitPool, readFilters, readObservations } from '../../src/fit/index.js'
import { expectReferenceMatch } from '../helpers/fit-compare.js'
import { REFERENCE } from '../helpers/reference-data.js'

// The mixed (2.5-10 um) and dust-only (> 10 um) band paths and the chi2 < 600 rule, against MAGPHYS' outputs
// for 10-band pixels. The general pair loop costs ~64 s per pixel per core, so this runs in the `reference`
// project (CI runs it after the default suite), not in `npm test`.
const dir = join(REFERENCE, 'z01-wise')
const pool = createFitPool({ libraries: dir })
afterAll(async () => { await pool.close() })

describe('reference z01-wise', () => {
  it('reproduces MAGPHYS for pixels with WISE bands', async () => {
    const filters = readFilters(join(dir, 'filters.dat'))
    const obs = readObservations(join(dir, 'observations.dat'), filters.length)
    expectReferenceMatch(dir, await pool.fit(filters, obs.rows, { withText: true }))
  }, 3_600_000)
})
