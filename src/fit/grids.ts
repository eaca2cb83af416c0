// Histogram grids of the 16 parameters exactly as MAGPHYS builds them (fit_sed.f: data statements, GET_HISTGRID,
// DEGRADE_HIST). Limits and steps are single-precision Fortran literals held in double variables: Math.fround.
import { N_PARAMETERS } from './parameters.js'

const f = Math.fround

/** A high-resolution grid: values v fall in bin 1 + int((v - min) / (max - min) * nbin), clamped to 1..nbin. */
export interface Grid {
  min: number
  max: number
  step: number
  nbin: number
  /** Bin centres, built by repeatedly adding the step as the original does. */
  centres: Float64Array
}

/** A low-resolution grid for the `.fit` histograms and the highest-probability bin. */
export type LowGrid = Grid

/** MAGPHYS' GET_HISTGRID: centres 0.5 (x1 + x2) while x2 <= max, x1 and x2 advanced by repeated addition. */
export function histGrid (step: number, min: number, max: number): Float64Array {
  const out: number[] = []
  let x1 = min
  let x2 = min + step
  while (x2 <= max) {
    out.push(0.5 * (x1 + x2))
    x1 = x1 + step
    x2 = x2 + step
  }
  return Float64Array.from(out)
}

function grid (step: number, min: number, max: number): Grid {
  const centres = histGrid(step, min, max)
  return { min, max, step, nbin: centres.length, centres }
}

function lowGrid (step: number, min: number, max: number): LowGrid {
  // DEGRADE_HIST builds its grid up to max + step/2, but bins values with (max - min).
  const centres = histGrid(step, min, max + (step / 2))
  return { min, max, step, nbin: centres.length, centres }
}

const FMU = grid(f(0.001), f(0), f(1.0005))
const FMU_ISM = grid(f(0.001), f(0), f(1.0005))
const MU = grid(f(0.001), f(0), f(1.0005))
const TV = grid(f(0.005), f(0), f(6.0025))
const SSFR = grid(f(0.05), f(-13), f(-5.9975))
const SFR = grid(f(0.005), f(-8), f(3.5005))
const MSTAR = grid(f(0.005), f(2), f(13.0025))
const LDUST = grid(f(0.005), f(2), f(13.0025))
const TBG1 = grid(f(0.025), f(30), f(60.0125))
const TBG2 = grid(f(0.025), f(15), f(25.0125))
const XI = grid(f(0.001), f(0), f(1.0001))
const MDUST = grid(f(0.005), f(-2), f(9))

/** High-resolution grid per parameter, in PARAMETER_NAMES order. */
export const GRIDS: readonly Grid[] = [
  FMU, FMU, MU, TV, SSFR, MSTAR, LDUST, TBG2, TBG1, FMU_ISM, XI, XI, XI, TV, MDUST, SFR
]

const LOW_FMU = lowGrid(f(0.05), f(0), f(1))

/** Low-resolution grid per parameter (the values MAGPHYS assigns before calling DEGRADE_HIST). */
export const LOW_GRIDS: readonly LowGrid[] = [
  LOW_FMU, LOW_FMU, LOW_FMU,
  lowGrid(f(0.125), f(0), f(6)),
  lowGrid(f(0.10), f(-13), f(-6)),
  lowGrid(f(0.10), f(2), f(13)),
  lowGrid(f(0.10), f(2), f(13)),
  lowGrid(f(1), f(15), f(25)),
  lowGrid(f(1), f(30), f(60)),
  lowGrid(f(0.05), f(0), f(1)),
  LOW_FMU, LOW_FMU, LOW_FMU,
  lowGrid(f(0.075), f(0), f(6)),
  lowGrid(f(0.10), f(-2), f(9)),
  lowGrid(f(0.10), f(-8), f(3))
]

if (GRIDS.length !== N_PARAMETERS || LOW_GRIDS.length !== N_PARAMETERS) throw new Error('grid table does not cover the 16 parameters')

/** 0-based bin of value v on grid g (MAGPHYS' 1 + int(...) clamped to 1..nbin, minus one). */
export function binOf (g: Grid, v: number): number {
  const aux = ((v - g.min) / (g.max - g.min)) * g.nbin
  let b = Math.trunc(aux)
  if (b < 0) b = 0
  else if (b > g.nbin - 1) b = g.nbin - 1
  return b
}

/** The 0-based bin, but with MAGPHYS' sSFR quirk: it clamps the sSFR bin with the SFR grid's bin count. */
export function binOfClampedTo (g: Grid, v: number, nbinClamp: number): number {
  const aux = ((v - g.min) / (g.max - g.min)) * g.nbin
  let b = Math.trunc(aux)
  if (b < 0) b = 0
  else if (b > nbinClamp - 1) b = nbinClamp - 1
  return b
}
