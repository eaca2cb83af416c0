// A volunteer's result for one unit: every pixel's fit in the fitting core's canonical encoding (or why it was
// not fitted), in the unit's pixel order. The encoding is deterministic, so two honest volunteers produce the
// same bytes and the same SHA-256 digest; verifiers compare digests first. It is also compact (~8 kB per pixel:
// docs/fitting.md#result-encoding), so the bytes digested are the bytes sent and kept, with no compressor whose
// output could differ between machines. Wire schema: protocols/unit-result.proto.
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as createDigest } from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
// The fit's modules by name, not its index: the browser bundle takes only what a volunteer needs (no fit pool).
import { canonicalPixelFit, decodePixelFit, encodePixelFit } from '../fit/encoding.js'
import type { PixelFit } from '../fit/result.js'
import type { PixelOutcome } from '../fit/worker-protocol.js'
import * as wire from '../../protocols/unit-result.js'
import { BadResultError, ResultMismatchError } from './errors.js'
import { sha256 as sha256Bytes } from '../platform/sha256.js'
import { pixelName, type WorkUnit } from './unit-payload.js'
import { bytesEqual } from '../util/bytes-equal.js'

/** One pixel of a result: its fit, or the reason it was not fitted. */
export type PixelResult =
  | { x: number, y: number, fit: PixelFit }
  | { x: number, y: number, unfitted: { reason: string, message: string } }

export interface UnitResult {
  unitId: string
  pixels: PixelResult[]
}

const MAX_REASON = 64
const MAX_MESSAGE = 512

/** The canonical encoding (the bytes the digest is taken over). */
export function encodeUnitResult (r: UnitResult): Uint8Array {
  return wire.UnitResult.encode({
    unitId: r.unitId,
    pixels: r.pixels.map((p) => 'fit' in p
      ? { x: p.x, y: p.y, fit: encodePixelFit(p.fit) as Uint8Array<ArrayBuffer>, unfittedReason: '', unfittedMessage: '' }
      : { x: p.x, y: p.y, fit: new Uint8Array(0), unfittedReason: p.unfitted.reason, unfittedMessage: p.unfitted.message })
  })
}

/**
 * The bytes a result holding `fits` takes as sent and stored (its encodeUnitResult), e.g. for a benchmark's report
 * of result sizes.
 */
export function encodedResultBytes (fits: readonly PixelFit[], unitId = 'u'): number {
  return encodeUnitResult({ unitId, pixels: fits.map((fit, k) => ({ x: k, y: 0, fit })) }).length
}

/** SHA-256 of bytes: the digest a ResultSubmission carries. */
export function digestOf (bytes: Uint8Array): Uint8Array {
  return sha256Bytes(bytes)
}

/**
 * The CID of a result of at most one UnixFS chunk (every inline result: <= 200 KiB), from its SHA-256 digest:
 * UnixFS with raw leaves stores such content as one raw block, so this is the CID a volunteer's add gave it, and
 * the coordinator names an inline result without adding it to Helia.
 */
export function inlineResultCid (digest: Uint8Array): CID {
  return CID.createV1(raw.code, createDigest(sha256.code, digest))
}

/** Decodes a result; anything malformed (including a pixel fit that does not decode) is BadResultError. */
export function decodeUnitResult (bytes: Uint8Array): UnitResult {
  return decodeWire(bytes, false)
}

/**
 * Decodes a result that must be in the canonical encoding (what encodeUnitResult writes for what it decodes to),
 * so that equal results have equal digests; BadResultError otherwise. Equivalent to decoding, encoding again and
 * comparing the bytes, at a fraction of the cost: the protobuf frame is re-encoded around the pixel fits' bytes,
 * and each fit is checked as it is decoded (its layout is fixed).
 */
export function decodeCanonicalUnitResult (bytes: Uint8Array): UnitResult {
  return decodeWire(bytes, true)
}

/**
 * decodeCanonicalUnitResult and the result's shape, each fit's with where its canonical bytes lie in `bytes`: what
 * a coordinator reads a ringer's answer from (docs/work-lifecycle.md#ringers) without keeping or hashing the fits.
 */
export function decodeCanonicalShape (bytes: Uint8Array): { result: UnitResult, shape: ResultShape } {
  const fits: Uint8Array[] = []
  const result = decodeWire(bytes, true, fits)
  const shape = shapeOf(result)
  shape.pixels.forEach((p, k) => {
    // The decoder's fields are views into `bytes` (protons reads bytes by subarray).
    if (p.fit !== undefined && fits[k].buffer === bytes.buffer) p.fit.at = [fits[k].byteOffset - bytes.byteOffset, fits[k].length]
  })
  return { result, shape }
}

/** The canonical bytes of the fit at `position` of result `bytes` whose shape is `shape` (a view), or undefined. */
export function fitBytesAt (bytes: Uint8Array, shape: ResultShape, position: number): Uint8Array | undefined {
  const at = shape.pixels[position]?.fit?.at
  if (at === undefined || at[0] + at[1] > bytes.length) return undefined
  return bytes.subarray(at[0], at[0] + at[1])
}

function decodeWire (bytes: Uint8Array, canonical: boolean, fits?: Uint8Array[]): UnitResult {
  let w: wire.UnitResult
  try {
    w = wire.UnitResult.decode(bytes)
  } catch (err) {
    throw new BadResultError('unit result does not decode', { cause: err })
  }
  if (w.unitId === '') throw new BadResultError('unit result: unit_id missing')
  if (canonical) {
    // encodeUnitResult writes a fitted pixel without reason or message and an unfitted one's within the bounds
    // decoding truncates to; then the frame (field order, defaults, no unknown fields) must be protons' own.
    const overlong = w.pixels.find((p) => p.fit.length > 0 ? p.unfittedMessage !== '' : p.unfittedReason.length > MAX_REASON || p.unfittedMessage.length > MAX_MESSAGE)
    if (overlong !== undefined) throw new BadResultError(`the result is not in canonical encoding (pixel (${overlong.x}, ${overlong.y}))`)
    if (!bytesEqual(wire.UnitResult.encode(w), bytes)) throw new BadResultError('the result is not in canonical encoding')
  }
  const pixels = w.pixels.map((p): PixelResult => {
    fits?.push(p.fit)
    if (p.fit.length > 0) {
      if (p.unfittedReason !== '') throw new BadResultError(`unit result: pixel (${p.x}, ${p.y}) is both fitted and unfitted`)
      try {
        return { x: p.x, y: p.y, fit: decodePixelFit(p.fit, { canonical }) }
      } catch (err) {
        throw new BadResultError(`unit result: pixel (${p.x}, ${p.y}) fit does not decode`, { cause: err })
      }
    }
    if (p.unfittedReason === '') throw new BadResultError(`unit result: pixel (${p.x}, ${p.y}) has neither a fit nor a reason`)
    return { x: p.x, y: p.y, unfitted: { reason: p.unfittedReason.slice(0, MAX_REASON), message: p.unfittedMessage.slice(0, MAX_MESSAGE) } }
  })
  return { unitId: w.unitId, pixels }
}

/** What checkAnswersUnit looks at in a result: small enough to pass between threads (no histograms). */
export interface ResultShape {
  unitId: string
  /** `at`: where the fit's canonical bytes lie in the result's bytes (offset, length), when decodeCanonicalShape
   * made the shape. */
  pixels: Array<{ x: number, y: number, fit?: { name: string, bands: number, at?: [number, number] } }>
}

/** The shape of a decoded result. */
export function shapeOf (r: UnitResult): ResultShape {
  return { unitId: r.unitId, pixels: r.pixels.map((p) => 'fit' in p ? { x: p.x, y: p.y, fit: { name: p.fit.name, bands: p.fit.observedFlux.length } } : { x: p.x, y: p.y }) }
}

/**
 * What a result is checked against: the unit's id, galaxy name, filter count (rows of its catalogue) and pixels in
 * order. A coordinator builds it from its database (no payload read per result); anyone else from the payload.
 */
export interface UnitOutline {
  unitId: string
  galaxy: string
  filterCount: number
  pixels: ReadonlyArray<{ x: number, y: number }>
}

/** The outline of a decoded unit. */
export function outlineOf (unit: WorkUnit): UnitOutline {
  return { unitId: unit.unitId, galaxy: unit.galaxy, filterCount: unit.filters.length, pixels: unit.pixels.map(({ x, y }) => ({ x, y })) }
}

/**
 * Throws ResultMismatchError unless `r` answers `unit`: the same unit id and exactly the unit's pixels in its
 * order, each fit named as the pixel's observation.
 */
export function checkAnswersUnit (unit: WorkUnit, r: UnitResult): void {
  checkShapeAnswersUnit(outlineOf(unit), shapeOf(r))
}

/** checkAnswersUnit on a result's shape (e.g. one decoded on another thread) and a unit's outline. */
export function checkShapeAnswersUnit (unit: UnitOutline, shape: ResultShape): void {
  if (shape.unitId !== unit.unitId) throw new ResultMismatchError(`result is for unit ${JSON.stringify(shape.unitId)}, not ${JSON.stringify(unit.unitId)}`)
  if (shape.pixels.length !== unit.pixels.length) throw new ResultMismatchError(`result has ${shape.pixels.length} pixels, the unit ${unit.pixels.length}`)
  unit.pixels.forEach((u, k) => {
    const p = shape.pixels[k]
    if (p.x !== u.x || p.y !== u.y) throw new ResultMismatchError(`result pixel ${k} is (${p.x}, ${p.y}), the unit's (${u.x}, ${u.y})`)
    if (p.fit === undefined) return
    if (p.fit.bands !== unit.filterCount) throw new ResultMismatchError(`result pixel (${p.x}, ${p.y}) has ${p.fit.bands} bands, the unit ${unit.filterCount}`)
    if (p.fit.name !== pixelName(unit.galaxy, u.x, u.y)) throw new ResultMismatchError(`result pixel (${p.x}, ${p.y}) is named ${JSON.stringify(p.fit.name.slice(0, 64))}, not as the unit's pixel`)
  })
}

/**
 * A result built from the fit pool's outcomes for `unit` (outcomes in the unit's pixel order). Its fits are
 * canonical (histograms rounded as the encoding rounds them), so it equals what its bytes decode to.
 */
export function resultFromOutcomes (unit: WorkUnit, outcomes: readonly PixelOutcome[]): UnitResult {
  return {
    unitId: unit.unitId,
    pixels: unit.pixels.map(({ x, y }, k): PixelResult => {
      const o = outcomes[k]
      if (o.ok) return { x, y, fit: canonicalPixelFit(o.fit) }
      if ('unfitted' in o) return { x, y, unfitted: { reason: o.unfitted.reason, message: o.unfitted.message } }
      return { x, y, unfitted: { reason: o.error.code, message: o.error.message } }
    })
  }
}
