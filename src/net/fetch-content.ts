// Reading content by CID into memory, bounded: what a peer fetches to decode (unit payloads, results), as opposed
// to files streamed to disk (content.ts: writeToFile). The bound is the caller's (src/work/limits.ts); this module
// only refuses what exceeds it, with its own errors, which each caller maps to its domain's outcome in one place.
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'
import { fetchAndPin, provideInBackground, UNANNOUNCED, type ContentHelia } from './content.js'
import { ContentError, ContentTooLargeError } from './errors.js'

/** Options of fetchBytes. */
export interface FetchBytesOptions {
  signal?: AbortSignal
  /** false keeps the content off the DHT and out of reprovide passes (unit payloads and results). */
  provide?: boolean
  /** false only reads: nothing is pinned or announced (a one-off reader, e.g. `pogs archive list`). */
  pin?: boolean
}

/**
 * Fetches UnixFS content, refusing more than `maxBytes`, then pins it and returns its bytes. The content is read
 * (bounded) before it is pinned: pinning first would fetch the whole DAG, however large, before its size is known.
 *
 * Throws ContentTooLargeError past `maxBytes` (nothing is pinned), ContentError when the content cannot be fetched
 * or pinned (no holder answered, the signal aborted, not UnixFS).
 */
export async function fetchBytes (helia: ContentHelia, cid: CID, maxBytes: number, options: FetchBytesOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let total = 0
  try {
    for await (const chunk of unixfs(helia as Helia).cat(cid, { signal: options.signal })) {
      total += chunk.length
      if (total > maxBytes) throw new ContentTooLargeError(cid.toString(), maxBytes)
      parts.push(chunk)
    }
  } catch (err) {
    if (err instanceof ContentTooLargeError) throw err
    throw new ContentError(`cannot fetch ${cid.toString()}`, { cause: err })
  }
  if (options.pin === false) return Buffer.concat(parts)
  // Every block is held now: pin (sticky) and announce. Not fetchAndPin, which would look for a swarm to join.
  try {
    if (!await helia.pins.isPinned(cid, options)) {
      const add = { signal: options.signal, ...(options.provide === false ? { metadata: UNANNOUNCED } : {}) }
      for await (const _ of helia.pins.add(cid, add)) { /* local blocks */ }
    }
  } catch (err) {
    throw new ContentError(`cannot pin ${cid.toString()}`, { cause: err })
  }
  // Unit payloads and results are not announced (see addBytes): only connected peers fetch them.
  if (options.provide !== false) provideInBackground(helia, cid)
  return Buffer.concat(parts)
}

/**
 * Like fetchBytes, but fetched as a swarm member (content.ts: fetchAndPin): from every holder found on the DHT, many
 * blocks at once, announcing it unless `provide` is false. For large content that many peers fetch together (a
 * browser page's libraries). The size is read from the root block first, so more than `maxBytes` is refused before
 * anything else is fetched.
 *
 * Throws ContentTooLargeError past `maxBytes`, ContentError when the content cannot be fetched or is not UnixFS.
 */
export async function fetchBytesWithSwarm (helia: ContentHelia, cid: CID, maxBytes: number, options: { signal?: AbortSignal, provide?: boolean } = {}): Promise<Uint8Array> {
  const fs = unixfs(helia as Helia)
  let size: number
  try {
    size = Number((await fs.stat(cid, { signal: options.signal })).size)
  } catch (err) {
    throw new ContentError(`cannot fetch ${cid.toString()}`, { cause: err })
  }
  if (size > maxBytes) throw new ContentTooLargeError(cid.toString(), maxBytes)
  await fetchAndPin(helia, cid, options)
  // Every block is held now: read them back, still bounded (a DAG whose leaves add up to more than its root said).
  return await fetchBytes(helia, cid, maxBytes, { ...options, pin: false })
}
