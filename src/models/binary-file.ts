import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

/** Reads a file's bytes, gunzipping them when they carry the gzip magic (by content, not by name). */
export function readMaybeGzip (path: string): Buffer {
  const bytes = readFileSync(path)
  const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
  return gz ? gunzipSync(bytes) : bytes
}
