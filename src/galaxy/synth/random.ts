// A small seeded generator, so that `pogs galaxy synth --seed S` gives the same galaxy on every machine and Node
// version (Math.random cannot be seeded). mulberry32: 32-bit state, passes the usual statistical batteries well
// enough for noise and placement; Box-Muller turns it into normal deviates.

export interface Random {
  /** Uniform on [0, 1). */
  uniform: () => number
  /** Standard normal deviate. */
  normal: () => number
}

export function seededRandom (seed: number): Random {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  let spare: number | undefined
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare
      spare = undefined
      return s
    }
    let u = 0
    while (u === 0) u = uniform()
    const v = uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
  return { uniform, normal }
}
