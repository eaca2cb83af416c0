import { ModelBuildInputError } from './errors.js'

/** Redshifts are rounded to this many decimals, the precision of the library file names (z0.0100). */
const DECIMALS = 4

/**
 * Parses `--redshifts`: a comma-separated list (`0.01,0.02`) or a grid FROM:TO:STEP that includes TO
 * (docs/design.md#library-files). Values are rounded to 4 decimals, sorted and deduplicated; each must be in [0, 10].
 */
export function parseRedshifts (text: string): number[] {
  const round = (v: number): number => Number(v.toFixed(DECIMALS))
  const num = (s: string): number => {
    const v = Number(s)
    if (s.trim() === '' || !Number.isFinite(v)) throw new ModelBuildInputError(`redshift ${JSON.stringify(s)} is not a number`)
    return v
  }
  let zs: number[]
  const grid = text.split(':')
  if (grid.length === 3) {
    const [from, to, step] = grid.map(num)
    if (!(step > 0) || to < from) throw new ModelBuildInputError(`redshift grid ${text}: need FROM <= TO and STEP > 0`)
    const n = Math.floor((to - from) / step + 1e-9)
    if (n > 10_000) throw new ModelBuildInputError(`redshift grid ${text} has more than 10,000 redshifts`)
    zs = Array.from({ length: n + 1 }, (_, k) => round(from + k * step))
  } else if (grid.length === 1) {
    zs = text.split(',').map((s) => round(num(s)))
  } else {
    throw new ModelBuildInputError(`--redshifts ${JSON.stringify(text)}: expected a list (0.01,0.02) or FROM:TO:STEP`)
  }
  for (const z of zs) if (z < 0 || z > 10) throw new ModelBuildInputError(`redshift ${z} is outside [0, 10]`)
  return [...new Set(zs)].sort((a, b) => a - b)
}

/** The redshift as it appears in library file names: 4 decimals (`0.0100`). */
export function redshiftTag (z: number): string {
  return z.toFixed(DECIMALS)
}
