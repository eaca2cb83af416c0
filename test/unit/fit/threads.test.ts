import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFitPool, digestPixelFit, readFilters, readObservations, type PixelOutcome } from '../../../src/fit/index.js'
import { MAGPHYS_LIBS, REFERENCE, writeSmallLibraries } from '../../helpers/reference-data.js'

function digests (outcomes: PixelOutcome[]): string[] {
  return outcomes.map((o) => (o.ok ? digestPixelFit(o.fit) : 'unfitted'))
}

describe('fit pool', () => {
  it('gives identical bytes whatever the thread count, in input order', async () => {
    const filters = readFilters(join(REFERENCE, 'z01', 'filters.dat'))
    const obs = readObservations(join(REFERENCE, 'z01', 'observations.dat'), filters.length).rows.slice(0, 6)
    const libs = writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 8)
    const one = createFitPool({ libraries: libs, threads: 1 })
    const two = createFitPool({ libraries: libs, threads: 2 })
    try {
      const [a, b] = await Promise.all([one.fit(filters, obs), two.fit(filters, obs)])
      expect(digests(a)).toEqual(digests(b))
      expect(a.map((o) => (o.ok ? o.fit.name : ''))).toEqual(obs.map((o) => o.name))
      expect(new Set(digests(a)).size).toBe(obs.length)
    } finally {
      await Promise.all([one.close(), two.close()])
    }
  })

  it('reports a pixel without a library at its redshift and fits the others', async () => {
    const filters = readFilters(join(REFERENCE, 'z01', 'filters.dat'))
    const rows = readObservations(join(REFERENCE, 'z01', 'observations.dat'), filters.length).rows.slice(0, 2)
    const pool = createFitPool({ libraries: writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 20), threads: 1 })
    try {
      const out = await pool.fit(filters, [rows[0], { ...rows[1], redshift: 0.5 }])
      expect(out[0].ok).toBe(true)
      expect(out[1].ok === false && 'error' in out[1] && out[1].error.code).toBe('ERR_REDSHIFT_OUT_OF_RANGE')
    } finally {
      await pool.close()
    }
  })
})
