// Bad input and failed writes: typed errors, no temporary file left behind, an earlier archive untouched.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GalaxyArchiveInput } from '../../../src/archive/archive-input.js'
import { ArchiveError } from '../../../src/archive/errors.js'
import { loadH5 } from '../../../src/archive/h5.js'
import { openArchive } from '../../../src/archive/read-archive.js'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { tempDir } from '../../helpers/reference-data.js'
import { syntheticInput } from './synthetic-input.js'

let input: GalaxyArchiveInput
let dir: string
let path: string

beforeAll(async () => {
  input = syntheticInput({ width: 8, height: 8 })
  dir = tempDir()
  path = join(dir, 'galaxy.h5')
  await writeArchive(path, input)
})

async function codeOf (p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(ArchiveError)
  return (err as ArchiveError).code
}

describe('archive errors and atomicity', () => {
  it('refuses inconsistent input before writing, leaving the earlier archive and no temporary file', async () => {
    const before = readFileSync(path)
    const first = input.pixels[0]
    const bad: Array<Partial<GalaxyArchiveInput>> = [
      { pixels: [...input.pixels, { ...first, x: 99 }] },
      { pixels: [...input.pixels, first] },
      { pixels: [{ ...first, area: 42 }] },
      { pixels: [{ ...first, fit: { ...first.fit, bestFitFlux: new Float64Array(2) } }] },
      { pixels: [{ ...first, fit: { ...first.fit, summary: new Float64Array(3) } }] },
      { width: 0 },
      { redshift: -1 },
      { provenance: [{ ...input.provenance[0], area: 7 }] }
    ]
    for (const b of bad) expect(await codeOf(writeArchive(path, { ...input, ...b }))).toBe('ERR_ARCHIVE_INPUT')
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(dir)).toEqual(['galaxy.h5'])
  })

  it('refuses a directory that does not exist or is a file with ERR_ARCHIVE_WRITE', async () => {
    expect(await codeOf(writeArchive(join(dir, 'missing', 'g.h5'), input))).toBe('ERR_ARCHIVE_WRITE')
    const file = join(tempDir(), 'plain')
    writeFileSync(file, 'x')
    expect(await codeOf(writeArchive(join(file, 'g.h5'), input))).toBe('ERR_ARCHIVE_WRITE')
  })

  it('a failure in the middle of writing removes the temporary file and keeps the earlier archive', async () => {
    const before = readFileSync(path)
    // A value that passes the input checks but cannot be written: an attribute of a type h5wasm refuses.
    const broken = { ...input, run: { ...input.run, software: Symbol('no') as unknown as string } }
    expect(await codeOf(writeArchive(path, broken))).toBe('ERR_ARCHIVE_WRITE')
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(dir)).toEqual(['galaxy.h5'])
  })

  it('replaces an earlier archive when the write succeeds', async () => {
    const p = join(tempDir(), 'g.h5')
    await writeArchive(p, input)
    await writeArchive(p, { ...input, name: 'renamed' })
    const a = await openArchive(p)
    expect(a.facts.name).toBe('renamed')
    a.close()
  })

  it('refuses files that are not pogs archives with ERR_NOT_ARCHIVE', async () => {
    const d = tempDir()
    const text = join(d, 'text.h5')
    writeFileSync(text, 'not HDF5 at all\n')
    const truncated = join(d, 'truncated.h5')
    writeFileSync(truncated, readFileSync(path).subarray(0, 4096))
    const other = join(d, 'other.h5')
    const h5 = await loadH5()
    const f = new h5.File(other, 'w')
    f.create_dataset({ name: 'x', data: new Float64Array([1, 2]) })
    f.close()
    for (const p of [text, other, join(d, 'absent.h5')]) expect(await codeOf(openArchive(p))).toBe('ERR_NOT_ARCHIVE')
    // A truncated archive may still open (HDF5 reads its superblock) but must not yield an archive silently.
    const t = await openArchive(truncated).then((a) => { a.close(); return 'opened' }, (e: unknown) => (e as ArchiveError).code)
    expect(t).toBe('ERR_NOT_ARCHIVE')
  })
})
