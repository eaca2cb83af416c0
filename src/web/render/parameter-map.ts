// A parameter map as an image: each fitted pixel coloured by its value on viridis between the range's ends,
// pixels without a value transparent; and the colour bar that goes with it.
import { viridis } from './colour-map.js'
import { blankRgba, type Rgba } from './png.js'

/** The value range a map is coloured over. */
export interface MapRange {
  min: number
  max: number
}

/**
 * The range shown: the 2nd and 98th percentiles of the finite values (a few outliers must not wash the map out),
 * widened to a non-empty interval; undefined when no value is finite yet.
 */
export function robustRange (values: ArrayLike<number>): MapRange | undefined {
  const finite: number[] = []
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i])
  if (finite.length === 0) return undefined
  finite.sort((a, b) => a - b)
  const at = (q: number): number => finite[Math.min(finite.length - 1, Math.max(0, Math.round(q * (finite.length - 1))))]
  let min = at(0.02)
  let max = at(0.98)
  if (!(max > min)) {
    const pad = Math.max(Math.abs(min) * 1e-3, 1e-6)
    min -= pad
    max += pad
  }
  return { min, max }
}

/**
 * Colours a width x height grid (row-major, index x + width y) over `range`; NaN pixels stay transparent. Rows are
 * flipped (y = 0 at the bottom, as FITS images and the composites show the sky).
 */
export function renderParameterMap (grid: ArrayLike<number>, width: number, height: number, range: MapRange | undefined): Rgba {
  const img = blankRgba(width, height)
  if (range === undefined) return img
  const span = range.max - range.min
  for (let i = 0; i < width * height; i++) {
    const v = grid[i]
    if (!Number.isFinite(v)) continue
    const [r, g, b] = viridis((v - range.min) / span)
    const x = i % width
    const o = (x + width * (height - 1 - (i - x) / width)) * 4
    img.data[o] = r
    img.data[o + 1] = g
    img.data[o + 2] = b
    img.data[o + 3] = 255
  }
  return img
}

/** A horizontal colour bar, low on the left: `width` x `height` pixels of viridis. */
export function renderColourBar (width = 256, height = 12): Rgba {
  const img = blankRgba(width, height)
  for (let x = 0; x < width; x++) {
    const [r, g, b] = viridis(width === 1 ? 0 : x / (width - 1))
    for (let y = 0; y < height; y++) img.data.set([r, g, b, 255], (y * width + x) * 4)
  }
  return img
}
