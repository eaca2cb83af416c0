// A double's two 32-bit halves, as fdlibm reads and writes them (high word: sign, exponent, top 20 bits of the
// fraction). One shared scratch view: these functions run synchronously, so no two uses overlap.
const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
// Typed arrays use the platform's byte order; every platform a browser or Node runs on today is little-endian,
// but the order is read, not assumed.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const LO = 1 - HI

/** The high word, as a signed 32-bit integer (the sign bit makes it negative). */
export function highWord (x: number): number {
  f64[0] = x
  return u32[HI] | 0
}

/** The low word, unsigned. */
export function lowWord (x: number): number {
  f64[0] = x
  return u32[LO]
}

/** The double with these halves. */
export function fromWords (hi: number, lo: number): number {
  u32[HI] = hi >>> 0
  u32[LO] = lo >>> 0
  return f64[0]
}

/** `x` with its high word replaced. */
export function withHighWord (x: number, hi: number): number {
  f64[0] = x
  u32[HI] = hi >>> 0
  return f64[0]
}

/** `x` with its low word replaced. */
export function withLowWord (x: number, lo: number): number {
  f64[0] = x
  u32[LO] = lo >>> 0
  return f64[0]
}
