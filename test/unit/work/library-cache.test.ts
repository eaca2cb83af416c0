import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addBytes } from '../../../src/net/content.js'
import type { PogsNode } from '../../../src/net/node.js'
import { ensureLibraries } from '../../../src/work/library-cache.js'
import { TestNetwork } from '../net/helpers.js'

// Two peers on loopback: `holder` adds libraries, `fetcher` caches them as a volunteer or verifier does.
// (Fetching content into memory, fetchBytes, is tested in test/unit/net/fetch-content.test.ts.)
let net: TestNetwork
let holder: PogsNode
let fetcher: PogsNode

beforeAll(async () => {
  net = new TestNetwork()
  ;[holder, fetcher] = await net.addMany(2)
})
afterAll(async () => { await net.close() })

describe('ensureLibraries', () => {
  it('writes each library under its name, pinned, and fetches only what is missing', async () => {
    const optical = randomBytes(400_000)
    const infrared = randomBytes(1000)
    const refs = [
      { name: 'optical_z0.0100.lbr', cid: (await addBytes(holder.helia, optical)).toString() },
      { name: 'infrared_z0.0100.lbr', cid: (await addBytes(holder.helia, infrared)).toString() }
    ]
    const dir = join(await net.tempDir(), 'libraries')
    const options = { signal: AbortSignal.timeout(20_000) }
    expect(await ensureLibraries(fetcher.helia, dir, refs, options)).toEqual(['optical_z0.0100.lbr', 'infrared_z0.0100.lbr'])
    expect((await readFile(join(dir, 'optical_z0.0100.lbr'))).equals(optical)).toBe(true)
    expect((await readFile(join(dir, 'infrared_z0.0100.lbr'))).equals(infrared)).toBe(true)
    expect(await ensureLibraries(fetcher.helia, dir, refs, options)).toEqual([])
    await rm(join(dir, 'infrared_z0.0100.lbr'))
    expect(await ensureLibraries(fetcher.helia, dir, refs, options)).toEqual(['infrared_z0.0100.lbr'])
  })

  it('refuses a library CID that does not parse with BadUnitError', async () => {
    const dir = join(await net.tempDir(), 'libraries')
    await expect(ensureLibraries(fetcher.helia, dir, [{ name: 'optical_z0.0100.lbr', cid: 'not a cid' }])).rejects.toMatchObject({ code: 'ERR_BAD_UNIT' })
  })
})
