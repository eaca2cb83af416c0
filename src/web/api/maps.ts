// Parameter maps: GET /api/galaxies/:id/maps/:parameter (JSON: the values, null where not yet assimilated, and the
// colour range) and /api/galaxies/:id/maps/:parameter.png (the same coloured on viridis); /api/colour-bar.png.
import { PARAMETER_NAMES, VALUE_NAMES, type ParameterName, type ValueName } from '../../fit/index.js'
import type { DashboardComponents } from '../components.js'
import { MAX_IMAGE_SIDE } from '../constants.js'
import { BadRequestError, HttpError } from '../errors.js'
import type { ParameterGrids } from '../parameter-grids.js'
import { renderColourBar, renderParameterMap, robustRange } from '../render/parameter-map.js'
import { encodePng } from '../render/png.js'
import { sendJson, sendPng } from '../respond.js'
import type { RouteContext } from '../router.js'
import { galaxyOf } from './galaxies.js'
import { oneOf } from './params.js'

/** Largest map answered as a JSON array (cells); bigger galaxies get PNGs only. */
const MAX_JSON_CELLS = 512 * 512

function mapRequest (c: DashboardComponents, grids: ParameterGrids, ctx: RouteContext): { png: boolean, parameter: ParameterName, value: ValueName, grid: ReturnType<ParameterGrids['grid']>, galaxy: number } {
  const g = galaxyOf(c, ctx)
  const name = ctx.params.parameter
  const png = name.endsWith('.png')
  const parameter = oneOf(png ? name.slice(0, -4) : name, PARAMETER_NAMES, 'parameter')
  const value = oneOf(ctx.url.searchParams.get('value') ?? 'median', VALUE_NAMES, 'value')
  const extent = c.readModel.galaxyExtent(g)
  if (extent === undefined) throw new BadRequestError('the galaxy has no areas')
  if (extent.width > MAX_IMAGE_SIDE || extent.height > MAX_IMAGE_SIDE) throw new HttpError(413, 'ERR_TOO_LARGE', 'the galaxy is too large to render here')
  return { png, parameter, value, grid: grids.grid(g.id, extent.width, extent.height, parameter, value), galaxy: g.id }
}

/** GET /api/galaxies/:id/maps/:parameter[.png]?value=median */
export function mapHandler (c: DashboardComponents, grids: ParameterGrids) {
  return (ctx: RouteContext): void => {
    const m = mapRequest(c, grids, ctx)
    const range = robustRange(m.grid.values)
    if (m.png) {
      sendPng(ctx.res, encodePng(renderParameterMap(m.grid.values, m.grid.width, m.grid.height, range)))
      return
    }
    if (m.grid.width * m.grid.height > MAX_JSON_CELLS) throw new HttpError(413, 'ERR_TOO_LARGE', 'the map is too large for JSON; fetch the PNG')
    sendJson(ctx.res, {
      galaxy: m.galaxy,
      parameter: m.parameter,
      value: m.value,
      width: m.grid.width,
      height: m.grid.height,
      pixels: m.grid.count,
      range: range ?? null,
      // Row-major, index x + width y (y = 0 the first FITS row); null where no pixel is assimilated.
      values: Array.from(m.grid.values, (v) => (Number.isFinite(v) ? v : null))
    })
  }
}

/** GET /api/colour-bar.png: viridis, low on the left. */
export function colourBarHandler () {
  const png = encodePng(renderColourBar())
  return (ctx: RouteContext): void => { sendPng(ctx.res, png) }
}
