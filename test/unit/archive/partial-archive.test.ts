// The archive written while results arrive (src/archive/partial-archive.ts): areas added in any order, with
// checkpoints, a close and a resume by a new writer in between, finish as the archive writeArchive writes from the
// whole input; a file that is not what its record says is refused for resuming; bad areas are refused whole.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { archiveHead, type GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import type { ArchiveError } from '../../../src/archive/errors.js'
import { createPartialArchive, partialPath, resumePartialArchive, stripRows } from '../../../src/archive/partial-archive.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { tempDir } from '../../helpers/reference-data.js'
import { expectSameArchive } from './same-archive.js'
import { frac, syntheticInput } from './synthetic-input.js'

/** The synthetic galaxy cut as the coordinator cuts: strips of 7 rows, each in areas 2 columns wide. */
function areasOfTwoColumns (input: GalaxyArchiveInput): GalaxyArchiveInput {
  const areas: GalaxyArchiveInput['areas'] = []
  const areaOf = new Map<string, number>()
  for (let y0 = 0; y0 < input.height; y0 += 7) {
    for (let x0 = 0; x0 < input.width; x0 += 2) {
      const a = { index: areas.length, x0, x1: Math.min(input.width, x0 + 2), y0, y1: Math.min(input.height, y0 + 7), pixels: [] as Array<[number, number]> }
      for (const p of input.pixels) {
        if (p.x >= a.x0 && p.x < a.x1 && p.y >= a.y0 && p.y < a.y1) { a.pixels.push([p.x, p.y]); areaOf.set(`${p.x},${p.y}`, a.index) }
      }
      areas.push(a)
    }
  }
  return {
    ...input,
    areas,
    pixels: input.pixels.map((p) => ({ ...p, area: areaOf.get(`${p.x},${p.y}`) as number })),
    provenance: areas.map((a) => ({ area: a.index, volunteers: [`12D3KooWvol${a.index}`], resultCids: [`bafyresult${a.index}`], verifierKeys: ['12D3KooWver1'], assimilatedAt: 1_780_000_000 + a.index }))
  }
}

const pixelsOf = (input: GalaxyArchiveInput, area: number): GalaxyArchiveInput['pixels'] => input.pixels.filter((p) => p.area === area)

describe('partial archive', () => {
  it('takes areas in any order across a checkpoint, a close and a resume, and finishes as writeArchive writes the whole', async () => {
    // 6 x 30: five strips (the last of 2 rows), three areas each. Two strips held, so strips are evicted part
    // written and read back; an area left out of the first session keeps a strip open across the resume. Uncompressed,
    // so that reading every pixel back is quick (the coordinator's tests cover compression).
    const input = areasOfTwoColumns(syntheticInput({ width: 6, height: 30, histogramLength: (x, y, q) => 1 + Math.floor(3 * frac(q, y, x)) }))
    const dir = tempDir()
    const path = join(dir, 'g.h5')
    await writeArchive(join(dir, 'whole.h5'), input, { compress: false })
    const order = input.areas.map((a) => a.index).sort((a, b) => frac(a, 7) - frac(b, 7))
    const head = { ...archiveHead(input), provenance: [], run: { ...input.run, created: '2026-01-01T00:00:00.000Z' } }

    const first = await createPartialArchive(partialPath(path), head, { heldStrips: 2, compress: false })
    for (const a of order.slice(0, 5)) first.addArea(a, pixelsOf(input, a))
    first.checkpoint()
    for (const a of order.slice(5, 8)) first.addArea(a, pixelsOf(input, a))
    const record = first.checkpoint()
    expect(record.pixels).toBe(order.slice(0, 8).reduce((n, a) => n + pixelsOf(input, a).length, 0))
    first.close()

    const second = await resumePartialArchive(partialPath(path), head, { areas: order.slice(0, 8), ...record }, { heldStrips: 2, compress: false })
    expect(second.areas).toBe(8)
    for (const a of order.slice(8)) second.addArea(a, pixelsOf(input, a))
    const pixels = second.finish(archiveHead(input), path)
    expect(pixels).toBe(input.pixels.length)
    expect(readdirSync(dir).sort()).toEqual(['g.h5', 'whole.h5'])

    await expectSameArchive(join(dir, 'whole.h5'), path, input.pixels.length, (_, b) => {
      expect(b.facts.created).toBe(input.run.created)
    })
  })

  it('refuses to resume a file that holds other rows than recorded, is of another galaxy, damaged or missing', async () => {
    const input = areasOfTwoColumns(syntheticInput({ width: 4, height: 14 }))
    const other = { ...input, name: 'another galaxy' }
    const dir = tempDir()
    const file = partialPath(join(dir, 'g.h5'))
    const w = await createPartialArchive(file, archiveHead(input))
    w.addArea(0, pixelsOf(input, 0))
    w.addArea(1, pixelsOf(input, 1))
    const record = w.checkpoint()
    w.close()
    const code = async (p: Promise<unknown>): Promise<string | undefined> => await p.then(() => undefined, (e: unknown) => (e as ArchiveError).code)
    // A process stopped after writing area 2 but before recording it: the file holds more than the record.
    expect(await code(resumePartialArchive(file, archiveHead(input), { areas: [0], pixels: pixelsOf(input, 0).length, histogramRows: 16 }))).toBe('ERR_ARCHIVE_RESUME')
    expect(await code(resumePartialArchive(file, archiveHead(other), { areas: [0, 1], ...record }))).toBe('ERR_ARCHIVE_RESUME')
    expect(await code(resumePartialArchive(join(dir, 'missing.partial'), archiveHead(input), { areas: [0, 1], ...record }))).toBe('ERR_ARCHIVE_RESUME')
    writeFileSync(join(dir, 'damaged.partial'), 'not an HDF5 file')
    expect(await code(resumePartialArchive(join(dir, 'damaged.partial'), archiveHead(input), { areas: [0, 1], ...record }))).toBe('ERR_ARCHIVE_RESUME')
    // As recorded, it resumes.
    const again = await resumePartialArchive(file, archiveHead(input), { areas: [0, 1], ...record })
    expect(again.areas).toBe(2)
    again.discard()
    expect(existsSync(file)).toBe(false)
  })

  it('refuses an unknown area, an area twice and a pixel of another area, writing nothing of it', async () => {
    const input = areasOfTwoColumns(syntheticInput({ width: 4, height: 7 }))
    const dir = tempDir()
    const w = await createPartialArchive(partialPath(join(dir, 'g.h5')), archiveHead(input))
    const code = (f: () => void): string | undefined => { try { f(); return undefined } catch (e) { return (e as ArchiveError).code } }
    expect(code(() => { w.addArea(99, []) })).toBe('ERR_ARCHIVE_INPUT')
    w.addArea(0, pixelsOf(input, 0))
    expect(code(() => { w.addArea(0, pixelsOf(input, 0)) })).toBe('ERR_ARCHIVE_INPUT')
    expect(code(() => { w.addArea(1, pixelsOf(input, 0)) })).toBe('ERR_ARCHIVE_INPUT')
    expect(w.areas).toBe(1)
    expect(w.checkpoint().pixels).toBe(pixelsOf(input, 0).length)
    w.discard()
  })

  it('bands the cubes by the areas strips when they are aligned, else by 64 rows', () => {
    const strip = (y0: number, y1: number, index = 0): { index: number, x0: number, x1: number, y0: number, y1: number, viablePixels: number } => ({ index, x0: 0, x1: 4, y0, y1, viablePixels: 1 })
    expect(stripRows([strip(0, 7), strip(7, 14, 1), strip(14, 16, 2)])).toBe(7)
    expect(stripRows([strip(0, 7), strip(5, 12, 1)])).toBe(64)
    expect(stripRows([])).toBe(64)
  })
})
