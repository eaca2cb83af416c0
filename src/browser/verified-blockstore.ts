// The browser volunteer's blockstore: IndexedDB, so libraries fetched once stay across visits, with every block
// checked against its CID when it is found there. A block damaged in storage (a browser or extension bug, a user's
// tampering) then counts as missing: it is deleted and Helia fetches it again from the network (Helia checks the
// hash of network blocks, not of local ones). Counts what came from the network, for the page and the tests.
import { IDBBlockstore } from 'blockstore-idb'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import { sha256 } from '../platform/sha256.js'
import { bytesEqual } from '../util/bytes-equal.js'

/** Multihash codes of the hashes checked (pogs content is CIDv1 sha2-256; identity CIDs embed their bytes). */
const SHA2_256 = 0x12
const IDENTITY = 0x00

export class VerifiedBlockstore extends IDBBlockstore {
  /** Blocks written since the page loaded: fetched from the network or added here. */
  written = 0
  /** Blocks found damaged and deleted since the page loaded. */
  corrupt = 0

  override async has (cid: CID, options?: AbortOptions): Promise<boolean> {
    if (!await super.has(cid, options)) return false
    const parts: Uint8Array[] = []
    for await (const part of super.get(cid, options)) parts.push(part)
    if (matches(cid, parts)) return true
    this.corrupt++
    await super.delete(cid, options)
    return false
  }

  override async put (cid: CID, bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options?: AbortOptions): Promise<CID> {
    this.written++
    return await super.put(cid, bytes, options)
  }
}

/** Whether the bytes hash to the CID's multihash (other hash functions are not checked: pogs writes none). */
function matches (cid: CID, parts: Uint8Array[]): boolean {
  const total = parts.reduce((n, p) => n + p.length, 0)
  const bytes = parts.length === 1 ? parts[0] : new Uint8Array(total)
  if (parts.length !== 1) {
    let at = 0
    for (const p of parts) { bytes.set(p, at); at += p.length }
  }
  const { code, digest } = cid.multihash
  if (code === IDENTITY) return bytesEqual(digest, bytes)
  if (code !== SHA2_256) return true
  return bytesEqual(digest, sha256(bytes))
}
