import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { chooseLibrary, listLibraries, N_PARAMETERS, N_VALUES, readFilters, readLibraryPair, type FilterSpec, type PixelFit } from '../../../src/fit/index.js'
import { cutAreas } from '../../../src/galaxy/areas.js'
import { formatFits, parseFits } from '../../../src/galaxy/fits/index.js'
import { galaxyFromFits, type Galaxy } from '../../../src/galaxy/galaxy-input.js'
import { pixelObservation } from '../../../src/galaxy/pixel-observation.js'
import { synthesizeGalaxy } from '../../../src/galaxy/synth/synthesize.js'
import type { LibraryRef, WorkUnit } from '../../../src/work/unit-payload.js'
import type { UnitResult } from '../../../src/work/unit-result.js'
import { writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'

// Shared by the work and verifier tests: a small synthetic galaxy over cut-down real libraries, and work units cut
// from it the way a coordinator does (every viable pixel of consecutive areas, the catalogue's bands with `fit`
// cleared where the galaxy has no layer, as `pogs galaxy fit` does).

/** A galaxy with the libraries it is fitted with. */
export interface SmallGalaxy {
  /** Directory holding the library pair and filters.dat. */
  libraries: string
  catalogue: FilterSpec[]
  galaxy: Galaxy
}

/** Library names as CoordinatorNetwork lists them (the files of writeSmallLibrariesWithFilters). */
export const OPTICAL_NAME = 'optical_z0.0100.lbr'
export const INFRARED_NAME = 'infrared_z0.0100.lbr'

/**
 * An 8 x 8 synthetic galaxy at z = 0.01 over every `stride`-th model of the real POGS libraries (optical bands
 * only: the fit takes its fast path, ~10 ms a pixel at stride 20).
 */
export function smallGalaxy (stride = 20, seed = 7): SmallGalaxy {
  const libraries = writeSmallLibrariesWithFilters(stride)
  const catalogue = readFilters(join(libraries, 'filters.dat'))
  const libs = readLibraryPair(chooseLibrary(listLibraries(libraries), 0.01))
  const syn = synthesizeGalaxy({ name: 'small spiral', size: 8, redshift: 0.01, seed, ra: 150, dec: 20 }, libs, catalogue)
  return { libraries, catalogue, galaxy: galaxyFromFits(parseFits(formatFits(syn.images)), catalogue) }
}

/** A placeholder CID for library references that are never fetched. */
export const SOME_CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

/**
 * A work unit holding the viable pixels of `g` (all, or those at `from`..`to` in scan order), named `unitId`.
 */
export function unitOf (s: SmallGalaxy, unitId: string, refs: { optical: LibraryRef, infrared: LibraryRef } = {
  optical: { name: OPTICAL_NAME, cid: SOME_CID },
  infrared: { name: INFRARED_NAME, cid: SOME_CID }
}, range: { from?: number, to?: number } = {}): WorkUnit {
  const g = s.galaxy
  const present = new Set(g.filters.map((f) => f.name))
  const filters = s.catalogue.map((f) => ({ ...f, fit: f.fit && present.has(f.name) }))
  const where = cutAreas(g).flatMap((a) => a.pixels.map(([x, y]) => ({ x, y, area: a.index })))
  const pixels = where.slice(range.from ?? 0, range.to).map(({ x, y, area }) => {
    const o = pixelObservation(g, filters, x, y)
    return { x, y, area, flux: o.flux, sigma: o.sigma }
  })
  return { unitId, galaxy: g.name, redshift: g.redshift, filters, ...refs, pixels }
}

/** A hand-made unit of `n` pixels over six bands (the first without data), for codec and comparison tests. */
export function plainUnit (unitId = 'g1-u7', n = 4): WorkUnit {
  const names = ['SDSSu', 'PS1g', 'PS1r', 'PS1i', 'PS1z', 'PS1y']
  const lambdas = [0.3534, 0.481, 0.617, 0.752, 0.866, 0.962]
  return {
    unitId,
    galaxy: 'NGC 1316',
    redshift: 0.0059,
    filters: names.map((name, k) => ({ name, lambdaEff: lambdas[k], id: 229 + k, fit: k > 0 })),
    optical: { name: OPTICAL_NAME, cid: SOME_CID },
    infrared: { name: INFRARED_NAME, cid: SOME_CID },
    pixels: Array.from({ length: n }, (_, k) => ({
      x: 10 + k,
      y: 3,
      area: 2,
      flux: Float64Array.from(names, (_, b) => b === 0 ? Number.NaN : 1e-4 * (b + k)),
      sigma: Float64Array.from(names, (_, b) => b === 0 ? Number.NaN : 1e-5 * (b + k))
    }))
  }
}

/** A plausible PixelFit (not a real fit) with `bands` bands: for codec and comparison tests. */
export function fakeFit (name: string, bands = 6, seed = 1): PixelFit {
  const v = (k: number): number => seed * 1000 + k * 1.25 + 0.5
  const histograms = Array.from({ length: N_PARAMETERS }, (_, p) => ({
    first: 3 * p,
    // Multiples of the encoding's histogram step, so a result round-trips unchanged.
    values: Float64Array.from({ length: 5 }, (_, k) => (k + 1) / 16)
  })) as PixelFit['histograms']
  const summary = Float64Array.from({ length: N_PARAMETERS * N_VALUES }, (_, k) => v(k))
  summary[5] = Number.NaN // percentiles of a parameter with no spread come out NaN in MAGPHYS
  return {
    name,
    redshift: 0.01,
    libraryRedshift: 0.01,
    bestOptical: 12,
    bestOpticalIndex: 1234,
    bestInfrared: 34,
    chi2: 3.5,
    scale: 1.5e9,
    observedFlux: Float64Array.from({ length: bands }, (_, k) => k === 0 ? Number.NaN : 1e-4 * (k + 1)),
    observedSigma: Float64Array.from({ length: bands }, (_, k) => k === 0 ? Number.NaN : 1e-5 * (k + 1)),
    bestFitFlux: Float64Array.from({ length: bands }, (_, k) => 1.1e-4 * (k + 1)),
    usedBands: bands - 1,
    summary,
    histograms
  }
}

/** A result answering `unit` with fake fits, the pixel at index `unfittedAt` (if any) left unfitted. */
export function fakeResult (unit: WorkUnit, unfittedAt?: number): UnitResult {
  return {
    unitId: unit.unitId,
    pixels: unit.pixels.map(({ x, y }, k) => k === unfittedAt
      ? { x, y, unfitted: { reason: 'too-few-bands', message: 'only 2 bands with data' } }
      : { x, y, fit: fakeFit(`${unit.galaxy}_${x}_${y}`, unit.filters.length, k + 1) })
  }
}

/** A deep copy of a result with one pixel fit's values changed by `change` (for tampering and tolerance tests). */
export function alterResult (r: UnitResult, change: (fit: PixelFit, k: number) => void): UnitResult {
  return {
    unitId: r.unitId,
    pixels: r.pixels.map((p, k) => {
      if (!('fit' in p)) return { ...p }
      const fit: PixelFit = {
        ...p.fit,
        observedFlux: p.fit.observedFlux.slice(),
        observedSigma: p.fit.observedSigma.slice(),
        bestFitFlux: p.fit.bestFitFlux.slice(),
        summary: p.fit.summary.slice(),
        histograms: p.fit.histograms.map((h) => ({ first: h.first, values: h.values.slice() })) as PixelFit['histograms']
      }
      change(fit, k)
      return { x: p.x, y: p.y, fit }
    })
  }
}

/** A random mutation of `bytes`: a flipped bit, a truncation, trailing garbage or a replaced byte. */
export function mutate (bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes)
  const at = (): number => Math.floor(Math.random() * out.length)
  const op = Math.floor(Math.random() * 4)
  if (op === 0 && out.length > 0) out[at()] ^= 1 << Math.floor(Math.random() * 8)
  if (op === 1) return out.subarray(0, at())
  if (op === 2) return Buffer.concat([out, randomBytes(1 + Math.floor(Math.random() * 8))])
  if (op === 3 && out.length > 0) out[at()] = Math.floor(Math.random() * 256)
  return out
}

/**
 * Runs `decode` on random and mutated inputs; any throw must be an instance of `errorClass` (never a TypeError,
 * RangeError or another PogsError). Returns how many inputs decoded.
 */
export function fuzzDecoder (valid: Uint8Array, decode: (b: Uint8Array) => unknown, errorClass: abstract new (...args: never[]) => Error, iterations = 1000): number {
  let decoded = 0
  for (let i = 0; i < iterations; i++) {
    const input = i % 2 === 0 ? randomBytes(Math.floor(Math.random() * 300)) : mutate(valid)
    try {
      decode(input)
      decoded++
    } catch (err) {
      if (!(err instanceof errorClass)) throw new Error(`threw ${(err as Error).name} for ${Buffer.from(input).toString('hex')}`, { cause: err })
    }
  }
  return decoded
}
