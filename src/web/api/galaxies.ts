// /api/galaxies: the list, one galaxy with its progress, verification state, images and archive, and its areas
// with the volunteers whose results were valid (the overlay of who computed what).
import type { GalaxySummary } from '../../coordinator/read-model/index.js'
import type { DashboardComponents } from '../components.js'
import { NotFoundError } from '../errors.js'
import { availableComposites } from '../render/composite.js'
import { sendJson } from '../respond.js'
import type { RouteContext } from '../router.js'
import { MAP_PARAMETERS } from './map-parameters.js'
import { idOf, pageOf, paged } from './params.js'

/** The galaxy of a request's `:id`, or NotFoundError. */
export function galaxyOf (c: Pick<DashboardComponents, 'readModel'>, ctx: RouteContext): GalaxySummary {
  const g = c.readModel.galaxy(idOf(ctx.params.id, 'galaxy id'))
  if (g === undefined) throw new NotFoundError('galaxy')
  return g
}

/** Links a client follows from a galaxy. */
function links (g: GalaxySummary): Record<string, unknown> {
  const base = `/api/galaxies/${g.id}`
  return {
    self: base,
    page: `/galaxies/${g.id}`,
    thumbnail: `${base}/thumbnail.png`,
    areas: `${base}/areas`,
    composites: availableComposites(g.bands).map((c) => ({ name: c.name, png: `${base}/composites/${c.name}.png` })),
    maps: MAP_PARAMETERS.map((m) => ({ parameter: m.parameter, label: m.label, json: `${base}/maps/${m.parameter}`, png: `${base}/maps/${m.parameter}.png` })),
    // Every parameter map as FITS, once the galaxy is archived (export.ts).
    export: g.status === 'archived' ? `${base}/export.fits` : null
  }
}

/** GET /api/galaxies?limit&offset */
export function listGalaxiesHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const page = pageOf(ctx.url)
    const { total, galaxies } = c.readModel.galaxies(page)
    sendJson(ctx.res, paged('galaxies', total, page, galaxies.map((g) => ({ ...g, links: links(g) }))))
  }
}

/** GET /api/galaxies/:id */
export function galaxyHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const g = galaxyOf(c, ctx)
    const archive = c.readModel.galaxyArchive(g.id)
    sendJson(ctx.res, {
      ...g,
      verification: c.readModel.galaxyVerification(g.id),
      archive: archive === undefined ? null : { cid: archive.cid, created: archive.created, mirrors: archive.mirrors },
      links: links(g)
    })
  }
}

/** GET /api/galaxies/:id/areas?limit&offset&volunteer=PEERID (default limit 500: a galaxy page overlays all) */
export function areasHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const g = galaxyOf(c, ctx)
    const page = pageOf(ctx.url, 500)
    const { total, areas } = c.readModel.galaxyAreas(g.id, page)
    const volunteer = ctx.url.searchParams.get('volunteer')
    const shown = volunteer === null || volunteer === '' ? areas : areas.filter((a) => a.volunteers.includes(volunteer))
    sendJson(ctx.res, { ...paged('areas', total, page, shown), galaxy: g.id, volunteer: volunteer === '' ? null : volunteer })
  }
}
