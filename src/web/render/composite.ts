// Colour composites of a galaxy's bands as POGS showed them: three bands as red, green and blue (e.g. z/i/r and
// i/r/u), asinh-stretched as Lupton et al. (2004, PASP 116, 133) describe, so that faint outskirts and a bright
// nucleus show together and colours are kept where the brightest channel saturates.
import { blankRgba, type Rgba } from './png.js'

/** How the stretch is set: I' = asinh(Q I / stretch) / Q with I the mean of the three channels. */
export interface AsinhStretch {
  /** Softening: larger shows more of the faint parts. */
  q: number
  /** The linear scale: intensities well below it are linear, above it logarithmic. */
  stretch: number
}

/**
 * Q = 3: Lupton's SDSS examples use 8, which on a galaxy of a few dozen pixels a side flattens disc and nucleus to
 * one brightness (a pixel 10x fainter than the peak shows at 71%); at 3 it shows at 29% and the bulge stands out.
 * `stretch` comes from the data (autoStretch).
 */
export const DEFAULT_Q = 3

/** The stretch for a set of channels: bright enough that the 99.5th percentile of intensity nearly saturates. */
export function autoStretch (channels: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>], q = DEFAULT_Q): AsinhStretch {
  const n = channels[0].length
  const intensities: number[] = []
  for (let i = 0; i < n; i++) {
    const m = (channels[0][i] + channels[1][i] + channels[2][i]) / 3
    if (Number.isFinite(m) && m > 0) intensities.push(m)
  }
  if (intensities.length === 0) return { q, stretch: 1 }
  intensities.sort((a, b) => a - b)
  const top = intensities[Math.min(intensities.length - 1, Math.floor(0.995 * (intensities.length - 1)))]
  // asinh(Q top / s) / Q = 1 gives s = Q top / sinh(Q).
  return { q, stretch: (q * top) / Math.sinh(q) }
}

/**
 * Renders red, green and blue channels (row-major, y down as the FITS rows are stored: row 0 is the bottom of
 * the sky image, so rows are flipped to put north up as FITS viewers do). NaN, zero or negative intensity is
 * black; pixels with no data in any band are transparent.
 */
export function renderComposite (channels: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>], width: number, height: number,
  s: AsinhStretch = autoStretch(channels)): Rgba {
  const img = blankRgba(width, height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = x + width * y
      const o = (x + width * (height - 1 - y)) * 4
      const r = channels[0][i]
      const g = channels[1][i]
      const b = channels[2][i]
      if (!Number.isFinite(r) && !Number.isFinite(g) && !Number.isFinite(b)) continue
      const rr = Number.isFinite(r) ? Math.max(0, r) : 0
      const gg = Number.isFinite(g) ? Math.max(0, g) : 0
      const bb = Number.isFinite(b) ? Math.max(0, b) : 0
      const mean = (rr + gg + bb) / 3
      img.data[o + 3] = 255
      if (mean <= 0) continue
      const scale = Math.asinh((s.q * mean) / s.stretch) / (s.q * mean)
      // Keep the colour where a channel saturates: divide by the largest instead of clipping each.
      const peak = Math.max(rr, gg, bb) * scale
      const norm = peak > 1 ? 1 / peak : 1
      img.data[o] = Math.round(255 * rr * scale * norm)
      img.data[o + 1] = Math.round(255 * gg * scale * norm)
      img.data[o + 2] = Math.round(255 * bb * scale * norm)
    }
  }
  return img
}

/** POGS' composites in order of preference, as band letters for red, green, blue. */
export const COMPOSITES: ReadonlyArray<readonly [string, string, string]> = [['z', 'i', 'r'], ['i', 'r', 'u'], ['i', 'r', 'g'], ['r', 'g', 'u']]

/** The optical band letter of a filter name (SDSSu, PS1g, ...; the last letter of ugrizy), else undefined. */
export function bandLetter (filter: string): string | undefined {
  const m = /^(?:SDSS|PS1|PanSTARRS|DES|LSST|HSC|CFHT)[-_]?([ugrizy])$/i.exec(filter)
  return m?.[1].toLowerCase()
}

/**
 * The composites a galaxy's bands allow: each as [name, red, green, blue] with band indices, at most two. A galaxy
 * without three optical bands of those gets one grey image of its reddest band (`mono`).
 */
export function availableComposites (bands: readonly string[]): Array<{ name: string, bands: [number, number, number] }> {
  const byLetter = new Map<string, number>()
  bands.forEach((b, i) => { const l = bandLetter(b); if (l !== undefined && !byLetter.has(l)) byLetter.set(l, i) })
  const out: Array<{ name: string, bands: [number, number, number] }> = []
  for (const c of COMPOSITES) {
    const idx = c.map((l) => byLetter.get(l))
    if (idx.some((i) => i === undefined)) continue
    out.push({ name: c.join(''), bands: idx as [number, number, number] })
    if (out.length === 2) break
  }
  if (out.length === 0 && bands.length > 0) out.push({ name: 'mono', bands: [bands.length - 1, bands.length - 1, bands.length - 1] })
  return out
}
