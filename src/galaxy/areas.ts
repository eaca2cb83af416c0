// Viable pixels and areas (docs/galaxy.md): POGS cut a galaxy into strips 7 pixels high, scanned left to
// right, closing an area once it holds 15 viable pixels; the last area of a strip closes with what is left.
import type { Galaxy } from './galaxy-input.js'

/** Band classes by effective wavelength (um): ultraviolet below 0.3, infrared above 1.1, optical between. */
export const UV_LIMIT_UM = 0.3
export const IR_LIMIT_UM = 1.1

/** Viability and area settings with POGS' defaults. */
export interface AreaSettings {
  /** Viable with data in at least this many optical bands (default 4)... */
  minOptical: number
  /** ...or in this many optical bands (default 3) plus at least one ultraviolet or infrared band. */
  minOpticalWithOther: number
  /** Strip height in pixels (default 7). */
  stripHeight: number
  /** An area closes once it holds this many viable pixels (default 15). */
  pixelsPerArea: number
}

export const DEFAULT_AREA_SETTINGS: AreaSettings = { minOptical: 4, minOpticalWithOther: 3, stripHeight: 7, pixelsPerArea: 15 }

/** An area: a rectangle [x0, x1) x [y0, y1) of one strip and its viable pixels (x, y), in scan order. */
export interface Area {
  index: number
  x0: number
  x1: number
  y0: number
  y1: number
  pixels: Array<[number, number]>
}

function hasData (v: number): boolean {
  return Number.isFinite(v) && v > 0
}

/** Whether pixel (x, y) has enough bands to be fitted. */
export function isViable (g: Galaxy, x: number, y: number, s: AreaSettings = DEFAULT_AREA_SETTINGS): boolean {
  const at = x + g.width * y
  let optical = 0
  let other = 0
  g.filters.forEach((f, b) => {
    if (!hasData(g.flux[b][at])) return
    if (f.lambdaEff < UV_LIMIT_UM || f.lambdaEff > IR_LIMIT_UM) other++
    else optical++
  })
  return optical >= s.minOptical || (optical >= s.minOpticalWithOther && other >= 1)
}

/** Cuts a galaxy into areas of viable pixels. Columns with no viable pixel still widen the current area. */
export function cutAreas (g: Galaxy, s: AreaSettings = DEFAULT_AREA_SETTINGS): Area[] {
  const areas: Area[] = []
  for (let y0 = 0; y0 < g.height; y0 += s.stripHeight) {
    const y1 = Math.min(g.height, y0 + s.stripHeight)
    let x0 = 0
    let pixels: Array<[number, number]> = []
    for (let x = 0; x < g.width; x++) {
      for (let y = y0; y < y1; y++) if (isViable(g, x, y, s)) pixels.push([x, y])
      const last = x === g.width - 1
      if (pixels.length >= s.pixelsPerArea || (last && pixels.length > 0)) {
        areas.push({ index: areas.length, x0, x1: x + 1, y0, y1, pixels })
        pixels = []
        x0 = x + 1
      }
    }
  }
  return areas
}
