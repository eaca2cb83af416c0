// Ringers checked on receipt (docs/work-lifecycle.md#ringers): each known-answer pixel of a unit is compared with
// the result's answer at its payload position before the result is recorded. Equal values digests (SHA-256 of the
// fit's canonical bytes after its name, which carries the per-unit label) pass at once; otherwise the values are
// compared with the verifiers' tolerance (src/work/compare.ts), since another platform's libm may differ in the last
// bits, and a difference beyond it is WrongRingerError: proven wrong content, its key is banned. Only a unit with
// ringers costs anything here: the result's bytes are read again (an inline result from its envelope) and the
// ringers' fits hashed, no other pixel.
import { decodePixelFit } from '../../fit/index.js'
import { fitDifference } from '../../work/compare.js'
import { fitValuesDigest } from '../../work/pixel-fit-bytes.js'
import { fitBytesAt, type ResultShape } from '../../work/unit-result.js'
import type { RingerAnswer } from '../lifecycle/index.js'
import { WrongRingerError } from './errors.js'

/**
 * Throws WrongRingerError unless the result answers every ringer as known. `bytes` gives the result's bytes (the
 * ones `shape` was decoded from). A ringer known from another fitting core than the result's is not compared: a new
 * core may change values beyond the tolerance on purpose.
 */
export function checkRingers (ringers: readonly RingerAnswer[], shape: ResultShape, coreVersion: number, bytes: () => Uint8Array | undefined): void {
  let result: Uint8Array | undefined
  for (const r of ringers) {
    if (r.coreVersion !== null && r.coreVersion !== coreVersion) continue
    if (shape.pixels[r.position]?.fit === undefined) throw new WrongRingerError(`payload position ${r.position}: a known pixel answered as unfitted`)
    result ??= bytes()
    const fit = result === undefined ? undefined : fitBytesAt(result, shape, r.position)
    if (fit === undefined) throw new WrongRingerError(`payload position ${r.position}: the fit cannot be read to compare with the known answer`)
    if (Buffer.from(fitValuesDigest(fit)).equals(r.digest)) continue
    const d = fitDifference(decodePixelFit(fit), decodePixelFit(r.fit))
    if (d !== undefined) throw new WrongRingerError(`payload position ${r.position}: ${d}`)
  }
}
