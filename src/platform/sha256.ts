// SHA-256 on Node: node:crypto (native, several times noble's speed on the coordinator's result path).
import { createHash } from 'node:crypto'

/** SHA-256 of `bytes`. */
export function sha256 (bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest())
}
