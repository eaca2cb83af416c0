// Content as files: a file added to Helia streamed from disk, and content streamed to a file. Node only (the
// browser volunteer keeps what it fetches in memory and in IndexedDB: docs/volunteer.md#in-a-browser-tab).
import { createHash } from 'node:crypto'
import { rename } from 'node:fs/promises'
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import { pipe } from 'it-pipe'
import type { CID } from 'multiformats/cid'
import { fromFile, tap, toFile } from '../util/byte-stream.js'
import { pin, provideInBackground, type ContentHelia } from './content.js'
import { ContentError } from './errors.js'

/**
 * Adds a file as UnixFS (CIDv1, raw leaves: the bytes come back exactly as given), pins it and provides it.
 * Returns the root CID, the file's size and its SHA-256, all of the bytes imported (one read of the file, streamed).
 */
export async function addFile (helia: ContentHelia, path: string, options: { signal?: AbortSignal } = {}): Promise<{ cid: CID, size: number, sha256: Uint8Array }> {
  const hash = createHash('sha256')
  let size = 0
  const cid = await pipe(
    fromFile(path),
    tap((chunk) => { size += chunk.length; hash.update(chunk) }),
    async (bytes) => await unixfs(helia as Helia).addByteStream(bytes, { signal: options.signal })
  )
  await pin(helia, cid, options)
  provideInBackground(helia, cid)
  return { cid, size, sha256: new Uint8Array(hash.digest()) }
}

/**
 * Writes pinned (or fetchable) UnixFS content to a file, streamed block by block, atomically (a partial file never
 * appears under `out`). Returns the bytes written.
 */
export async function writeToFile (helia: ContentHelia, cid: CID, out: string, options: { signal?: AbortSignal } = {}): Promise<number> {
  let bytes = 0
  const tmp = `${out}.partial`
  try {
    await pipe(
      unixfs(helia as Helia).cat(cid, { signal: options.signal }),
      tap((chunk) => { bytes += chunk.length }),
      toFile(tmp)
    )
  } catch (err) {
    throw new ContentError(`cannot fetch ${cid.toString()}`, { cause: err })
  }
  await rename(tmp, out)
  return bytes
}
