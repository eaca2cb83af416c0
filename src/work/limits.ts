// Size limits every role applies to work content, one value each, with its unit and its reason. The coordinator
// bounds what it produces by them (its pixels-per-unit setting, its filter catalogue), volunteers and verifiers
// bound what they fetch by the same values, so a unit a coordinator cut is never too large for its volunteers or
// verifiers, and a result a coordinator accepted is never too large for its verifiers (docs/network.md#size-limits).
//
// Wire limits live with the wire: frame sizes in src/net/constants.ts (MAX_BULK_FRAME_BYTES, 4 MiB;
// MAX_CONTROL_FRAME_BYTES, 64 KiB) and the inline result bound in src/net/messages/result.ts
// (MAX_INLINE_RESULT_BYTES, 200 KiB).
import { MAX_PIXEL_FIT_BYTES } from '../fit/encoding.js'

/** Most pixels in one work unit; a coordinator refuses a larger pixels-per-unit setting. Units are sized to ~10
 * minutes of a core by the cost model (src/fit/cost-model.ts): ~117 pixels on the general path, and this cap on the
 * optical one (1000 pixels at ~0.24 s: ~4 min); more would be more than a laptop closed mid-unit should lose. The
 * payload and result bounds below follow from it. (An area is never split, but areas hold at most 21 pixels.) */
export const MAX_UNIT_PIXELS = 1_000

/** Most filters (bands) in one work unit: the unit decoder's limit (protocols/unit.proto); a coordinator whose
 * filters.dat lists more refuses galaxies rather than cut units nobody can decode. */
export const MAX_UNIT_FILTERS = 64

/** Largest work-unit payload fetched or read back, in bytes, by every role. A unit of MAX_UNIT_PIXELS pixels at
 * MAX_UNIT_FILTERS bands, with every name at the decoder's 256-character limit, encodes to ~1.2 MB (a unit
 * of 150 pixels at 16 bands: ~47 kB), so every unit a coordinator cuts fits with room; more than this is a broken
 * or hostile peer, and we must not buffer it. Also the bulk frame size, so a unit sent inline fits the same bound. */
export const MAX_UNIT_PAYLOAD_BYTES = 4 * 1024 * 1024

/** Most bytes a result's content may have per unit pixel: the largest canonical pixel fit (MAX_PIXEL_FIT_BYTES,
 * ~48 kB: every bin of all 16 histogram grids at the widest Rice code, plus the longest name, 64 filters and the
 * float64 summary) and its protobuf frame (tags and varints of the pixel entry, x, y and the fit's length: at most
 * 20 bytes; an unfitted pixel's reason and message are far shorter than a fit). Real fits are ~8 kB
 * (docs/fitting.md#result-encoding). */
export const MAX_RESULT_BYTES_PER_PIXEL = MAX_PIXEL_FIT_BYTES + 32

/** Bytes a result's content may have beyond its pixels' (its header: unit id, digests of the encoding). */
export const RESULT_BYTES_SLACK = 64 * 1024

/** Most bytes a result's content may have for a unit of `pixels` pixels: refuses anything a real result cannot be
 * without refusing a real one. Coordinator and verifier both bound by it. */
export function maxResultBytes (pixels: number): number {
  return RESULT_BYTES_SLACK + Math.min(pixels, MAX_UNIT_PIXELS) * MAX_RESULT_BYTES_PER_PIXEL
}

/** Largest result's content, in bytes, whatever the unit (where the unit is not at hand: assimilation): the bound
 * of the largest unit a coordinator cuts (~47 MiB; a 150-pixel unit's results are bounded at ~7.1 MiB). */
export const MAX_RESULT_BYTES = maxResultBytes(MAX_UNIT_PIXELS)
