// GET /api/trust: the keys banned for having lied (docs/work-lifecycle.md#revocation), newest first and paged, with
// what their revocation reopened; and the units no live key may replicate (docs/work-lifecycle.md#starved).
import type { DashboardComponents } from '../components.js'
import { MAX_PAGE_LIMIT } from '../constants.js'
import { sendJson } from '../respond.js'
import type { RouteContext } from '../router.js'
import { pageOf, paged } from './params.js'

/** GET /api/trust?limit&offset: bans paged; starved units counted, at most MAX_PAGE_LIMIT of their ids. */
export function trustHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const page = pageOf(ctx.url)
    const { total, bans } = c.readModel.bans(page)
    sendJson(ctx.res, { ...paged('bans', total, page, bans), starved: c.readModel.starved(MAX_PAGE_LIMIT) })
  }
}
