// The check the archive writers' tests share: an archive written another way holds what writeArchive wrote from the
// whole input, pixel by pixel.
import { expect } from 'vitest'
import { compareArchives } from '../../../src/archive/compare-archives.js'
import { openArchive, type GalaxyArchive } from '../../../src/archive/read-archive.js'

/**
 * Opens the archive at `whole` (writeArchive's) and the one at `other`, and holds them equal: no difference in any
 * of the `pixels` pixels, the same pixel count, provenance and M* median map. `more` checks the two further before
 * both are closed.
 */
export async function expectSameArchive (whole: string, other: string, pixels: number, more: (whole: GalaxyArchive, other: GalaxyArchive) => void): Promise<void> {
  const [a, b] = await Promise.all([openArchive(whole), openArchive(other)])
  try {
    const c = compareArchives(a, b)
    expect(c.differences).toEqual([])
    expect(c.compared).toBe(pixels)
    expect(b.facts.pixelsProcessed).toBe(pixels)
    expect(b.facts.provenance).toEqual(a.facts.provenance)
    expect(b.map('mstar', 'median')).toEqual(a.map('mstar', 'median'))
    more(a, b)
  } finally {
    a.close()
    b.close()
  }
}
