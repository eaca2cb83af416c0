// The streaming archive writer: pixels in any order (bands of the cubes left and come back to) give the archive
// writeArchive writes from the whole input; bad pixels and aborts leave no temporary file.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { archiveHead } from '../../../src/archive/archive-input.js'
import { openArchiveWriter } from '../../../src/archive/archive-writer.js'
import { ArchiveError } from '../../../src/archive/errors.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { tempDir } from '../../helpers/reference-data.js'
import { expectSameArchive } from './same-archive.js'
import { frac, syntheticInput } from './synthetic-input.js'

describe('streaming archive writer', () => {
  it('writes pixels that leave bands and return to them as writeArchive writes them in order', async () => {
    // 140 rows: three bands of 64 rows. The first half of every band's pixels, then the second halves: with two
    // bands held, each band is written, read back and written again. Small and uncompressed, so that reading every
    // pixel back (compareArchives) is quick; archive.test.ts covers compression.
    const input = syntheticInput({ width: 3, height: 140, histogramLength: (x, y, q) => 1 + Math.floor(2 * frac(q, y, x)) })
    const dir = tempDir()
    await writeArchive(join(dir, 'whole.h5'), input, { compress: false })
    const half = (y: number): number => Math.floor((y % 64) / 32)
    const shuffled = [...input.pixels].sort((a, b) => half(a.y) - half(b.y) || a.y - b.y)
    const writer = await openArchiveWriter(join(dir, 'streamed.h5'), archiveHead(input), { expectedPixels: 100, compress: false })
    for (const p of shuffled) writer.add(p)
    expect(writer.pixels).toBe(input.pixels.length)
    writer.close()
    await expectSameArchive(join(dir, 'whole.h5'), join(dir, 'streamed.h5'), input.pixels.length, (a, b) => {
      expect(b.facts.areaCount).toBe(a.facts.areaCount)
    })
    expect(readdirSync(dir).sort()).toEqual(['streamed.h5', 'whole.h5'])
  })

  it('refuses a pixel twice with ERR_ARCHIVE_INPUT and removes the temporary file; abort leaves nothing', async () => {
    const input = syntheticInput({ width: 6, height: 6 })
    const dir = tempDir()
    const writer = await openArchiveWriter(join(dir, 'g.h5'), archiveHead(input))
    writer.add(input.pixels[0])
    const err = (() => { try { writer.add(input.pixels[0]) } catch (e) { return e } })()
    expect(err).toBeInstanceOf(ArchiveError)
    expect((err as ArchiveError).code).toBe('ERR_ARCHIVE_INPUT')
    expect(readdirSync(dir)).toEqual([])
    const other = await openArchiveWriter(join(dir, 'h.h5'), archiveHead(input))
    other.add(input.pixels[1])
    other.abort()
    expect(readdirSync(dir)).toEqual([])
  })
})
