// A galaxy reopened by a ban after its histograms left the database is archived again with every kept pixel's
// histograms read back from its previous archive: from the file, else from its content by CID, else not at all.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { unixfs } from '@helia/unixfs'
import { MemoryBlockstore } from 'blockstore-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../../src/archive/archive-input.js'
import { compareArchives } from '../../../../src/archive/compare-archives.js'
import { openArchive } from '../../../../src/archive/read-archive.js'
import { writeArchive } from '../../../../src/archive/write-archive.js'
import { droppedDetailFits, type ArchivedDetailComponents } from '../../../../src/coordinator/service/archived-detail.js'
import { pixelRecord, storedFit } from '../../../../src/coordinator/service/pixel-records.js'
import type { StoredPixel } from '../../../../src/coordinator/lifecycle/index.js'
import { canonicalPixelFit, encodePixelFit } from '../../../../src/fit/index.js'
import type { ContentHelia } from '../../../../src/net/content.js'
import { syntheticInput } from '../../archive/synthetic-input.js'
import { Dirs } from './helpers.js'

const dirs = new Dirs()
let first: GalaxyArchiveInput
let firstPath: string
let dir: string
// Pixels of area 1 were computed again after the ban (histograms stored); the others kept only their summaries.
let stored: StoredPixel[]

function storeOf (a: { cid: string, path: string } | undefined): ArchivedDetailComponents['store'] {
  return { archiveOf: () => a }
}

beforeAll(async () => {
  dir = await dirs.make('pogs-archived-detail-')
  const input = syntheticInput({ width: 9, height: 12 })
  // What a network archive holds: fits as their encoding decodes (histograms rounded, as results carry them).
  first = { ...input, pixels: input.pixels.map((p) => ({ ...p, fit: canonicalPixelFit(p.fit) })) }
  firstPath = join(dir, 'first.h5')
  await writeArchive(firstPath, first)
  stored = first.pixels.map((p) => {
    const r = pixelRecord(p.x, p.y, p.fit)
    return { x: p.x, y: p.y, unitId: `u${p.area}`, summary: Buffer.from(r.summary), histograms: p.area === 1 ? Buffer.from(r.histograms) : null }
  })
})

afterAll(async () => { await dirs.remove() })

describe('dropped detail read back from the previous archive', () => {
  it('gives every kept pixel its full fit from the file, and the rebuilt archive equals the first', async () => {
    const fits = await droppedDetailFits({ store: storeOf({ cid: 'bafy-unused', path: firstPath }) }, 1, stored)
    expect(fits.size).toBe(stored.filter((p) => p.histograms === null).length)
    expect(fits.size).toBeGreaterThan(0)
    for (const p of first.pixels) {
      const fit = fits.get(`${p.x},${p.y}`)
      if (p.area === 1) { expect(fit).toBeUndefined(); continue }
      // Bit for bit the fit the volunteer's result carried: every scalar from the summary, histograms from the archive.
      expect(Buffer.from(encodePixelFit(fit!)).equals(Buffer.from(encodePixelFit(p.fit)))).toBe(true)
    }
    const rebuiltPath = join(dir, 'rebuilt.h5')
    const pixels = first.pixels.map((p, k) => ({ ...p, fit: fits.get(`${p.x},${p.y}`) ?? storedFit(stored[k]) }))
    await writeArchive(rebuiltPath, { ...first, pixels }, { compress: false })
    const a = await openArchive(firstPath)
    const b = await openArchive(rebuiltPath)
    try {
      const cmp = compareArchives(a, b)
      expect(cmp.differences).toEqual([])
      expect(cmp.compared).toBe(first.pixels.length)
    } finally {
      a.close()
      b.close()
    }
  })

  it('reads nothing when no histogram was dropped', async () => {
    const kept = stored.map((p) => ({ ...p, histograms: Buffer.from(pixelRecord(p.x, p.y, storedFit(p)).histograms) }))
    expect((await droppedDetailFits({ store: storeOf(undefined) }, 1, kept)).size).toBe(0)
  })

  it('fetches the previous archive by its CID when the file is gone', async () => {
    const blockstore = new MemoryBlockstore()
    const helia = { blockstore } as unknown as ContentHelia
    const cid = await unixfs({ blockstore } as unknown as Parameters<typeof unixfs>[0]).addBytes(await readFile(firstPath))
    const fits = await droppedDetailFits({ store: storeOf({ cid: cid.toString(), path: join(dir, 'gone.h5') }), helia }, 1, stored)
    const p = first.pixels.find((q) => q.area === 0)!
    expect(Buffer.from(encodePixelFit(fits.get(`${p.x},${p.y}`)!)).equals(Buffer.from(encodePixelFit(p.fit)))).toBe(true)
  })

  it('fails with a typed error when neither the file nor the content can be had', async () => {
    const gone = join(dir, 'gone.h5')
    await expect(droppedDetailFits({ store: storeOf(undefined) }, 1, stored)).rejects.toMatchObject({ code: 'ERR_DETAIL_UNAVAILABLE' })
    await expect(droppedDetailFits({ store: storeOf({ cid: 'bafy-x', path: gone }) }, 1, stored)).rejects.toMatchObject({ code: 'ERR_DETAIL_UNAVAILABLE' })
    const helia = { blockstore: new MemoryBlockstore() } as unknown as ContentHelia
    const missing = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
    await expect(droppedDetailFits({ store: storeOf({ cid: missing, path: gone }), helia }, 1, stored)).rejects.toMatchObject({ code: 'ERR_DETAIL_UNAVAILABLE' })
    // A file that is not the galaxy's archive (a pixel is missing from it) is no better.
    const other = join(dir, 'other.h5')
    await writeArchive(other, { ...first, pixels: first.pixels.slice(1) })
    await expect(droppedDetailFits({ store: storeOf({ cid: 'bafy-x', path: other }) }, 1, stored)).rejects.toMatchObject({ code: 'ERR_DETAIL_UNAVAILABLE' })
  })
})
