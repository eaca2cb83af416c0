// The web dashboard (docs/web.md): import from here.
export { Dashboard, type DashboardInit } from './dashboard.js'
export { DashboardServer, parseHttpAddress, type HttpAddress } from './http-server.js'
export { dashboardRoutes, API_ROUTES } from './routes.js'
export { SseHub } from './sse-hub.js'
export type { DashboardComponents, GalaxyImages } from './components.js'
export { DEFAULT_HTTP_ADDRESS } from './constants.js'
