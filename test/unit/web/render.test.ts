import { decode } from 'fast-png'
import { describe, expect, test } from 'vitest'
import { VIRIDIS, viridis } from '../../../src/web/render/colour-map.js'
import { autoStretch, availableComposites, bandLetter, renderComposite } from '../../../src/web/render/composite.js'
import { renderColourBar, renderParameterMap, robustRange } from '../../../src/web/render/parameter-map.js'
import { encodePng, shrink } from '../../../src/web/render/png.js'

// PNG rendering: known answers for the colour map, the parameter-map colours and flips, the asinh stretch of
// composites, and PNGs that decode back to the same pixels.

describe('rendering', () => {
  test('viridis runs from dark purple to yellow through its anchors', () => {
    expect(VIRIDIS.length).toBe(768)
    expect(viridis(0)).toEqual([68, 1, 84])
    expect(viridis(1)).toEqual([253, 231, 37])
    expect(viridis(0.5)).toEqual([33, 144, 141])
    expect(viridis(-1)).toEqual(viridis(0))
    expect(viridis(2)).toEqual(viridis(1))
  })

  test('robustRange: 2nd-98th percentiles of the finite values; undefined when none; widened when flat', () => {
    const values = Float32Array.from({ length: 101 }, (_, i) => i)
    values[3] = NaN
    const r = robustRange(values)
    expect(r?.min).toBeCloseTo(2, 0)
    expect(r?.max).toBeCloseTo(98, 0)
    expect(robustRange([NaN, NaN])).toBeUndefined()
    const flat = robustRange([5, 5, 5])
    expect(flat !== undefined && flat.max > flat.min && flat.min < 5 && flat.max > 5).toBe(true)
  })

  test('a parameter map colours values low to high, leaves NaN transparent, puts row 0 at the bottom', () => {
    // 2 x 2: (0,0)=0, (1,0)=1, (0,1)=NaN, (1,1)=0.5
    const img = renderParameterMap(Float32Array.from([0, 1, NaN, 0.5]), 2, 2, { min: 0, max: 1 })
    const px = (x: number, y: number): number[] => Array.from(img.data.subarray((x + 2 * y) * 4, (x + 2 * y) * 4 + 4))
    expect(px(0, 1)).toEqual([...viridis(0), 255]) // grid (0,0) is drawn at the bottom row
    expect(px(1, 1)).toEqual([...viridis(1), 255])
    expect(px(0, 0)).toEqual([0, 0, 0, 0])
    expect(px(1, 0)).toEqual([...viridis(0.5), 255])
    expect(renderParameterMap([1, 2], 2, 1, undefined).data.every((v) => v === 0)).toBe(true)
  })

  test('PNG encoding round-trips; shrink keeps every k-th pixel', () => {
    const img = renderParameterMap(Float32Array.from({ length: 64 }, (_, i) => i), 8, 8, { min: 0, max: 63 })
    const back = decode(encodePng(img))
    expect([back.width, back.height, back.channels]).toEqual([8, 8, 4])
    expect(Array.from(back.data)).toEqual(Array.from(img.data))
    const small = shrink(img, 4)
    expect([small.width, small.height]).toEqual([4, 4])
    expect(Array.from(small.data.subarray(4, 8))).toEqual(Array.from(img.data.subarray(8, 12)))
    expect(shrink(img, 8)).toBe(img)
    const bar = renderColourBar(256, 2)
    expect(Array.from(bar.data.subarray(0, 4))).toEqual([...viridis(0), 255])
    expect(Array.from(bar.data.subarray(255 * 4, 256 * 4))).toEqual([...viridis(1), 255])
  })

  test('asinh composites (Lupton et al. 2004): linear when faint, compressed when bright, colour kept at saturation', () => {
    const q = 8
    const s = { q, stretch: 1 }
    // Grey pixels of increasing intensity: I' = asinh(Q I / s) / Q, so a channel value of I maps to I'.
    const grey = [0.001, 0.1, 1, 100]
    const img = renderComposite([grey, grey, grey], 4, 1, s)
    const expected = grey.map((i) => Math.min(1, Math.asinh(q * i) / q))
    for (let k = 0; k < 4; k++) expect(img.data[k * 4] / 255).toBeCloseTo(expected[k], 2)
    // Faint: nearly linear (asinh x ~ x): 0.001 -> 0.001.
    expect(img.data[0]).toBe(0)
    // A red pixel bright enough to saturate keeps its hue (r > g > b) instead of turning white.
    const red = renderComposite([[1000], [500], [100]], 1, 1, s)
    expect(red.data[0]).toBe(255)
    expect(red.data[1]).toBeGreaterThan(red.data[2])
    expect(red.data[1]).toBeLessThan(255)
    // NaN in every band: transparent; negative: black.
    const holes = renderComposite([[NaN, -1], [NaN, -1], [NaN, -1]], 2, 1, s)
    expect(Array.from(holes.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 255])
  })

  test('autoStretch puts the 99.5th percentile of intensity at the top', () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => i + 1)
    const s = autoStretch([v, v, v])
    expect(Math.asinh(s.q * 995 / s.stretch) / s.q).toBeCloseTo(1, 2)
  })

  test('composites: z/i/r and i/r/u where the bands exist (POGS), else what is there', () => {
    expect(bandLetter('SDSSu')).toBe('u')
    expect(bandLetter('PS1z')).toBe('z')
    expect(bandLetter('WISEW1')).toBeUndefined()
    expect(bandLetter('GALEXNUV')).toBeUndefined()
    expect(availableComposites(['SDSSu', 'PS1g', 'PS1r', 'PS1i', 'PS1z', 'PS1y'])).toEqual([
      { name: 'zir', bands: [4, 3, 2] }, { name: 'iru', bands: [3, 2, 0] }])
    expect(availableComposites(['PS1g', 'PS1r', 'PS1i']).map((c) => c.name)).toEqual(['irg'])
    expect(availableComposites(['GALEXFUV', 'WISEW1'])).toEqual([{ name: 'mono', bands: [1, 1, 1] }])
    expect(availableComposites([])).toEqual([])
  })
})
