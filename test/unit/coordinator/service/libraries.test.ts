import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectLibraries } from '../../../../src/coordinator/service/libraries.js'
import { estimatePixelSeconds } from '../../../../src/fit/index.js'
import { MAX_UNIT_FILTERS } from '../../../../src/work/limits.js'

// Library facts (digest, model count) read from files streamed from disk, gzipped or not.
let dir: string
const filtersDat = (n: number): string => Array.from({ length: n }, (_, k) => `band${k} ${0.3 + k * 0.1} ${k + 1} 1`).join('\n') + '\n'
// Two header lines, 5 models (one blank line between, none after the last, which has no newline).
const optical = Buffer.from('# h1\n# h2\n1 a\n2 b\n\n3 c\n4 d\n5 e')
// 3 models, a trailing newline; gzipped on disk, in pieces larger than one read chunk to span chunk boundaries.
const infrared = Buffer.from(`# h1\n# h2\n${'x'.repeat(100_000)}\n${'y'.repeat(70_000)}\nz\n`)
const infraredGz = gzipSync(infrared)

async function entry (name: string, bytes: Uint8Array): Promise<{ name: string, cid: CID, size: number }> {
  return { name, cid: CID.createV1(raw.code, await sha256.digest(bytes)), size: bytes.length }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pogs-libraries-'))
  await writeFile(join(dir, 'filters.dat'), filtersDat(4))
  await writeFile(join(dir, 'optical_z0.0100.lbr'), optical)
  await writeFile(join(dir, 'infrared_z0.0100.lbr.gz'), infraredGz)
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('ProjectLibraries', () => {
  it('hashes library files as stored and counts models through gzip, streamed', async () => {
    const libraries = new ProjectLibraries(dir, [await entry('optical_z0.0100.lbr', optical), await entry('infrared_z0.0100.lbr.gz', infraredGz)])
    const pair = libraries.pairFor(0.01)
    expect(await libraries.sha256(pair.files.optical)).toBe(createHash('sha256').update(optical).digest('hex'))
    expect(await libraries.sha256(pair.files.infrared)).toBe(createHash('sha256').update(infraredGz).digest('hex'))
    const catalogue = libraries.catalogueFor(['band0', 'band1'])
    expect(await libraries.secondsPerPixel(0.01, catalogue)).toBe(estimatePixelSeconds({ opticalModels: 5, infraredModels: 3, bands: 2, seesDust: false }))
  })

  it('refuses a filters.dat with more filters than a work unit holds', async () => {
    const big = await mkdtemp(join(tmpdir(), 'pogs-libraries-'))
    try {
      await writeFile(join(big, 'filters.dat'), filtersDat(MAX_UNIT_FILTERS + 1))
      const libraries = new ProjectLibraries(big, [])
      expect(libraries.catalogue).toBeUndefined()
      expect(libraries.catalogueProblem).toMatch(/at most 64/)
    } finally {
      await rm(big, { recursive: true, force: true })
    }
  })
})
