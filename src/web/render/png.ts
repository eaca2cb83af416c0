// PNG encoding of RGBA rasters with fast-png (a maintained pure-TypeScript encoder).
import { encode } from 'fast-png'

/** An 8-bit RGBA raster, rows top to bottom. */
export interface Rgba {
  width: number
  height: number
  data: Uint8ClampedArray
}

/** A transparent raster of the given size. */
export function blankRgba (width: number, height: number): Rgba {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) }
}

/** Encodes a raster as PNG (8 bits per channel, with alpha). */
export function encodePng (img: Rgba): Uint8Array {
  return encode({ width: img.width, height: img.height, data: img.data, channels: 4, depth: 8 })
}

/**
 * A raster no larger than `maxSide` on its longer side, by taking every k-th pixel (nearest neighbour; maps are
 * categorical enough that averaging would invent values). Returns the input when it is small enough.
 */
export function shrink (img: Rgba, maxSide: number): Rgba {
  const k = Math.ceil(Math.max(img.width, img.height) / maxSide)
  if (k <= 1) return img
  const out = blankRgba(Math.ceil(img.width / k), Math.ceil(img.height / k))
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const from = ((y * k) * img.width + x * k) * 4
      out.data.set(img.data.subarray(from, from + 4), (y * out.width + x) * 4)
    }
  }
  return out
}
