// A unit's pixel map (work_units.pixel_map, migration 7): for each payload position, the label the payload carries
// in place of the pixel's coordinates, the real pixel and area, and whether it is a ringer (a known-answer pixel,
// docs/work-lifecycle.md#ringers). Payloads are blinded: their pixels come in a per-unit random order, each as
// (x = a per-unit random 32-bit label, y = 0, area = 0), so neither coordinates nor order tell a volunteer which
// pixels are ringers or where the unit lies. Stored as little-endian uint32 quintuples (label, x, y, area, flags).
import { randomBytes, randomInt } from 'node:crypto'

/** One payload position of a unit. */
export interface MappedPixel {
  /** What the payload carries as the pixel's x (its y and area are 0). */
  label: number
  x: number
  y: number
  area: number
  ringer: boolean
}

const WORDS = 5
const RINGER = 1

/** The BLOB of a pixel map. */
export function packPixelMap (map: readonly MappedPixel[]): Buffer {
  const b = Buffer.alloc(map.length * WORDS * 4)
  map.forEach((p, k) => {
    const at = k * WORDS * 4
    b.writeUInt32LE(p.label, at)
    b.writeUInt32LE(p.x, at + 4)
    b.writeUInt32LE(p.y, at + 8)
    b.writeUInt32LE(p.area, at + 12)
    b.writeUInt32LE(p.ringer ? RINGER : 0, at + 16)
  })
  return b
}

/** A pixel map from its BLOB. */
export function unpackPixelMap (b: Uint8Array): MappedPixel[] {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  const out: MappedPixel[] = []
  for (let at = 0; at + WORDS * 4 <= buf.length; at += WORDS * 4) {
    out.push({ label: buf.readUInt32LE(at), x: buf.readUInt32LE(at + 4), y: buf.readUInt32LE(at + 8), area: buf.readUInt32LE(at + 12), ringer: (buf.readUInt32LE(at + 16) & RINGER) !== 0 })
  }
  return out
}

/**
 * Blinds a unit's pixels: every pixel (real ones and ringers) gets a distinct random 32-bit label, and the
 * positions are shuffled (Fisher-Yates over a cryptographic source: a volunteer must not predict the order).
 */
export function blindPixels (pixels: ReadonlyArray<Omit<MappedPixel, 'label'>>): MappedPixel[] {
  const labels = new Set<number>()
  const words = randomBytes(4 * pixels.length)
  const mapped = pixels.map((p, k): MappedPixel => {
    let label = words.readUInt32LE(4 * k)
    // Labels must be distinct (a payload lists each pixel once): draw again on the rare collision.
    while (labels.has(label)) label = randomBytes(4).readUInt32LE(0)
    labels.add(label)
    return { ...p, label }
  })
  for (let k = mapped.length - 1; k > 0; k--) {
    const j = randomInt(k + 1)
    const t = mapped[k]
    mapped[k] = mapped[j]
    mapped[j] = t
  }
  return mapped
}
