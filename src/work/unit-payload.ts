// A work unit as volunteers receive it (protocols/unit.md): the pixels' photometry over the libraries' bands, the
// redshift and the library pair to fit with. Content-addressed (its CID is the assignment's payload_cid), so
// every replica of a unit fits exactly the same bytes. Wire schema: protocols/unit.proto.
import type { FilterSpec, Observation } from '../fit/index.js'
import * as wire from '../../protocols/unit.js'
import { BadUnitError } from './errors.js'

/** A library file by its manifest name and CID. */
export interface LibraryRef {
  name: string
  cid: string
}

/** One pixel of a unit: position, area, and flux/sigma per filter (Jy; NaN where there is no data). */
export interface UnitPixel {
  x: number
  y: number
  area: number
  flux: Float64Array
  sigma: Float64Array
}

export interface WorkUnit {
  unitId: string
  galaxy: string
  redshift: number
  /** filters.dat rows in the libraries' column order; `fit` false where the galaxy has no layer. */
  filters: FilterSpec[]
  optical: LibraryRef
  infrared: LibraryRef
  pixels: UnitPixel[]
  /** Estimated CPU seconds one pixel's fit takes on one core (the coordinator's cost model, src/fit/cost-model.ts);
   * absent when the payload states none. What a verifier's recomputation may take derives from it. */
  estimatedPixelSeconds?: number
}

/** Upper bounds a decoder enforces (a payload is content from the network). */
const MAX_FILTERS = 64
const MAX_PIXELS = 100_000
const MAX_NAME = 256

export function encodeWorkUnit (u: WorkUnit): Uint8Array {
  return wire.WorkUnit.encode({
    unitId: u.unitId,
    galaxy: u.galaxy,
    redshift: u.redshift,
    filters: u.filters.map((f) => ({ name: f.name, lambdaEff: f.lambdaEff, id: f.id, fit: f.fit })),
    optical: u.optical,
    infrared: u.infrared,
    pixels: u.pixels.map((p) => ({ x: p.x, y: p.y, area: p.area, flux: [...p.flux], sigma: [...p.sigma] })),
    // 0 is proto3's "not stated" (and is not written).
    estimatedCpuSPerPixel: u.estimatedPixelSeconds ?? 0
  })
}

/** Decodes and checks a payload; anything malformed is BadUnitError. */
export function decodeWorkUnit (bytes: Uint8Array): WorkUnit {
  let w: wire.WorkUnit
  try {
    w = wire.WorkUnit.decode(bytes, { limits: { filters: MAX_FILTERS, pixels: MAX_PIXELS } })
  } catch (err) {
    throw new BadUnitError('work unit does not decode', { cause: err })
  }
  const name = (field: string, v: string): string => {
    if (v === '' || v.length > MAX_NAME) throw new BadUnitError(`work unit: ${field} missing or too long`)
    return v
  }
  if (!Number.isFinite(w.redshift) || w.redshift < 0) throw new BadUnitError(`work unit: redshift ${w.redshift} is not a redshift`)
  if (w.filters.length === 0) throw new BadUnitError('work unit: no filters')
  if (w.pixels.length === 0) throw new BadUnitError('work unit: no pixels')
  // Bounded where it is used (a verifier caps the recomputation timeout it derives); here it must only be a time.
  if (!Number.isFinite(w.estimatedCpuSPerPixel) || w.estimatedCpuSPerPixel < 0) throw new BadUnitError(`work unit: estimated seconds per pixel ${w.estimatedCpuSPerPixel} is not a duration`)
  const library = (field: string, l: wire.LibraryRef | undefined): LibraryRef => {
    if (l === undefined) throw new BadUnitError(`work unit: ${field} library missing`)
    const n = name(`${field}.name`, l.name)
    if (n.includes('/') || n.includes('\\') || n.startsWith('.')) throw new BadUnitError(`work unit: ${field} library name must be a plain file name`)
    return { name: n, cid: name(`${field}.cid`, l.cid) }
  }
  const filters = w.filters.map((f): FilterSpec => {
    if (!Number.isFinite(f.lambdaEff) || f.lambdaEff <= 0) throw new BadUnitError(`work unit: filter ${f.name} has no wavelength`)
    return { name: name('filter name', f.name), lambdaEff: f.lambdaEff, id: f.id, fit: f.fit }
  })
  const seen = new Set<string>()
  const pixels = w.pixels.map((p): UnitPixel => {
    if (p.flux.length !== filters.length || p.sigma.length !== filters.length) throw new BadUnitError(`work unit: pixel (${p.x}, ${p.y}) has ${p.flux.length} fluxes and ${p.sigma.length} sigmas for ${filters.length} filters`)
    const key = `${p.x},${p.y}`
    if (seen.has(key)) throw new BadUnitError(`work unit: pixel (${key}) listed twice`)
    seen.add(key)
    return { x: p.x, y: p.y, area: p.area, flux: Float64Array.from(p.flux), sigma: Float64Array.from(p.sigma) }
  })
  return {
    unitId: name('unit_id', w.unitId),
    galaxy: name('galaxy', w.galaxy),
    redshift: w.redshift,
    filters,
    optical: library('optical', w.optical),
    infrared: library('infrared', w.infrared),
    pixels,
    ...(w.estimatedCpuSPerPixel > 0 ? { estimatedPixelSeconds: w.estimatedCpuSPerPixel } : {})
  }
}

/** The observation name of a pixel: the same as `pogs galaxy fit` gives it, so network and local fits agree. */
export function pixelName (galaxy: string, x: number, y: number): string {
  return `${galaxy}_${x}_${y}`
}

/** The fitting core's observations of a unit, in the unit's pixel order. */
export function unitObservations (u: WorkUnit): Observation[] {
  return u.pixels.map((p) => ({ name: pixelName(u.galaxy, p.x, p.y), redshift: u.redshift, flux: p.flux, sigma: p.sigma }))
}
