// GET /api/galaxies/:id/export.fits: an archived galaxy's parameter maps as one multi-extension FITS file
// (docs/archive.md, export), read from its archive and streamed one parameter at a time as the client takes it.
import type { ServerResponse } from 'node:http'
import { planFitsExport } from '../../archive/export-fits.js'
import type { GalaxyArchive } from '../../archive/read-archive.js'
import type { DashboardComponents } from '../components.js'
import { MAX_CONCURRENT_EXPORTS, MAX_EXPORT_PIXELS } from '../constants.js'
import { HttpError, NotFoundError, TooManyExportsError } from '../errors.js'
import { startDownload } from '../respond.js'
import type { RouteContext } from '../router.js'
import { galaxyOf } from './galaxies.js'

/** The export's file name: the galaxy's name as a file name (as the coordinator names archives). */
export function exportFileName (name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100)
  return `${safe === '' ? 'galaxy' : safe}.fits`
}

/** Writes one chunk, waiting while the socket's buffer is full; false when the client has gone. */
async function write (res: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  if (res.destroyed) return false
  if (res.write(chunk)) return true
  await new Promise<void>((resolve) => {
    const done = (): void => { res.off('drain', done); res.off('close', done); resolve() }
    res.on('drain', done)
    res.on('close', done)
  })
  return !res.destroyed
}

/**
 * GET /api/galaxies/:id/export.fits (and HEAD): 404 until the galaxy is archived (a galaxy reopened by a ban is
 * not: its archive holds pixels being computed again), 413 above MAX_EXPORT_PIXELS, 503 beyond
 * MAX_CONCURRENT_EXPORTS at once. `application/fits` (RFC 4047) with its length and a file name.
 */
export function exportHandler (c: Pick<DashboardComponents, 'readModel' | 'archive'>) {
  let running = 0
  return async (ctx: RouteContext): Promise<void> => {
    const g = galaxyOf(c, ctx)
    const recorded = g.status === 'archived' ? c.archive(g.id) : undefined
    if (recorded === undefined) throw new NotFoundError('archive')
    if (running >= MAX_CONCURRENT_EXPORTS) throw new TooManyExportsError()
    running++
    let archive: GalaxyArchive | undefined
    try {
      // Loaded on the first export: a coordinator's main thread otherwise never loads HDF5.
      const { openArchive } = await import('../../archive/read-archive.js')
      archive = await openArchive(recorded.path)
      const { width, height } = archive.facts
      if (width * height > MAX_EXPORT_PIXELS) throw new HttpError(413, 'ERR_TOO_LARGE', 'the galaxy is too large to export here; export its archive with pogs archive export')
      const plan = planFitsExport(archive, { cid: recorded.cid })
      startDownload(ctx.res, 'application/fits', plan.size, exportFileName(g.name))
      if (ctx.req.method !== 'HEAD') {
        for (const part of plan.parts()) if (!await write(ctx.res, part)) return
      }
      ctx.res.end()
    } finally {
      archive?.close()
      running--
    }
  }
}
