/** `n` cryptographically random bytes (WebCrypto: the same call on Node and in browsers). */
export function randomBytes (n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n))
}
