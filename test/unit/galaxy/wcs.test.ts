// The celestial WCS of a galaxy's layers: which cards are carried (normalised, in order), from which layer, and
// when none is (no usable WCS, layers that disagree); card images that read back exactly.
import { describe, expect, it } from 'vitest'
import { celestialWcs, formatCard, formatFits, headerWcs, keyword, parseCard, parseFits, type Card, type ImageToWrite } from '../../../src/galaxy/fits/index.js'
import { galaxyFromFits, galaxyWcs } from '../../../src/galaxy/galaxy-input.js'
import { parseFilters } from '../../../src/fit/index.js'

const c = (keyword: string, value: Card['value'], comment = ''): Card => ({ keyword, value, comment })

/** A TAN WCS with a CD matrix, as survey cut-outs carry it, with unrelated cards around it. */
const TAN_CD: Card[] = [
  c('FILTER', 'SDSSg'), c('BUNIT', 'Jy'), c('EQUINOX', 2000), c('RADESYS', 'ICRS'),
  c('CTYPE1', 'RA---TAN'), c('CTYPE2', 'DEC--TAN'), c('CRPIX1', 12.5), c('CRPIX2', 10.5),
  c('CRVAL1', 150.123456789012), c('CRVAL2', 20.5), c('CD1_1', -1.1e-4, 'deg/pixel'), c('CD1_2', 0), c('CD2_1', 0), c('CD2_2', 1.1e-4),
  c('CUNIT1', 'deg'), c('CUNIT2', 'deg'), c('CDELT1', 7), c('DATE-OBS', '2004-01-01')
]

const names = (cards: readonly Card[]): string[] => cards.map((k) => k.keyword)

describe('the celestial WCS of a header', () => {
  it('keeps the celestial cards in canonical order, CD matrix without CDELT', () => {
    const w = headerWcs(TAN_CD)
    expect(w?.sip).toBe(false)
    expect(names(w?.cards ?? [])).toEqual(['CTYPE1', 'CTYPE2', 'CUNIT1', 'CUNIT2', 'CRPIX1', 'CRPIX2', 'CRVAL1', 'CRVAL2', 'CD1_1', 'CD1_2', 'CD2_1', 'CD2_2', 'RADESYS', 'EQUINOX'])
    expect(keyword(w?.cards ?? [], 'CD1_1')).toBe(-1.1e-4)
    expect(w?.cards.find((k) => k.keyword === 'CD1_1')?.comment).toBe('deg/pixel')
  })

  it('keeps CDELT with PC, CROTA2 only without PC, projection parameters, and reads older spellings', () => {
    const pc = headerWcs([c('CTYPE1', 'GLON-CAR'), c('CTYPE2', 'GLAT-CAR'), c('CRPIX1', 1), c('CRPIX2', 1), c('CRVAL1', 10), c('CRVAL2', -5),
      c('CDELT1', -0.01), c('CDELT2', 0.01), c('PC1_2', 0.1), c('CROTA2', 30), c('PV2_1', 0.5), c('LONPOLE', 180), c('RADECSYS', 'FK5'), c('EPOCH', 1950)])
    expect(pc?.cards).toEqual([c('CTYPE1', 'GLON-CAR'), c('CTYPE2', 'GLAT-CAR'), c('CRPIX1', 1), c('CRPIX2', 1), c('CRVAL1', 10), c('CRVAL2', -5),
      c('CDELT1', -0.01), c('CDELT2', 0.01), c('PC1_2', 0.1), c('LONPOLE', 180), c('RADESYS', 'FK5'), c('EQUINOX', 1950), c('PV2_1', 0.5)])
    const rot = headerWcs([c('CTYPE1', 'DEC--SIN'), c('CTYPE2', 'RA---SIN'), c('CRPIX1', 3), c('CRPIX2', 4), c('CRVAL1', 1), c('CRVAL2', 2), c('CDELT1', 1e-3), c('CDELT2', 1e-3), c('CROTA2', 12), c('EQUINOX', 2000), c('EPOCH', 1950)])
    expect(keyword(rot?.cards ?? [], 'CROTA2')).toBe(12)
    // The current spelling wins over the older one.
    expect(keyword(rot?.cards ?? [], 'EQUINOX')).toBe(2000)
  })

  it('drops -SIP from CTYPE and says so', () => {
    const sip = TAN_CD.map((k) => k.keyword.startsWith('CTYPE') ? c(k.keyword, `${String(k.value)}-SIP`) : k)
    const w = headerWcs([...sip, c('A_ORDER', 2), c('A_2_0', 1e-6)])
    expect(w?.sip).toBe(true)
    expect(keyword(w?.cards ?? [], 'CTYPE1')).toBe('RA---TAN')
    expect(names(w?.cards ?? [])).not.toContain('A_ORDER')
    const layers = celestialWcs([sip], ['flux layer SDSSg'])
    expect(layers.cards).toHaveLength(14)
    expect(layers.note).toContain('SIP')
  })

  it('has none without a usable celestial WCS', () => {
    const without = (k: string): Card[] => TAN_CD.filter((x) => x.keyword !== k)
    expect(headerWcs(without('CTYPE1'))).toBeUndefined()
    expect(headerWcs(without('CRVAL2'))).toBeUndefined()
    // No scale: neither a CD matrix nor CDELT1/2.
    expect(headerWcs(TAN_CD.filter((x) => !/^CD/.test(x.keyword)))).toBeUndefined()
    for (const [t1, t2] of [['RA---TAN', 'RA---TAN'], ['RA---TAN', 'DEC--SIN'], ['RA---TAN', 'GLAT-TAN'], ['LINEAR', 'LINEAR'], ['WAVE', 'DEC--TAN']]) {
      expect(headerWcs(TAN_CD.map((x) => x.keyword === 'CTYPE1' ? c('CTYPE1', t1) : x.keyword === 'CTYPE2' ? c('CTYPE2', t2) : x))).toBeUndefined()
    }
    expect(headerWcs(TAN_CD.map((x) => x.keyword === 'CRPIX1' ? c('CRPIX1', 'twelve') : x))).toBeUndefined()
  })
})

describe('the celestial WCS of layers', () => {
  it('comes from the first layer that has one; layers without one do not count', () => {
    const w = celestialWcs([[c('FILTER', 'SDSSu')], TAN_CD, [c('FILTER', 'SDSSr')], TAN_CD.map((k) => k.keyword === 'CRVAL1' ? c('CRVAL1', 150.123456789012 * (1 + 1e-12)) : k)])
    expect(w.from).toBe(1)
    expect(w.note).toBeUndefined()
    expect(keyword(w.cards, 'CRVAL1')).toBe(150.123456789012)
  })

  it('is none, with the layers and the keyword named, when layers disagree', () => {
    const shifted = TAN_CD.map((k) => k.keyword === 'CRPIX2' ? c('CRPIX2', 11.5) : k)
    const w = celestialWcs([TAN_CD, shifted], ['flux layer SDSSg', 'flux layer SDSSr'])
    expect(w.cards).toEqual([])
    expect(w.note).toBe('flux layer SDSSg and flux layer SDSSr disagree on CRPIX2: no WCS is carried')
    expect(celestialWcs([TAN_CD, TAN_CD.filter((k) => k.keyword !== 'RADESYS')]).note).toContain('RADESYS')
    expect(celestialWcs([]).note).toContain('no layer')
  })

  it('galaxyFromFits keeps the layers\' WCS (sigma layers included in the check), and none without one', () => {
    const filters = parseFilters(['SDSSu 0.3534 229 1', 'SDSSg 0.4686 230 1', 'SDSSr 0.6166 231 1'].join('\n'))
    const layer = (band: string, cards: Card[], sigma = false): ImageToWrite => ({
      bitpix: -32, axes: [3, 2], data: new Float64Array(6).fill(1e-5), cards: [...cards.filter((k) => k.keyword !== 'FILTER'), c('FILTER', band), ...(sigma ? [c('PIXTYPE', 'SIGMA')] : [])]
    })
    const primary: ImageToWrite = { bitpix: 8, axes: [], data: [], cards: [c('OBJECT', 'wcs test'), c('REDSHIFT', 0.01)] }
    const images = parseFits(formatFits([primary, layer('SDSSu', []), layer('SDSSg', TAN_CD), layer('SDSSg', TAN_CD, true), layer('SDSSr', TAN_CD)]))
    const g = galaxyFromFits(images, filters)
    expect(g.wcs).toEqual(headerWcs(TAN_CD)?.cards)
    const bad = parseFits(formatFits([primary, layer('SDSSg', TAN_CD), layer('SDSSg', TAN_CD.map((k) => k.keyword === 'CD2_2' ? c('CD2_2', 2.2e-4) : k), true)]))
    expect(galaxyFromFits(bad, filters).wcs).toEqual([])
    expect(galaxyWcs(bad).note).toBe('flux layer SDSSg and sigma layer SDSSg disagree on CD2_2: no WCS is carried')
    expect(galaxyFromFits(parseFits(formatFits([primary, layer('SDSSr', [])])), filters).wcs).toEqual([])
  })
})

describe('card images', () => {
  it('read back exactly, numbers that need 17 digits included', () => {
    for (const v of [150.123456789012, -2.7777777777777778e-4, 0.1 + 0.2, 1e-300, 12.5, -3, 2000, 5e20]) {
      const text = formatCard(c('CRVAL1', v, 'x'))
      expect(text).toHaveLength(80)
      expect(parseCard(text)).toEqual(c('CRVAL1', v, 'x'))
    }
    expect(parseCard(formatCard(c('CTYPE1', "RA'--TAN")))).toEqual(c('CTYPE1', "RA'--TAN"))
  })
})
