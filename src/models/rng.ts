/**
 * A counter-based random stream per (seed, stream, index): every model draws from its own generator, so a
 * library is the same whatever the number of threads and whichever thread builds which model.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  next: () => number
}

function mix32 (h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Stream ids: one per kind of model, so optical and infrared models of the same index are independent. */
export const STREAM_OPTICAL = 1
export const STREAM_INFRARED = 2

/**
 * The generator of model `index` in `stream` under `seed`: sfc32 (Doty-Humphrey's small fast counting
 * generator, as in PractRand) seeded from murmur3-style hashes of the three integers, warmed up 12 rounds.
 */
export function modelRng (seed: number, stream: number, index: number): Rng {
  const s = mix32(seed >>> 0 ^ 0x9e3779b9)
  let a = mix32(s ^ Math.imul(stream, 0x27d4eb2d))
  let b = mix32(a ^ (index >>> 0))
  let c = mix32(b ^ Math.floor(index / 0x100000000) ^ 0x165667b1)
  let d = 1
  const raw = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let k = 0; k < 12; k++) raw()
  // 53 random bits per draw
  return { next: () => ((raw() >>> 5) * 67108864 + (raw() >>> 6)) / 9007199254740992 }
}
