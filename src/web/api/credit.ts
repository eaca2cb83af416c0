// Rankings: GET /api/volunteers and /api/teams (by total credit, with the recent average decayed to now).
import type { DashboardComponents } from '../components.js'
import { sendJson } from '../respond.js'
import type { RouteContext } from '../router.js'
import { pageOf, paged } from './params.js'

/** GET /api/volunteers?limit&offset */
export function volunteersHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const page = pageOf(ctx.url)
    const { total, volunteers } = c.readModel.volunteers(page)
    sendJson(ctx.res, paged('volunteers', total, page, volunteers))
  }
}

/** GET /api/volunteers/:peerId: one volunteer's credit, `{ volunteer: null }` before its key earned any (the
 * browser volunteer's page asks after each result). */
export function volunteerHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    sendJson(ctx.res, { volunteer: c.readModel.volunteer(ctx.params.peerId ?? '') ?? null })
  }
}

/** GET /api/teams?limit&offset */
export function teamsHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const page = pageOf(ctx.url)
    const { total, teams } = c.readModel.teams(page)
    sendJson(ctx.res, paged('teams', total, page, teams))
  }
}
