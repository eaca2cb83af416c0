// Colour composites of a galaxy's bands (GET /api/galaxies/:id/composites/:name.png, e.g. zir.png) and its
// thumbnail (GET /api/galaxies/:id/thumbnail.png, the first composite shrunk). The bands never change once a
// galaxy is registered, so rendered PNGs are kept (a few galaxies' worth).
import type { DashboardComponents } from '../components.js'
import { MAX_IMAGE_SIDE, THUMBNAIL_SIDE } from '../constants.js'
import { HttpError, NotFoundError } from '../errors.js'
import { availableComposites, renderComposite } from '../render/composite.js'
import { encodePng, shrink } from '../render/png.js'
import { sendPng } from '../respond.js'
import type { RouteContext } from '../router.js'
import { galaxyOf } from './galaxies.js'

/** Composite PNGs kept: two composites and a thumbnail for each of a dozen galaxies. */
const KEEP = 36

/** Renders and keeps composite PNGs. */
export class CompositeImages {
  private readonly cache = new Map<string, Uint8Array>()

  constructor (private readonly c: Pick<DashboardComponents, 'images'>) {}

  /** The PNG of composite `name` (or the thumbnail of the first composite), or undefined when not available. */
  png (galaxyId: number, name: string, thumbnail: boolean): Uint8Array | undefined {
    const key = `${galaxyId}/${name}/${thumbnail ? 't' : 'f'}`
    const hit = this.cache.get(key)
    if (hit !== undefined) return hit
    const images = this.c.images(galaxyId)
    if (images === undefined) return undefined
    if (images.width > MAX_IMAGE_SIDE || images.height > MAX_IMAGE_SIDE) throw new HttpError(413, 'ERR_TOO_LARGE', 'the galaxy is too large to render here')
    const composites = availableComposites(images.bands)
    const c = thumbnail ? composites[0] : composites.find((x) => x.name === name)
    if (c === undefined) return undefined
    const rgba = renderComposite([images.flux[c.bands[0]], images.flux[c.bands[1]], images.flux[c.bands[2]]], images.width, images.height)
    const png = encodePng(thumbnail ? shrink(rgba, THUMBNAIL_SIDE) : rgba)
    this.cache.set(key, png)
    while (this.cache.size > KEEP) this.cache.delete(this.cache.keys().next().value as string)
    return png
  }
}

/** GET /api/galaxies/:id/composites/:name (name = e.g. zir.png; mono.png without three optical bands) */
export function compositeHandler (c: DashboardComponents, images: CompositeImages) {
  return (ctx: RouteContext): void => {
    const g = galaxyOf(c, ctx)
    const m = /^([a-z]{3,4})\.png$/.exec(ctx.params.name)
    const png = m === null ? undefined : images.png(g.id, m[1], false)
    if (png === undefined) throw new NotFoundError('composite')
    sendPng(ctx.res, png)
  }
}

/** GET /api/galaxies/:id/thumbnail.png */
export function thumbnailHandler (c: DashboardComponents, images: CompositeImages) {
  return (ctx: RouteContext): void => {
    const g = galaxyOf(c, ctx)
    const png = images.png(g.id, '', true)
    if (png === undefined) throw new NotFoundError('thumbnail')
    sendPng(ctx.res, png)
  }
}
