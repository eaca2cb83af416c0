// The dashboard's routing table: pages, the JSON API (docs/web.md), images, live events, exports and assets.
// Everything is GET (and HEAD): the dashboard is read-only.
import { archivesHandler, contentHandler, peersHandler } from './api/network.js'
import { teamsHandler, volunteerHandler, volunteersHandler } from './api/credit.js'
import { exportHandler } from './api/export.js'
import { areasHandler, galaxyHandler, listGalaxiesHandler } from './api/galaxies.js'
import { CompositeImages, compositeHandler, thumbnailHandler } from './api/images.js'
import { colourBarHandler, mapHandler } from './api/maps.js'
import { statsFileHandler, statsHandler } from './api/stats-files.js'
import { trustHandler } from './api/trust.js'
import { APP_JS } from './assets/app-js.js'
import { STYLE_CSS } from './assets/style-css.js'
import { VERIFY_JS } from './assets/verify-js.js'
import type { DashboardComponents } from './components.js'
import { galaxyPage } from './pages/galaxy-page.js'
import { indexPage } from './pages/index-page.js'
import { networkPage } from './pages/network-page.js'
import { volunteersPage } from './pages/volunteers-page.js'
import { ParameterGrids } from './parameter-grids.js'
import { send, sendJson } from './respond.js'
import { Router, type RouteContext } from './router.js'
import type { SseHub } from './sse-hub.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** @noble/ed25519 (a self-contained ES module) for the browser's check of statistics exports. */
function nobleEd25519 (): string {
  return readFileSync(fileURLToPath(import.meta.resolve('@noble/ed25519')), 'utf8')
}

/** The API's routes as /api lists them. */
export const API_ROUTES = [
  '/api/stats', '/api/galaxies', '/api/galaxies/:id', '/api/galaxies/:id/areas',
  '/api/galaxies/:id/maps/:parameter', '/api/galaxies/:id/maps/:parameter.png', '/api/galaxies/:id/composites/:rgb.png',
  '/api/galaxies/:id/thumbnail.png', '/api/galaxies/:id/export.fits', '/api/colour-bar.png', '/api/volunteers', '/api/volunteers/:peerId', '/api/teams', '/api/peers',
  '/api/content', '/api/archives', '/api/trust', '/api/events'
] as const

function asset (text: string, type: string) {
  const bytes = Buffer.from(text, 'utf8')
  return (ctx: RouteContext): void => { send(ctx.res, 200, type, bytes, { 'cache-control': 'no-cache' }) }
}

/** Every route of the dashboard. */
export function dashboardRoutes (c: DashboardComponents, hub: SseHub): Router {
  const grids = new ParameterGrids(c.readModel)
  const images = new CompositeImages(c)
  return new Router()
    .add('GET', '/', indexPage(c))
    .add('GET', '/galaxies/:id', galaxyPage(c, grids))
    .add('GET', '/volunteers', volunteersPage(c))
    .add('GET', '/network', networkPage(c))
    .add('GET', '/assets/app.js', asset(APP_JS, 'text/javascript; charset=utf-8'))
    .add('GET', '/assets/style.css', asset(STYLE_CSS, 'text/css; charset=utf-8'))
    .add('GET', '/assets/verify.js', asset(VERIFY_JS, 'text/javascript; charset=utf-8'))
    .add('GET', '/assets/noble-ed25519.js', asset(nobleEd25519(), 'text/javascript; charset=utf-8'))
    // Browsers ask for it on every site; no icon, and no 404 in their consoles.
    .add('GET', '/favicon.ico', (ctx) => { ctx.res.writeHead(204, { 'cache-control': 'max-age=86400' }).end() })
    .add('GET', '/api', (ctx) => { sendJson(ctx.res, { project: c.project, routes: API_ROUTES, docs: 'docs/web.md' }) })
    .add('GET', '/api/content', contentHandler(c))
    .add('GET', '/api/stats', statsHandler(c))
    .add('GET', '/api/galaxies', listGalaxiesHandler(c))
    .add('GET', '/api/galaxies/:id', galaxyHandler(c))
    .add('GET', '/api/galaxies/:id/areas', areasHandler(c))
    .add('GET', '/api/galaxies/:id/maps/:parameter', mapHandler(c, grids))
    .add('GET', '/api/galaxies/:id/composites/:name', compositeHandler(c, images))
    .add('GET', '/api/galaxies/:id/thumbnail.png', thumbnailHandler(c, images))
    .add('GET', '/api/galaxies/:id/export.fits', exportHandler(c))
    .add('GET', '/api/colour-bar.png', colourBarHandler())
    .add('GET', '/api/volunteers', volunteersHandler(c))
    .add('GET', '/api/volunteers/:peerId', volunteerHandler(c))
    .add('GET', '/api/teams', teamsHandler(c))
    .add('GET', '/api/peers', peersHandler(c))
    .add('GET', '/api/archives', archivesHandler(c))
    .add('GET', '/api/trust', trustHandler(c))
    .add('GET', '/api/events', hub.handler())
    .add('GET', '/stats/latest/:file', statsFileHandler(c))
}
