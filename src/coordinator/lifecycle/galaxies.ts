// Registering galaxies with their areas (cut by src/galaxy's cutAreas). Registration is idempotent by name: the
// same galaxy again (an inbox file picked up twice after a crash) is a no-op, a different one under the same name
// is refused.
import { statement } from '../store/statements.js'
import { GalaxyConflictError, InvalidInputError } from '../store/errors.js'
import type { LifecycleContext } from './context.js'
import type { Area } from '../../galaxy/areas.js'

/** An area as src/galaxy's cutAreas makes it: rectangle [x0, x1) x [y0, y1) and its viable pixels (x, y). */
export type AreaInput = Area

/** A galaxy to register. */
export interface GalaxyInput {
  name: string
  /** Anything the coordinator keeps about it (RA, Dec, source file); stored as JSON. */
  metadata?: Record<string, unknown>
  /** Higher is generated first (default 0). */
  priority?: number
  bands: string[]
  redshift: number
  areas: AreaInput[]
}

/** Packs (x, y) pairs as little-endian uint32. */
export function packPixels (pixels: Array<[number, number]>): Buffer {
  const b = Buffer.alloc(pixels.length * 8)
  pixels.forEach(([x, y], k) => {
    b.writeUInt32LE(x, 8 * k)
    b.writeUInt32LE(y, 8 * k + 4)
  })
  return b
}

/** Unpacks what packPixels wrote. */
export function unpackPixels (b: Uint8Array): Array<[number, number]> {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const out: Array<[number, number]> = []
  for (let o = 0; o < b.byteLength; o += 8) out.push([v.getUint32(o, true), v.getUint32(o + 4, true)])
  return out
}

function checkGalaxy (g: GalaxyInput): void {
  if (g.name === '') throw new InvalidInputError('a galaxy needs a name')
  if (g.bands.length === 0) throw new InvalidInputError('a galaxy needs at least one band')
  if (!Number.isFinite(g.redshift) || g.redshift < 0) throw new InvalidInputError(`bad redshift ${g.redshift}`)
  if (!Number.isInteger(g.priority ?? 0)) throw new InvalidInputError('priority must be an integer')
  const seen = new Set<number>()
  for (const a of g.areas) {
    if (seen.has(a.index)) throw new InvalidInputError(`area index ${a.index} repeated`)
    seen.add(a.index)
    if (a.pixels.length === 0) throw new InvalidInputError(`area ${a.index} has no pixels`)
    if (a.pixels.some(([x, y]) => !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0)) {
      throw new InvalidInputError(`area ${a.index} has a bad pixel coordinate`)
    }
  }
}

/** Registers a galaxy and its areas in one transaction; returns its id and whether it was new. */
export function addGalaxy (ctx: LifecycleContext, g: GalaxyInput, now: number): { galaxyId: number, created: boolean } {
  checkGalaxy(g)
  const { db } = ctx
  const metadata = JSON.stringify(g.metadata ?? {})
  const bands = JSON.stringify(g.bands)
  return db.transaction(() => {
    const prior = statement(db, 'SELECT id, metadata, priority, bands, redshift FROM galaxies WHERE name = ?').get(g.name) as
      { id: number, metadata: string, priority: number, bands: string, redshift: number } | undefined
    if (prior !== undefined) {
      const { n } = statement(db, 'SELECT count(*) AS n FROM areas WHERE galaxy_id = ?').get(prior.id) as { n: number }
      const same = prior.metadata === metadata && prior.priority === (g.priority ?? 0) && prior.bands === bands &&
        prior.redshift === g.redshift && n === g.areas.length
      if (!same) throw new GalaxyConflictError(g.name)
      return { galaxyId: prior.id, created: false }
    }
    // With no areas there is nothing to generate: the galaxy is at once generated (and complete).
    const status = g.areas.length === 0 ? 'complete' : 'queued'
    const { lastInsertRowid } = statement(db, `INSERT INTO galaxies (name, metadata, priority, arrival, status, bands, redshift)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(g.name, metadata, g.priority ?? 0, now, status, bands, g.redshift)
    const id = Number(lastInsertRowid)
    const insertArea = statement(db, `INSERT INTO areas (galaxy_id, area_index, x0, x1, y0, y1, pixels, viable_pixels)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    for (const a of g.areas) insertArea.run(id, a.index, a.x0, a.x1, a.y0, a.y1, packPixels(a.pixels), a.pixels.length)
    return { galaxyId: id, created: true }
  })()
}
