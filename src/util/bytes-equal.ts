/** Whether two byte arrays hold the same bytes (any Uint8Array: Node's Buffer.equals refuses none, the browser's
 * Buffer polyfill refuses plain Uint8Arrays). */
export function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
