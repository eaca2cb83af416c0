import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { createFitPool, readFilters, readObservations } from '../../../src/fit/index.js'
import { expectReferenceMatch } from '../../helpers/fit-compare.js'
import { REFERENCE } from '../../helpers/reference-data.js'

// The mixed (2.5-10 um) and dust-only (> 10 um) band paths and the chi2 < 600 rule, against MAGPHYS' outputs
// for 10-band pixels with the real POGS libraries: the bounded pair loop (~5 s a pixel; fit_sed.f's own loop took
// ~64 s) keeps this within the default suite, ~30 s on 2 cores.
const dir = join(REFERENCE, 'z01-wise')
const pool = createFitPool({ libraries: dir })
afterAll(async () => { await pool.close() })

describe('reference z01-wise', () => {
  it('reproduces MAGPHYS for pixels with WISE bands', async () => {
    const filters = readFilters(join(dir, 'filters.dat'))
    const obs = readObservations(join(dir, 'observations.dat'), filters.length)
    expectReferenceMatch(dir, await pool.fit(filters, obs.rows, { withText: true }))
  }, 600_000)
})
