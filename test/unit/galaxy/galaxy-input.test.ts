import { describe, expect, it } from 'vitest'
import { parseFilters } from '../../../src/fit/index.js'
import { cutAreas, isViable, DEFAULT_AREA_SETTINGS } from '../../../src/galaxy/areas.js'
import { GalaxyInputError } from '../../../src/galaxy/errors.js'
import { formatFits, parseFits, type ImageToWrite } from '../../../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../../../src/galaxy/galaxy-input.js'

const FILTERS = parseFilters(['GALEXNUV 0.2271 124 1', 'SDSSu 0.3534 229 1', 'PS1g 0.481 323 1', 'PS1r 0.617 324 1',
  'PS1i 0.752 325 1', 'PS1z 0.866 326 1', 'WISEW1 3.4 280 1'].join('\n'))

function layer (band: string, w: number, h: number, value: (x: number, y: number) => number, sigma = false): ImageToWrite {
  const data = new Float64Array(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[x + w * y] = value(x, y)
  return { bitpix: -32, axes: [w, h], data, cards: [{ keyword: 'FILTER', value: band, comment: '' }, ...(sigma ? [{ keyword: 'PIXTYPE', value: 'SIGMA', comment: '' }] : [])] }
}

function primary (cards: Array<[string, string | number]>): ImageToWrite {
  return { bitpix: -32, axes: [0], data: [], cards: cards.map(([keyword, value]) => ({ keyword, value, comment: '' })) }
}

function codeOf (fn: () => unknown): string | undefined {
  try { fn() } catch (err) { expect(err).toBeInstanceOf(GalaxyInputError); return (err as GalaxyInputError).code }
  return undefined
}

describe('galaxy input', () => {
  it('matches layers to filters, orders them by wavelength, reads sigma layers and header keywords', () => {
    const fits = parseFits(formatFits([
      primary([['OBJECT', 'UGC 5479'], ['RA', 150.1], ['DEC', 20.5], ['REDSHIFT', 0.0037]]),
      layer('PS1r', 4, 3, () => 2e-6),
      layer('SDSSu', 4, 3, () => 1e-6),
      layer('SDSSu', 4, 3, () => 2.5e-7, true)
    ]))
    const g = galaxyFromFits(fits, FILTERS)
    expect(g).toMatchObject({ name: 'UGC 5479', ra: 150.1, dec: 20.5, redshift: 0.0037, width: 4, height: 3 })
    expect(g.filters.map((f) => f.name)).toEqual(['SDSSu', 'PS1r'])
    expect(g.sigma[0][0]).toBeCloseTo(2.5e-7, 12)
    expect(g.sigma[1][0]).toBeCloseTo(2e-7, 12) // POGS' default: sigma = 0.1 x flux
    const overridden = galaxyFromFits(fits, FILTERS, { name: 'other', redshift: 0.01 })
    expect(overridden).toMatchObject({ name: 'other', redshift: 0.01 })
  })

  it('rejects layers of different sizes, unknown bands, a missing redshift and a file without layers', () => {
    const z: Array<[string, number]> = [['REDSHIFT', 0.01]]
    expect(codeOf(() => galaxyFromFits(parseFits(formatFits([primary(z), layer('PS1g', 4, 3, () => 1), layer('PS1r', 3, 3, () => 1)])), FILTERS))).toBe('ERR_LAYER_SIZE')
    expect(codeOf(() => galaxyFromFits(parseFits(formatFits([primary(z), layer('Kband', 4, 3, () => 1)])), FILTERS))).toBe('ERR_UNKNOWN_FILTER')
    expect(codeOf(() => galaxyFromFits(parseFits(formatFits([primary([]), layer('PS1g', 4, 3, () => 1)])), FILTERS))).toBe('ERR_NO_REDSHIFT')
    expect(codeOf(() => galaxyFromFits(parseFits(formatFits([primary(z)])), FILTERS))).toBe('ERR_NO_LAYERS')
    expect(codeOf(() => galaxyFromFits(parseFits(formatFits([primary(z), layer('PS1g', 2, 2, () => 1), layer('PS1g', 2, 2, () => 1)])), FILTERS))).toBe('ERR_DUPLICATE_LAYER')
  })
})

describe('viable pixels and areas', () => {
  // 30 x 10 pixels; optical bands everywhere except a hole; UV only on the left half.
  const w = 30
  const h = 10
  const hole = (x: number, y: number): boolean => x >= 10 && x < 14 && y >= 2 && y < 6
  const optical = (band: string, drop = false): ImageToWrite => layer(band, w, h, (x, y) => (hole(x, y) || (drop && x >= 20) ? Number.NaN : 1e-6))
  const g = galaxyFromFits(parseFits(formatFits([
    primary([['REDSHIFT', 0.01]]),
    layer('GALEXNUV', w, h, (x) => (x < 15 ? 1e-7 : 0)),
    optical('SDSSu', true), optical('PS1g'), optical('PS1r'), optical('PS1i')
  ])), FILTERS)

  it('needs 4 optical bands, or 3 optical plus a UV/IR band', () => {
    expect(isViable(g, 0, 0)).toBe(true)
    expect(isViable(g, 11, 3)).toBe(false) // the hole
    expect(isViable(g, 22, 0)).toBe(false) // u missing, no UV: 3 optical only
    expect(isViable(g, 16, 0)).toBe(true)
  })

  it('cuts 7-row strips left to right into areas of at least 15 viable pixels, the last taking what is left', () => {
    const areas = cutAreas(g)
    const viable = new Set<string>()
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (isViable(g, x, y)) viable.add(`${x},${y}`)
    const covered = areas.flatMap((a) => a.pixels.map(([x, y]) => `${x},${y}`))
    expect(new Set(covered)).toEqual(viable)
    expect(covered).toHaveLength(viable.size)
    for (const a of areas) {
      expect(a.y1 - a.y0).toBeLessThanOrEqual(DEFAULT_AREA_SETTINGS.stripHeight)
      const lastInStrip = !areas.some((b) => b.y0 === a.y0 && b.x0 >= a.x1)
      if (!lastInStrip) expect(a.pixels.length).toBeGreaterThanOrEqual(15)
      for (const [x, y] of a.pixels) expect(x >= a.x0 && x < a.x1 && y >= a.y0 && y < a.y1).toBe(true)
    }
    expect(areas.map((a) => a.y0)).toEqual([...areas.map((a) => a.y0)].sort((p, q) => p - q))
  })
})
