// A pixel fit's canonical bytes (src/fit/encoding.ts) without its name. The name is the one part of a pixel's fit
// that differs from unit to unit (it carries the payload's per-unit label, docs/work-lifecycle.md#ringers), so a
// known answer is compared by the SHA-256 of the bytes after it: magic (4 bytes), version (1), name length (u16,
// little-endian), the name, then every value.
import { createHash } from 'node:crypto'

/** Bytes before the name: magic, version and the name's length. */
const NAME_AT = 7

/** The bytes of a canonically encoded pixel fit after its name (a view, not a copy); undefined when too short. */
export function fitValues (fit: Uint8Array): Uint8Array | undefined {
  if (fit.length < NAME_AT) return undefined
  const end = NAME_AT + (fit[5] | (fit[6] << 8))
  return end <= fit.length ? fit.subarray(end) : undefined
}

/** SHA-256 of a canonically encoded pixel fit's bytes after its name: equal for equal fits whatever they are named. */
export function fitValuesDigest (fit: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(fitValues(fit) ?? fit).digest())
}
