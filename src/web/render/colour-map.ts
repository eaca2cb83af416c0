// The colour map of parameter maps: viridis (perceptually uniform, readable by colour-blind viewers, prints in
// grey), as 256 RGB entries interpolated from its published anchor colours.

// viridis at t = 0, 1/8, ..., 1 (matplotlib's _viridis_data, every 32nd entry, and the last).
const ANCHORS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37]
]

function build (): Uint8Array {
  const lut = new Uint8Array(256 * 3)
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (ANCHORS.length - 1)
    const k = Math.min(ANCHORS.length - 2, Math.floor(t))
    const f = t - k
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(ANCHORS[k][c] * (1 - f) + ANCHORS[k + 1][c] * f)
  }
  return lut
}

/** 256 RGB triples, low to high. */
export const VIRIDIS: Uint8Array = build()

/** The colour of t in [0, 1] (clamped) as [r, g, b]. */
export function viridis (t: number): [number, number, number] {
  const i = Math.round(Math.min(1, Math.max(0, t)) * 255) * 3
  return [VIRIDIS[i], VIRIDIS[i + 1], VIRIDIS[i + 2]]
}
