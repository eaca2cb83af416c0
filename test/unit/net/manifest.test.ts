import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { SignerMismatchError, StaleManifestError, InvalidSignatureError, WrongDomainError } from '../../../src/net/errors.js'
import { sealEnvelope } from '../../../src/net/envelope.js'
import { manifestKey, sealManifest, selectManifestRecord, validateManifestRecord } from '../../../src/net/manifest-record.js'
import { manifestStoreIn } from '../../../src/net/manifest-files.js'
import { MESSAGE_CODECS, type ProjectManifest } from '../../../src/net/messages/index.js'
import { rendezvousCid } from '../../../src/net/rendezvous.js'
import { sampleMessages } from './fixtures.js'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'pogs-manifest-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

async function project (): Promise<{ key: Ed25519PrivateKey, manifest: (seq: number) => Promise<ProjectManifest> }> {
  const key = await generateKeyPair('Ed25519')
  const base = (await sampleMessages()).manifest
  return { key, manifest: async (sequence) => ({ ...base, project: peerIdFromPrivateKey(key).toString(), sequence }) }
}

test('the store accepts increasing sequences and rejects lower or equivocating ones, across restarts', async () => {
  const { key, manifest } = await project()
  const id = peerIdFromPrivateKey(key)
  const store = manifestStoreIn(dir)
  const r2 = await sealManifest(key, await manifest(2))
  expect((await store.accept(r2, id)).sequence).toBe(2)
  expect((await store.accept(r2, id)).sequence).toBe(2) // the same record again is fine
  await expect(store.accept(await sealManifest(key, await manifest(1)), id)).rejects.toBeInstanceOf(StaleManifestError)
  await expect(store.accept(await sealManifest(key, { ...await manifest(2), appVersion: '9.9.9' }), id)).rejects.toBeInstanceOf(StaleManifestError)
  const reopened = manifestStoreIn(dir)
  await expect(reopened.accept(await sealManifest(key, await manifest(1)), id)).rejects.toBeInstanceOf(StaleManifestError)
  expect((await reopened.accept(await sealManifest(key, await manifest(3)), id)).sequence).toBe(3)
  expect((await reopened.get(id.toString()))?.manifest.sequence).toBe(3)
})

test('DHT validator: only the project key may sign its manifest, under its own key', async () => {
  const a = await project()
  const b = await project()
  const idA = peerIdFromPrivateKey(a.key)
  await validateManifestRecord(manifestKey(idA), await sealManifest(a.key, await a.manifest(1)))
  // B signs a manifest naming A's project: the signer is not the project.
  await expect(validateManifestRecord(manifestKey(idA), await sealManifest(b.key, await a.manifest(1)))).rejects.toBeInstanceOf(SignerMismatchError)
  // B's own valid manifest stored under A's key.
  await expect(validateManifestRecord(manifestKey(idA), await sealManifest(b.key, await b.manifest(1)))).rejects.toBeInstanceOf(SignerMismatchError)
  // A's signature over something that is not a manifest.
  const notManifest = await sealEnvelope(a.key, { kind: 'result', payload: MESSAGE_CODECS.result.encode((await sampleMessages()).result) })
  await expect(validateManifestRecord(manifestKey(idA), notManifest)).rejects.toBeInstanceOf(WrongDomainError)
  const forged = await sealManifest(a.key, await a.manifest(1))
  forged[forged.length - 1] ^= 1
  await expect(validateManifestRecord(manifestKey(idA), forged)).rejects.toBeInstanceOf(InvalidSignatureError)
})

test('DHT selector prefers the highest sequence', async () => {
  const a = await project()
  const records = [await sealManifest(a.key, await a.manifest(4)), await sealManifest(a.key, await a.manifest(7)), await sealManifest(a.key, await a.manifest(5))]
  expect(await selectManifestRecord(new Uint8Array(0), records)).toBe(1)
})

test('rendezvous CID: CIDv1 raw of sha-256("pogs/project/" + peer id)', async () => {
  const { createHash } = await import('node:crypto')
  const id = '12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e'
  const cid = await rendezvousCid(id)
  expect(cid.version).toBe(1)
  expect(cid.code).toBe(0x55)
  expect(Buffer.from(cid.multihash.digest).toString('hex')).toBe(createHash('sha256').update('pogs/project/' + id).digest('hex'))
})

test('runs: each names its bands and its files among the libraries; bad names, repeats and unknown files are refused', async () => {
  const base = (await sampleMessages()).manifest
  const codec = MESSAGE_CODECS.manifest
  const run = { name: 'run1', bands: ['SDSSu', 'SDSSg'], files: [base.libraries[0].name] }
  const withRuns = { ...base, runs: [run] }
  expect(codec.decode(codec.encode(withRuns))).toEqual(withRuns)
  // A manifest from before runs decodes without them.
  expect(codec.decode(codec.encode(base)).runs).toBeUndefined()
  for (const runs of [
    [{ ...run, name: '../up' }],
    [run, run],
    [{ ...run, files: ['not-listed.lbr'] }],
    [{ ...run, bands: [''] }]
  ]) {
    expect(() => codec.decode(codec.encode({ ...base, runs }))).toThrow(expect.objectContaining({ code: expect.stringMatching(/^ERR_(INVALID|MISSING)_FIELD$/) }))
  }
})
