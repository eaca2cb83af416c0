// Archive catalogue at scale (protocols/catalogue.md, docs/archive.md#finding-archives): a catalogue of N entries
// (10,000 and the limit, 100,000) with realistic names, six bands, a position, a CID and a hash each: its bytes,
// the time to encode and sign it (what a coordinator does per catalogue) and to open it (verify and decode: what a
// mirror and `pogs archive list` do). Sizes (env): POGS_BENCH_CATALOGUE_ENTRIES (comma-separated; 10000,100000).
import '../src/util/polyfill.js'
import { createHash } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { create } from 'multiformats/hashes/digest'
import { openCatalogue, sealCatalogue } from '../src/net/catalogue/index.js'
import type { Catalogue, CatalogueEntry } from '../src/net/messages/index.js'

const SIZES = (process.env.POGS_BENCH_CATALOGUE_ENTRIES ?? '10000,100000').split(',').map(Number)
const BANDS = ['GALEXFUV', 'GALEXNUV', 'SDSSu', 'SDSSg', 'SDSSr', 'SDSSi']

function entry (k: number): CatalogueEntry {
  const sha256 = new Uint8Array(createHash('sha256').update(`archive ${k}`).digest())
  return {
    galaxy: `NGC ${1000 + k}`,
    run: '',
    bands: BANDS,
    ra: (k * 0.0137) % 360,
    dec: ((k * 0.0071) % 180) - 90,
    redshift: 0.005 + (k % 100) * 0.0001,
    width: 300,
    height: 280,
    pixels: 40_000 + k % 5_000,
    areas: 2_700,
    // CIDv1 dag-pb as archives have (UnixFS roots); the digest is any 32 bytes.
    cid: CID.createV1(0x70, create(0x12, sha256)),
    sha256,
    size: 30_000_000 + k,
    createdMs: 1_790_000_000_000 + k * 60_000
  }
}

async function time<T> (run: () => Promise<T>): Promise<{ value: T, ms: number }> {
  const t0 = performance.now()
  const value = await run()
  return { value, ms: performance.now() - t0 }
}

const key = await generateKeyPair('Ed25519')
const project = peerIdFromPrivateKey(key).toString()
for (const n of SIZES) {
  const catalogue: Catalogue = { project, sequence: 42, issuedMs: Date.now(), entries: Array.from({ length: n }, (_, k) => entry(k)) }
  // One warm-up round: the first encode and verify compile their code paths.
  await openCatalogue(await sealCatalogue(key, { ...catalogue, entries: catalogue.entries.slice(0, 100) }))
  const sealed = await time(async () => await sealCatalogue(key, catalogue))
  const opened = await time(async () => await openCatalogue(sealed.value, { project, sequence: 42 }))
  if (opened.value.entries.length !== n) throw new Error('catalogue did not round-trip')
  const bytes = sealed.value.length
  process.stdout.write(`catalogue of ${n} entries: ${bytes} bytes (${(bytes / n).toFixed(0)} per entry), encode+sign ${sealed.ms.toFixed(0)} ms, ` +
    `verify+decode ${opened.ms.toFixed(0)} ms\n`)
}
