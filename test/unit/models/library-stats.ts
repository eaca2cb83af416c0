// Percentiles of the quantities test/reference/models.test.ts compares between a generated library and POGS' real one.
import { readInfraredLibrary, readOpticalLibrary, N_INFRARED_PARAMS, N_OPTICAL_PARAMS } from '../../../src/fit/library.js'

export const PERCENTILES = [2.5, 16, 50, 84, 97.5] as const

/** Percentiles (nearest rank on the sorted values) of a sample. */
export function percentiles (values: ArrayLike<number>): number[] {
  const s = Float64Array.from(values).sort()
  return PERCENTILES.map((p) => s[Math.min(s.length - 1, Math.round(p / 100 * (s.length - 1)))])
}

const OPTICAL = { tform: 0, gamma: 1, Z: 2, tauV: 3, mu: 4, fmu: 21 } as const
const INFRARED = ['fmu_ir', 'xi_C_ism', 'T_W_bc', 'T_C_ism', 'xi_PAH_bc', 'xi_MIR_bc', 'xi_W_bc', 'Mdust'] as const
const COLOURS = ['u-g', 'g-r', 'r-i', 'i-z', 'z-y'] as const

export type Stats = Record<string, number[]>

/**
 * The compared distributions of a library pair whose optical magnitudes are SDSS u, PS1 g r i z y (in that order):
 * tform (Gyr), gamma, Z, tauV, mu, fmu of the optical models, the 8 infrared parameters (log10 Mdust), colours.
 */
export function libraryStats (opticalPath: string, infraredPath: string): Stats {
  const o = readOpticalLibrary(opticalPath)
  const ir = readInfraredLibrary(infraredPath)
  const out: Stats = {}
  for (const [name, c] of Object.entries(OPTICAL)) {
    const v = new Float64Array(o.n)
    for (let i = 0; i < o.n; i++) v[i] = o.params[i * N_OPTICAL_PARAMS + c] / (name === 'tform' ? 1e9 : 1)
    out[name] = percentiles(v)
  }
  INFRARED.forEach((name, c) => {
    const v = new Float64Array(ir.n)
    for (let i = 0; i < ir.n; i++) {
      const x = ir.params[i * N_INFRARED_PARAMS + c]
      v[i] = name === 'Mdust' ? Math.log10(x) : x
    }
    out[name === 'Mdust' ? 'log_Mdust' : name] = percentiles(v)
  })
  COLOURS.forEach((name, c) => {
    const v = new Float64Array(o.n)
    for (let i = 0; i < o.n; i++) v[i] = o.mags[i * o.nMags + c] - o.mags[i * o.nMags + c + 1]
    out[name] = percentiles(v)
  })
  return out
}
