// Stages of byte-stream pipelines (composed with it-pipe): files read and written chunk by chunk, so a library or
// an archive of any size passes through a fixed amount of memory, and several things (size, digest, content) are
// taken from one read.
import { createReadStream, createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'

/** Bytes as they arrive, in chunks. */
export type ByteSource = AsyncIterable<Uint8Array>

/** A file's bytes, chunk by chunk. */
export function fromFile (path: string): ByteSource {
  return createReadStream(path)
}

/** A sink writing every chunk to `path` (created or truncated); resolves once the file is flushed and closed. */
export function toFile (path: string): (source: ByteSource) => Promise<void> {
  return async (source) => { await pipeline(source, createWriteStream(path)) }
}

/** A pass-through that shows each chunk to `see` (a byte count, a hash) on its way. */
export function tap (see: (chunk: Uint8Array) => void): (source: ByteSource) => AsyncGenerator<Uint8Array> {
  return async function * (source) {
    for await (const chunk of source) {
      see(chunk)
      yield chunk
    }
  }
}

/** Decompresses a gzip stream as it flows. Corrupt input, or an error of the source, ends the output with it. */
export function gunzip (source: ByteSource): ByteSource {
  const inflate = createGunzip()
  // pipeline destroys `inflate` with any error, which its reader then sees; the promise only needs handling.
  pipeline(source, inflate).catch(() => {})
  return inflate
}
