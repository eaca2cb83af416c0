import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair, PARAMETER_NAMES, type FilterSpec, type LibraryPair } from '../../../src/fit/index.js'
import { isViable } from '../../../src/galaxy/areas.js'
import { GalaxyInputError } from '../../../src/galaxy/errors.js'
import { formatFits, parseFits } from '../../../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../../../src/galaxy/galaxy-input.js'
import { checkRecipe, type SynthRecipe } from '../../../src/galaxy/synth/recipe.js'
import { synthesizeGalaxy } from '../../../src/galaxy/synth/synthesize.js'
import { writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'

let libs: LibraryPair
let filters: FilterSpec[]
const RECIPE: SynthRecipe = { name: 'test spiral', size: 32, redshift: 0.01, seed: 11, ra: 150, dec: 20 }

beforeAll(() => {
  const dir = writeSmallLibrariesWithFilters(20)
  filters = readFilters(join(dir, 'filters.dat'))
  libs = readLibraryPair(chooseLibrary(listLibraries(dir), 0.01))
})

describe('synthetic galaxies', () => {
  it('the same recipe gives the same bytes; another seed another galaxy', () => {
    const a = formatFits(synthesizeGalaxy(RECIPE, libs, filters).images)
    const b = formatFits(synthesizeGalaxy(RECIPE, libs, filters).images)
    const c = formatFits(synthesizeGalaxy({ ...RECIPE, seed: 12 }, libs, filters).images)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false)
  })

  it('reads back as a galaxy: header, a flux and a sigma layer per band, NaN outside, holes, one band cut', () => {
    const syn = synthesizeGalaxy(RECIPE, libs, filters)
    const g = galaxyFromFits(parseFits(formatFits(syn.images)), filters)
    expect(g).toMatchObject({ name: 'test spiral', ra: 150, dec: 20, redshift: 0.01, width: 32, height: 32 })
    expect(g.filters.map((f) => f.name)).toEqual(filters.map((f) => f.name))
    expect(g.sigmaLayers).toEqual(filters.map((f) => f.name))
    expect(Number.isNaN(g.flux[2][0])).toBe(true) // a corner lies outside the disc
    const modelled = syn.pairs.length
    const withData = g.flux[2].filter((v) => !Number.isNaN(v)).length
    expect(modelled - withData).toBeGreaterThan(0) // masked stars
    expect(syn.truth.pixels.length).toBe(withData)
    // the bluest band is missing right of missingFromX, present left of it
    const u = g.flux[0]
    const right = syn.pairs.filter((p) => p.x >= syn.missingFromX).map((p) => u[p.x + 32 * p.y])
    const left = syn.pairs.filter((p) => p.x < syn.missingFromX).map((p) => u[p.x + 32 * p.y])
    expect(right.every((v) => Number.isNaN(v))).toBe(true)
    expect(left.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(0.8 * left.length)
    // most modelled pixels are viable (a few outer ones lose bands to negative noise)
    const viable = syn.truth.pixels.filter((p) => isViable(g, p.x, p.y)).length
    expect(viable).toBeGreaterThan(0.9 * syn.truth.pixels.length)
  })

  it('truth has the 16 archive parameters per pixel; mass falls outwards; noise is N(0, sigma)', () => {
    const syn = synthesizeGalaxy(RECIPE, libs, filters)
    for (const p of syn.truth.pixels) {
      expect(Object.keys(p).sort()).toEqual(['x', 'y', ...PARAMETER_NAMES].sort())
      for (const name of PARAMETER_NAMES) expect(Number.isFinite(p[name])).toBe(true)
    }
    const byRadius = [...syn.truth.pixels].sort((a, b) => Math.hypot(a.x - 15.5, a.y - 15.5) - Math.hypot(b.x - 15.5, b.y - 15.5))
    const inner = byRadius.slice(0, 30).reduce((s, p) => s + p.mstar, 0) / 30
    const outer = byRadius.slice(-30).reduce((s, p) => s + p.mstar, 0) / 30
    expect(inner - outer).toBeGreaterThan(0.5)
    const g = galaxyFromFits(parseFits(formatFits(syn.images)), filters)
    const pulls: number[] = []
    for (const p of syn.pairs) {
      const at = p.x + 32 * p.y
      filters.forEach((_, b) => {
        if (!Number.isNaN(g.flux[b][at])) pulls.push((g.flux[b][at] - p.trueFlux[b]) / g.sigma[b][at])
      })
    }
    const mean = pulls.reduce((s, v) => s + v, 0) / pulls.length
    const sd = Math.sqrt(pulls.reduce((s, v) => s + (v - mean) ** 2, 0) / pulls.length)
    expect(pulls.length).toBeGreaterThan(2000)
    expect(Math.abs(mean)).toBeLessThan(0.06)
    expect(Math.abs(sd - 1)).toBeLessThan(0.05)
  })

  it('refuses bad recipes with a typed error', () => {
    for (const bad of [{ size: 4 }, { size: 10.5 }, { redshift: 0 }, { redshift: Number.NaN }, { seed: 1.5 }, { ra: 400 }, { name: '' }]) {
      expect(() => checkRecipe({ ...RECIPE, ...bad })).toThrow(GalaxyInputError)
    }
  })
})
