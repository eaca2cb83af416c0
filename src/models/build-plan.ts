import { join } from 'node:path'
import type { FilterSpec } from '../fit/filters-file.js'
import { INFRARED_MIN_REST_UM, OPTICAL_MAX_REST_UM, TFORM_MIN_YR, sspFileStem } from './constants.js'
import { filterKernel, type FilterKernel } from './convolution.js'
import { cosmicAgeYr } from './cosmic-age.js'
import type { DustTemplates } from './dust-templates.js'
import { ModelBuildInputError } from './errors.js'
import { findFilterCurve, type FilterCurve } from './filter-curves.js'
import { readIsed } from './ised.js'

/** Everything a build needs, plain data (it is posted to the worker threads). */
export interface BuildPlan {
  dataDir: string
  seed: number
  nOptical: number
  nInfrared: number
  redshifts: number[]
  curves: FilterCurve[]
  /** Per redshift, the filters (indices into curves) with an optical / infrared magnitude column. */
  opticalBands: number[][]
  infraredBands: number[][]
  /** Upper end of the tform prior: the age of the universe at the lowest redshift (yr). */
  tformMax: number
}

/** Options of a build. */
export interface BuildInit {
  dataDir: string
  filters: FilterSpec[]
  redshifts: number[]
  nOptical: number
  nInfrared: number
  seed: number
}

/** Where the BC03 SSPs and DL07 models are inside the data directory. */
export function sspDir (dataDir: string): string {
  return join(dataDir, 'ssp', 'bc03')
}
export function dl07Dir (dataDir: string): string {
  return join(dataDir, 'dust', 'dl07')
}

/** Filters whose magnitudes go in each library at redshift z (get_optic_colors / get_infrared_colors). */
export function bandsAt (filters: ReadonlyArray<{ lambdaEff: number }>, z: number): { optical: number[], infrared: number[] } {
  const optical: number[] = []
  const infrared: number[] = []
  filters.forEach((f, k) => {
    const rest = f.lambdaEff / (1 + z)
    if (rest < OPTICAL_MAX_REST_UM) optical.push(k)
    if (rest > INFRARED_MIN_REST_UM) infrared.push(k)
  })
  return { optical, infrared }
}

/**
 * Checks the inputs and resolves the filter curves: an unknown filter, or one whose curve at some redshift
 * reaches beyond the spectra it must be convolved with, is a typed error here, before any thread starts.
 */
export function planBuild (init: BuildInit, dust: DustTemplates): BuildPlan {
  if (!Number.isInteger(init.seed) || init.seed < 0 || init.seed > 0xffffffff) throw new ModelBuildInputError(`seed ${init.seed} must be an integer in 0..2^32-1`)
  if (init.redshifts.length === 0) throw new ModelBuildInputError('no redshifts')
  for (const z of init.redshifts) {
    if (!(cosmicAgeYr(z) > TFORM_MIN_YR)) throw new ModelBuildInputError(`at z = ${z} the universe is younger than the smallest tform (0.1 Gyr)`)
  }
  const curves = init.filters.map((f) => findFilterCurve(init.dataDir, f))
  const sspGrid = readIsed(join(sspDir(init.dataDir), `${sspFileStem('m62')}.ised.gz`)).wavelengths
  const opticalBands: number[][] = []
  const infraredBands: number[][] = []
  for (const z of init.redshifts) {
    const { optical, infrared } = bandsAt(init.filters, z)
    for (const k of optical) filterKernel(curves[k], sspGrid, z)
    for (const k of infrared) filterKernel(curves[k], dust.wavelengths, z)
    opticalBands.push(optical)
    infraredBands.push(infrared)
  }
  return {
    dataDir: init.dataDir,
    seed: init.seed,
    nOptical: init.nOptical,
    nInfrared: init.nInfrared,
    redshifts: init.redshifts,
    curves,
    opticalBands,
    infraredBands,
    tformMax: cosmicAgeYr(init.redshifts[0])
  }
}

/** Kernels per redshift for the given band lists on one wavelength grid. */
export function kernelsFor (plan: BuildPlan, bands: number[][], grid: Float64Array): FilterKernel[][] {
  return plan.redshifts.map((z, iz) => bands[iz].map((k) => filterKernel(plan.curves[k], grid, z)))
}
