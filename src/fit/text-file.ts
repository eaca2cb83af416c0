import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

export { parseNumber, tokens } from './text-tokens.js'

/** Reads a text file, gunzipping it when it is gzip-compressed (by magic bytes, not by name). */
export function readTextFile (path: string): string {
  const bytes = readFileSync(path)
  const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
  return (gz ? gunzipSync(bytes) : bytes).toString('latin1')
}
