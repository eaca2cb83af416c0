// The canonical binary encoding of a PixelFit (docs/fitting.md#result-encoding): little-endian, fixed field order,
// NaN written as one bit pattern, the histograms rounded and coded by histogram-codec.ts; two volunteers who
// computed the same pixel produce the same bytes and the same SHA-256, and the bytes are what travels and is kept.
import { ResultDecodeError } from './errors.js'
import { codeHistograms, decodeHistograms, MAX_CODED_HISTOGRAM_BYTES, roundHistogram, type StretchHeader } from './histogram-codec.js'
import { N_PARAMETERS, N_VALUES } from './parameters.js'
import type { PixelFit, SparseHistogram } from './result.js'
import { sha256 } from '../platform/sha256.js'

const MAGIC = 0x54464750 // 'PGFT'
/** Version of the encoding; decoders refuse others (version 1, float64 histograms, is still read back from stores). */
export const ENCODING_VERSION = 2
const V1 = 1
const MAX_NAME_BYTES = 1024
const MAX_FILTERS = 64
const V1_MAX_BINS = 4096
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Most bytes encodePixelFit writes for any fit: the fixed fields (55 bytes), the longest name, three float64 per
 * filter for the most filters, the float64 summary, a (first, count) pair of u16 per histogram and the coded
 * histograms' bound (every bin of every grid at the widest code).
 */
export const MAX_PIXEL_FIT_BYTES = 55 + MAX_NAME_BYTES + MAX_FILTERS * 3 * 8 + N_PARAMETERS * N_VALUES * 8 + N_PARAMETERS * 4 + MAX_CODED_HISTOGRAM_BYTES

class Writer {
  private buf = new Uint8Array(4096)
  private view = new DataView(this.buf.buffer)
  private at = 0

  private room (n: number): void {
    if (this.at + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n))
    next.set(this.buf)
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  u8 (v: number): void { this.room(1); this.view.setUint8(this.at, v); this.at += 1 }
  u16 (v: number): void { this.room(2); this.view.setUint16(this.at, v, true); this.at += 2 }
  u32 (v: number): void { this.room(4); this.view.setUint32(this.at, v, true); this.at += 4 }
  i32 (v: number): void { this.room(4); this.view.setInt32(this.at, v, true); this.at += 4 }
  f64 (v: number): void {
    this.room(8)
    if (Number.isNaN(v)) { this.view.setUint32(this.at, 0, true); this.view.setUint32(this.at + 4, 0x7ff80000, true) } else this.view.setFloat64(this.at, v, true)
    this.at += 8
  }

  bytes (b: Uint8Array): void { this.room(b.length); this.buf.set(b, this.at); this.at += b.length }
  done (): Uint8Array { return this.buf.slice(0, this.at) }
}

/** The one NaN the encoding writes, as its two little-endian 32-bit words (low, high). */
const CANONICAL_NAN_LOW = 0
const CANONICAL_NAN_HIGH = 0x7ff80000

class Reader {
  private readonly view: DataView
  private at = 0
  /** `canonical`: refuse what the Writer would not have written (another NaN bit pattern). */
  constructor (private readonly buf: Uint8Array, private readonly canonical = false) { this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength) }
  private need (n: number): void { if (this.at + n > this.buf.length) throw new ResultDecodeError(`truncated at byte ${this.at} (need ${n} more)`) }
  u8 (): number { this.need(1); return this.view.getUint8(this.at++) }
  u16 (): number { this.need(2); const v = this.view.getUint16(this.at, true); this.at += 2; return v }
  u32 (): number { this.need(4); const v = this.view.getUint32(this.at, true); this.at += 4; return v }
  i32 (): number { this.need(4); const v = this.view.getInt32(this.at, true); this.at += 4; return v }
  f64 (): number {
    this.need(8)
    const v = this.view.getFloat64(this.at, true)
    if (this.canonical && Number.isNaN(v) && (this.view.getUint32(this.at, true) !== CANONICAL_NAN_LOW || this.view.getUint32(this.at + 4, true) !== CANONICAL_NAN_HIGH)) {
      throw new ResultDecodeError(`not canonical: a NaN at byte ${this.at} has another bit pattern than the encoding writes`)
    }
    this.at += 8
    return v
  }
  bytes (n: number): Uint8Array { this.need(n); const b = this.buf.subarray(this.at, this.at + n); this.at += n; return b }
  rest (): Uint8Array { return this.bytes(this.buf.length - this.at) }
  end (): void { if (this.at !== this.buf.length) throw new ResultDecodeError(`${this.buf.length - this.at} trailing byte(s)`) }
}

function f64s (w: Writer, a: Float64Array): void { for (const v of a) w.f64(v) }
function readF64s (r: Reader, n: number): Float64Array { const a = new Float64Array(n); for (let k = 0; k < n; k++) a[k] = r.f64(); return a }

/** Encodes a PixelFit canonically (its histograms rounded as canonicalPixelFit rounds them). */
export function encodePixelFit (fit: PixelFit): Uint8Array {
  const w = new Writer()
  w.u32(MAGIC)
  w.u8(ENCODING_VERSION)
  const name = new TextEncoder().encode(fit.name)
  if (name.length > MAX_NAME_BYTES) throw new ResultDecodeError(`pixel name longer than ${MAX_NAME_BYTES} bytes`)
  w.u16(name.length)
  w.bytes(name)
  w.f64(fit.redshift)
  w.f64(fit.libraryRedshift)
  w.u32(fit.bestOptical)
  w.i32(fit.bestOpticalIndex)
  w.u32(fit.bestInfrared)
  w.f64(fit.chi2)
  w.f64(fit.scale)
  w.u16(fit.observedFlux.length)
  f64s(w, fit.observedFlux)
  f64s(w, fit.observedSigma)
  f64s(w, fit.bestFitFlux)
  w.u16(fit.usedBands)
  f64s(w, fit.summary)
  const { headers, code } = codeHistograms(fit.histograms)
  for (const h of headers) { w.u16(h.first); w.u16(h.count) }
  w.bytes(code)
  return w.done()
}

/**
 * The fit as its encoding decodes: histograms rounded to multiples of 2^-HISTOGRAM_BITS, zero bins at either end
 * dropped; every other field as it is. What a result carries, so what `pogs galaxy fit` archives too.
 */
export function canonicalPixelFit (fit: PixelFit): PixelFit {
  return { ...fit, histograms: fit.histograms.map(roundHistogram) as PixelFit['histograms'] }
}

/**
 * Decodes a PixelFit, validating every length; throws ResultDecodeError on anything malformed. With `canonical`,
 * also on bytes that encodePixelFit would not have written for the fit they decode to: another version, a NaN's
 * bit pattern, a byte-order mark before the name, or histograms coded otherwise than the coder does
 * (decodeHistograms). The layout is otherwise fixed, so this costs a fraction of encoding the fit again and comparing.
 */
export function decodePixelFit (bytes: Uint8Array, options: { canonical?: boolean } = {}): PixelFit {
  const canonical = options.canonical === true
  const r = new Reader(bytes, canonical)
  if (r.u32() !== MAGIC) throw new ResultDecodeError('not a pogs pixel result (bad magic)')
  const version = r.u8()
  if (version !== ENCODING_VERSION && (version !== V1 || canonical)) throw new ResultDecodeError(`unsupported result encoding version ${version}`)
  const nameLength = r.u16()
  if (nameLength > MAX_NAME_BYTES) throw new ResultDecodeError('pixel name too long')
  const nameBytes = r.bytes(nameLength)
  // TextDecoder drops a leading byte-order mark, which TextEncoder does not write back.
  if (canonical && nameBytes[0] === 0xef && nameBytes[1] === 0xbb && nameBytes[2] === 0xbf) throw new ResultDecodeError('not canonical: the pixel name starts with a byte-order mark')
  const name = utf8(nameBytes)
  const redshift = r.f64()
  const libraryRedshift = r.f64()
  const bestOptical = r.u32()
  const bestOpticalIndex = r.i32()
  const bestInfrared = r.u32()
  const chi2 = r.f64()
  const scale = r.f64()
  const nFilters = r.u16()
  if (nFilters > MAX_FILTERS) throw new ResultDecodeError(`too many filters (${nFilters})`)
  const observedFlux = readF64s(r, nFilters)
  const observedSigma = readF64s(r, nFilters)
  const bestFitFlux = readF64s(r, nFilters)
  const usedBands = r.u16()
  const summary = readF64s(r, N_PARAMETERS * N_VALUES)
  const histograms = version === V1 ? readV1Histograms(r) : readHistograms(r, canonical)
  return {
    name, redshift, libraryRedshift, bestOptical, bestOpticalIndex, bestInfrared, chi2, scale,
    observedFlux, observedSigma, bestFitFlux, usedBands, summary, histograms: histograms as PixelFit['histograms']
  }
}

function utf8 (b: Uint8Array): string {
  try {
    return UTF8.decode(b)
  } catch {
    throw new ResultDecodeError('the pixel name is not UTF-8')
  }
}

function readHistograms (r: Reader, canonical: boolean): SparseHistogram[] {
  const headers: StretchHeader[] = []
  for (let p = 0; p < N_PARAMETERS; p++) headers.push({ first: r.u16(), count: r.u16() })
  return decodeHistograms(headers, r.rest(), canonical)
}

// Version 1 (float64 stretches), as coordinators stored it before version 2: read back, never written.
function readV1Histograms (r: Reader): SparseHistogram[] {
  const histograms: SparseHistogram[] = []
  for (let p = 0; p < N_PARAMETERS; p++) {
    const first = r.u32()
    const n = r.u32()
    if (first > V1_MAX_BINS || n > V1_MAX_BINS || first + n > V1_MAX_BINS) throw new ResultDecodeError(`histogram ${p} out of range`)
    histograms.push({ first, values: readF64s(r, n) })
  }
  r.end()
  return histograms
}

/** SHA-256 (hex) of the canonical encoding: replicas of a pixel are compared by it. */
export function digestPixelFit (fit: PixelFit): string {
  return Array.from(sha256(encodePixelFit(fit)), (b) => b.toString(16).padStart(2, '0')).join('')
}
