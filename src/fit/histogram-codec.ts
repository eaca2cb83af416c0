// The compact canonical coding of a fit's 16 high-resolution histograms (docs/fitting.md#result-encoding).
// Probabilities are rounded to integer multiples of 2^-HISTOGRAM_BITS, zero bins at either end are trimmed, and
// each stretch is written as Rice codes of its residuals from a prediction (the mean of the four bins before), one
// Rice parameter per block of 64 bins. Everything is integer arithmetic in a fixed order, so the bytes are the same
// on every machine and in a browser: the digest is taken over them and no general-purpose compressor is involved.
import { ResultDecodeError } from './errors.js'
import { GRIDS } from './grids.js'
import { N_PARAMETERS } from './parameters.js'
import type { SparseHistogram } from './result.js'

/** Histogram probabilities are kept as integer multiples of 2^-HISTOGRAM_BITS (~3.1e-5), rounded to nearest. */
export const HISTOGRAM_BITS = 15
/** The step probabilities are rounded to: the largest error of a stored probability is half of it. */
export const HISTOGRAM_QUANTUM = 2 ** -HISTOGRAM_BITS
const SCALE = 2 ** HISTOGRAM_BITS
const BLOCK = 64
const K_BITS = 5
// A residual of two values in 0..SCALE zigzags to at most 2 SCALE, so k = MAX_K codes any with a 1-bit quotient.
const MAX_K = HISTOGRAM_BITS + 1
const MAX_RESIDUAL = 2 * SCALE

/**
 * Most bytes the coded histograms of any fit take: every bin of every grid present, each coded with the largest
 * Rice parameter (a quotient of at most one bit, its stop bit and MAX_K low bits), plus each block's parameter.
 */
export const MAX_CODED_HISTOGRAM_BYTES = Math.ceil(GRIDS.reduce((bits, g) => bits + Math.ceil(g.nbin / BLOCK) * K_BITS + g.nbin * (MAX_K + 2), 0) / 8)

/** A histogram rounded to the coding's step, zero bins at either end dropped: what decoding its code gives back. */
export function roundHistogram (h: SparseHistogram): SparseHistogram {
  const q = quantise(h)
  const values = new Float64Array(q.counts.length)
  for (let k = 0; k < values.length; k++) values[k] = q.counts[k] / SCALE
  return { first: q.first, values }
}

interface Quantised { first: number, counts: Int32Array }

function quantise (h: SparseHistogram): Quantised {
  const counts = new Int32Array(h.values.length)
  for (let k = 0; k < counts.length; k++) {
    const v = h.values[k]
    const c = Math.round(v * SCALE)
    // Normalised probabilities (a bin holding all of it may come out an ulp above 1, and rounds to 1); anything
    // else is a bug upstream, not something to round.
    if (!(v >= 0 && c <= SCALE)) throw new RangeError(`histogram probability ${v} is not in [0, 1]`)
    counts[k] = c
  }
  let a = 0
  while (a < counts.length && counts[a] === 0) a++
  let b = counts.length
  while (b > a && counts[b - 1] === 0) b--
  return a === b ? { first: 0, counts: new Int32Array(0) } : { first: h.first + a, counts: counts.slice(a, b) }
}

function predict (c: Int32Array, i: number): number {
  if (i >= 4) return (c[i - 1] + c[i - 2] + c[i - 3] + c[i - 4] + 2) >> 2
  return i === 0 ? 0 : c[i - 1]
}

function zigzag (d: number): number { return d >= 0 ? 2 * d : -2 * d - 1 }

/** Bits of a block's residuals `r[0..n)` coded with parameter k. */
function blockBits (r: Int32Array, n: number, k: number): number {
  let bits = n * (1 + k)
  for (let i = 0; i < n; i++) bits += r[i] >>> k
  return bits
}

/**
 * The cheapest parameter for a block, the smallest of equals (the choice is part of the canonical bytes). The
 * cost is convex in k (each step up saves n minus the halved quotients, which only shrink), so a walk from an
 * estimate finds it.
 */
function riceParameter (r: Int32Array, n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += r[i]
  let k = Math.max(0, Math.min(MAX_K, 31 - Math.clz32(Math.floor(sum / n))))
  let cost = blockBits(r, n, k)
  while (k > 0) {
    const down = blockBits(r, n, k - 1)
    if (down > cost) break
    k--
    cost = down
  }
  while (k < MAX_K) {
    const up = blockBits(r, n, k + 1)
    if (up >= cost) break
    k++
    cost = up
  }
  return k
}

function truncated (): ResultDecodeError { return new ResultDecodeError('histogram code truncated') }

/** Where each histogram's stretch lies: what is written before the code. */
export interface StretchHeader { first: number, count: number }

/**
 * Rounds the histograms (roundHistogram) and codes them: their headers and one bit string for all, most significant
 * bit first, zero bits after the last code up to a byte.
 */
export function codeHistograms (histograms: readonly SparseHistogram[]): { headers: StretchHeader[], code: Uint8Array } {
  const stretches = histograms.map((h, p) => {
    // A stretch past its grid could not be decoded (nor archived): a bug upstream.
    if (h.first + h.values.length > GRIDS[p].nbin) throw new RangeError(`histogram ${p} runs past its ${GRIDS[p].nbin} bins`)
    return quantise(h)
  })
  // The cheapest parameter never costs more than the largest, whose bound this is.
  const bound = stretches.reduce((n, q) => n + Math.ceil(q.counts.length / BLOCK) * K_BITS + q.counts.length * (MAX_K + 2), 0)
  const code = new Uint8Array(Math.ceil(bound / 8))
  // The writer's state in locals, as in decodeHistograms.
  let at = 0
  let acc = 0
  let bits = 0
  const r = new Int32Array(BLOCK)
  for (const { counts: c } of stretches) {
    for (let start = 0; start < c.length; start += BLOCK) {
      const n = Math.min(BLOCK, c.length - start)
      for (let i = 0; i < n; i++) r[i] = zigzag(c[start + i] - predict(c, start + i))
      const k = riceParameter(r, n)
      acc = (acc << K_BITS) | k
      bits += K_BITS
      while (bits >= 8) { bits -= 8; code[at++] = acc >>> bits }
      for (let i = 0; i < n; i++) {
        let q = r[i] >>> k
        for (; q > 24; q -= 24) {
          acc = (acc << 24) | 0xffffff
          bits += 24
          while (bits >= 8) { bits -= 8; code[at++] = acc >>> bits }
        }
        // q ones, the quotient's stop bit (0), then the k low bits: at most 24 + 1 + MAX_K bits, written in two.
        acc = (acc << q) | ((1 << q) - 1)
        bits += q
        while (bits >= 8) { bits -= 8; code[at++] = acc >>> bits }
        acc = (acc << (k + 1)) | (r[i] & ((1 << k) - 1))
        bits += k + 1
        while (bits >= 8) { bits -= 8; code[at++] = acc >>> bits }
      }
    }
  }
  if (bits > 0) code[at++] = acc << (8 - bits)
  return { headers: stretches.map((q) => ({ first: q.first, count: q.counts.length })), code: code.slice(0, at) }
}

/**
 * Decodes the bit string `code` (which must end where the codes end, zero bits after them) into the histograms
 * `headers` place; ResultDecodeError on anything malformed. With `canonical`, also on anything codeHistograms
 * would not have written for the values decoded: a zero bin at either end of a stretch, an empty stretch not at
 * bin 0, a block's Rice parameter other than the one it would choose (the codes of a parameter are unique).
 */
export function decodeHistograms (headers: readonly StretchHeader[], code: Uint8Array, canonical = false): SparseHistogram[] {
  if (headers.length !== N_PARAMETERS) throw new ResultDecodeError(`${headers.length} histograms, not ${N_PARAMETERS}`)
  // One loop with the bit reader's state in locals: this runs for every pixel of every result a coordinator checks.
  let at = 0
  let acc = 0
  let bits = 0
  const z = new Int32Array(BLOCK)
  const out: SparseHistogram[] = []
  for (let p = 0; p < N_PARAMETERS; p++) {
    const { first, count } = headers[p]
    if (first + count > GRIDS[p].nbin) throw new ResultDecodeError(`histogram ${p} out of range`)
    const c = new Int32Array(count)
    const values = new Float64Array(count)
    for (let start = 0; start < count; start += BLOCK) {
      const n = Math.min(BLOCK, count - start)
      if (bits < K_BITS) {
        while (bits <= 24 && at < code.length) { acc = (acc << 8) | code[at++]; bits += 8 }
        if (bits < K_BITS) throw truncated()
      }
      bits -= K_BITS
      const k = (acc >>> bits) & ((1 << K_BITS) - 1)
      if (k > MAX_K) throw new ResultDecodeError(`histogram ${p}: Rice parameter ${k} out of range`)
      const maxQuotient = MAX_RESIDUAL >>> k
      for (let i = 0; i < n; i++) {
        let q = 0
        for (;;) {
          if (bits === 0) {
            while (bits <= 24 && at < code.length) { acc = (acc << 8) | code[at++]; bits += 8 }
            if (bits === 0) throw truncated()
          }
          // The unread bits left-aligned, zeros behind them: how many ones lead them.
          const ones = Math.clz32(~(acc << (32 - bits)))
          if (ones < bits) { bits -= ones + 1; q += ones; break }
          q += bits
          bits = 0
          if (q > maxQuotient) throw new ResultDecodeError(`histogram ${p}: code out of range`)
        }
        if (q > maxQuotient) throw new ResultDecodeError(`histogram ${p}: code out of range`)
        if (bits < k) {
          while (bits <= 24 && at < code.length) { acc = (acc << 8) | code[at++]; bits += 8 }
          if (bits < k) throw truncated()
        }
        bits -= k
        const r = q * (1 << k) + ((acc >>> bits) & ((1 << k) - 1))
        z[i] = r
        const j = start + i
        const v = predict(c, j) + ((r & 1) === 0 ? r / 2 : -(r + 1) / 2)
        if (v < 0 || v > SCALE) throw new ResultDecodeError(`histogram ${p}: probability out of range`)
        c[j] = v
        values[j] = v / SCALE
      }
      if (canonical && riceParameter(z, n) !== k) throw new ResultDecodeError(`not canonical: histogram ${p} block ${start / BLOCK} is coded with another Rice parameter than the coder chooses`)
    }
    if (canonical && (count === 0 ? first !== 0 : c[0] === 0 || c[count - 1] === 0)) throw new ResultDecodeError(`not canonical: histogram ${p} is not trimmed`)
    out.push({ first, values })
  }
  const left = bits + 8 * (code.length - at)
  if (left >= 8) throw new ResultDecodeError(`${left >>> 3} trailing byte(s) after the histograms`)
  if ((acc & ((1 << left) - 1)) !== 0) throw new ResultDecodeError('histogram code has non-zero padding')
  return out
}
