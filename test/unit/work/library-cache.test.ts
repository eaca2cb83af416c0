import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addBytes } from '../../../src/net/content.js'
import type { PogsNode } from '../../../src/net/node.js'
import { BadUnitError } from '../../../src/work/errors.js'
import { ensureLibraries, fetchBytes } from '../../../src/work/library-cache.js'
import { TestNetwork } from '../net/helpers.js'

// Two peers on loopback: `holder` adds content, `fetcher` reads it by CID as a volunteer or verifier does.
let net: TestNetwork
let holder: PogsNode
let fetcher: PogsNode

beforeAll(async () => {
  net = new TestNetwork()
  ;[holder, fetcher] = await net.addMany(2)
})
afterAll(async () => { await net.close() })

describe('fetchBytes', () => {
  it('returns the content byte for byte and pins it', async () => {
    const bytes = randomBytes(700_000) // several blocks
    const cid = await addBytes(holder.helia, bytes)
    const got = await fetchBytes(fetcher.helia, cid.toString(), bytes.length, { signal: AbortSignal.timeout(20_000) })
    expect(Buffer.from(got).equals(bytes)).toBe(true)
    expect(await fetcher.helia.pins.isPinned(cid)).toBe(true)
  })

  it('refuses content larger than the bound with BadUnitError, without pinning it', async () => {
    const cid = await addBytes(holder.helia, randomBytes(600_000))
    await expect(fetchBytes(fetcher.helia, cid.toString(), 300_000, { signal: AbortSignal.timeout(20_000) })).rejects.toBeInstanceOf(BadUnitError)
    expect(await fetcher.helia.pins.isPinned(cid)).toBe(false)
  })

  it('refuses a CID that does not parse with BadUnitError', async () => {
    await expect(fetchBytes(fetcher.helia, 'not a cid', 10)).rejects.toMatchObject({ code: 'ERR_BAD_UNIT' })
  })
})

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
})
