// The archive catalogue (protocols/catalogue.md) without a network: it round-trips, opens only when signed by the
// project key and no newer than the manifest naming it, is bounded on both sides, refuses a sequence older than one
// already seen, and suggests close names for an unknown galaxy.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { afterAll, describe, expect, it } from 'vitest'
import * as wire from '../../../protocols/catalogue.js'
import { catalogueEntry, openCatalogue, sealCatalogue, SeenCatalogues } from '../../../src/net/catalogue/index.js'
import { Envelope } from '../../../protocols/envelope.js'
import { decodeCatalogue, encodeCatalogue, MAX_CATALOGUE_ENTRIES, type Catalogue, type CatalogueEntry } from '../../../src/net/messages/index.js'
import { closeNames } from '../../../src/util/close-names.js'
import { cidOf } from './fixtures.js'

const dirs: string[] = []
afterAll(async () => { await Promise.all(dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) })) })

async function entry (galaxy: string, extra: Partial<CatalogueEntry> = {}): Promise<CatalogueEntry> {
  return {
    galaxy, run: '', bands: ['SDSSu', 'PS1g', 'PS1r', 'PS1i'], ra: 50.67, dec: -37.21, redshift: 0.006, width: 64, height: 48, pixels: 209, areas: 14,
    cid: await cidOf(galaxy), sha256: new Uint8Array(randomBytes(32)), size: 18_800_000, createdMs: 1_790_000_000_000, ...extra
  }
}

async function catalogueOf (key: PrivateKey, sequence: number, entries: CatalogueEntry[]): Promise<Catalogue> {
  return { project: peerIdFromPrivateKey(key).toString(), sequence, issuedMs: Date.now(), entries }
}

describe('catalogue codec', () => {
  it('round-trips entries with and without a position', async () => {
    const key = await generateKeyPair('Ed25519')
    const c = await catalogueOf(key, 3, [await entry('NGC 1316'), await entry('UGC 4', { ra: undefined, dec: undefined, run: 'pogs-2027' })])
    const back = decodeCatalogue(encodeCatalogue(c))
    expect(back).toEqual(c)
    expect('ra' in back.entries[1]).toBe(false)
  })

  it('refuses missing, repeated and out-of-range fields with typed errors', async () => {
    const key = await generateKeyPair('Ed25519')
    const good = await entry('NGC 1316')
    const bad = async (entries: CatalogueEntry[], sequence = 1): Promise<unknown> => {
      try {
        decodeCatalogue(encodeCatalogue(await catalogueOf(key, sequence, entries)))
      } catch (err) {
        return (err as { code?: string }).code
      }
      return 'accepted'
    }
    expect(await bad([good], 0)).toBe('ERR_MISSING_FIELD')
    expect(await bad([good, { ...good }])).toBe('ERR_INVALID_FIELD')
    expect(await bad([{ ...good, galaxy: '' }])).toBe('ERR_MISSING_FIELD')
    expect(await bad([{ ...good, ra: 360 }])).toBe('ERR_INVALID_FIELD')
    expect(await bad([{ ...good, dec: -90.5 }])).toBe('ERR_INVALID_FIELD')
    expect(await bad([{ ...good, sha256: randomBytes(31) }])).toBe('ERR_INVALID_FIELD')
    expect(await bad([{ ...good, size: 0 }])).toBe('ERR_MISSING_FIELD')
    expect(await bad([{ ...good, redshift: Number.NaN }])).toBe('ERR_INVALID_FIELD')
  })

  it('is bounded: more entries than the limit are refused when encoding and when decoding', async () => {
    const key = await generateKeyPair('Ed25519')
    const e = await entry('x')
    const tooMany = Array.from({ length: MAX_CATALOGUE_ENTRIES + 1 }, () => e)
    await expect(async () => encodeCatalogue(await catalogueOf(key, 1, tooMany))).rejects.toMatchObject({ code: 'ERR_CATALOGUE_TOO_LARGE' })
    // Built with the generated encoder (ours refuses): the decoder stops at the limit.
    const bytes = wire.Catalogue.encode({
      project: peerIdFromPrivateKey(key).toString(), sequence: 1, issuedMs: 1, entries: Array.from({ length: MAX_CATALOGUE_ENTRIES + 1 }, () => ({ galaxy: 'x', run: '', bands: [], redshift: 0, width: 0, height: 0, pixels: 0, areas: 0, cid: '', sha256: new Uint8Array(0), size: 0, createdMs: 0 }))
    })
    expect(() => decodeCatalogue(bytes)).toThrow(expect.objectContaining({ code: 'ERR_MALFORMED_MESSAGE' }))
  })
})

describe('signed catalogue', () => {
  it('opens when the project key signed it and it is not newer than the manifest naming it', async () => {
    const key = await generateKeyPair('Ed25519')
    const c = await catalogueOf(key, 5, [await entry('NGC 1316')])
    const record = await sealCatalogue(key, c)
    expect(await openCatalogue(record, { project: c.project, sequence: 5 })).toEqual(c)
    expect(await openCatalogue(record, { project: c.project, sequence: 9 })).toEqual(c)
    await expect(openCatalogue(record, { project: c.project, sequence: 4 })).rejects.toMatchObject({ code: 'ERR_INVALID_FIELD' })
    const other = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    await expect(openCatalogue(record, { project: other, sequence: 5 })).rejects.toMatchObject({ code: 'ERR_SIGNER_MISMATCH' })
  })

  it('refuses altered bytes (ERR_INVALID_SIGNATURE) and a catalogue naming a project that did not sign it', async () => {
    const key = await generateKeyPair('Ed25519')
    const c = await catalogueOf(key, 2, [await entry('NGC 1316')])
    const env = Envelope.decode(await sealCatalogue(key, c))
    const altered = encodeCatalogue({ ...c, entries: [{ ...c.entries[0], cid: await cidOf('something else') }] })
    await expect(openCatalogue(Envelope.encode({ ...env, payload: altered as Uint8Array<ArrayBuffer> }))).rejects.toMatchObject({ code: 'ERR_INVALID_SIGNATURE' })
    // Another key signs a catalogue that claims the project.
    const forged = await sealCatalogue(await generateKeyPair('Ed25519'), c)
    await expect(openCatalogue(forged, { project: c.project, sequence: 2 })).rejects.toMatchObject({ code: 'ERR_SIGNER_MISMATCH' })
  })
})

describe('newest catalogue seen', () => {
  it('refuses an older sequence, or the same one with another CID, also after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pogs-cat-'))
    dirs.push(dir)
    const project = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    const [a, b] = [await cidOf('a'), await cidOf('b')]
    await new SeenCatalogues(dir).accept(project, 5, a)
    const seen = new SeenCatalogues(dir)
    await seen.accept(project, 5, a)
    await expect(seen.accept(project, 4, b)).rejects.toMatchObject({ code: 'ERR_STALE_SEQUENCE' })
    await expect(seen.accept(project, 5, b)).rejects.toMatchObject({ code: 'ERR_STALE_SEQUENCE' })
    await seen.accept(project, 6, b)
    expect(await new SeenCatalogues(dir).get(project)).toEqual({ sequence: 6, cid: b.toString() })
  })
})

describe('galaxy names', () => {
  it('finds an entry by its exact name; an unknown one fails listing close names', async () => {
    const key = await generateKeyPair('Ed25519')
    const c = await catalogueOf(key, 1, [await entry('NGC 1316'), await entry('NGC 1365'), await entry('UGC 4')])
    expect(catalogueEntry(c, 'NGC 1365').galaxy).toBe('NGC 1365')
    expect(() => catalogueEntry(c, 'NGC 1317')).toThrow(expect.objectContaining({ code: 'ERR_NOT_IN_CATALOGUE', close: ['NGC 1316', 'NGC 1365'] }))
    expect(closeNames('ngc_1316', ['NGC 1316', 'UGC 4'])).toEqual(['NGC 1316'])
    expect(closeNames('M 31', ['NGC 1316', 'UGC 4'])).toEqual([])
  })
})
