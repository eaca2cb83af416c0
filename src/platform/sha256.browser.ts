// SHA-256 in the browser: @noble/hashes (synchronous, as the Node version is; WebCrypto's digest is async only).
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

/** SHA-256 of `bytes`. */
export function sha256 (bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes)
}
