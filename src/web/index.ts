// The web dashboard (issue 7): import from here.
export { Dashboard, type DashboardInit } from './dashboard.js'
export { DashboardServer, parseHttpAddress, type HttpAddress } from './http-server.js'
export { dashboardRoutes, API_ROUTES } from './routes.js'
export { SseHub } from './sse-hub.js'
export type { DashboardComponents, GalaxyImages, ManifestView, ConnectedPeer } from './components.js'
export { writeStatsExport, verifyStatsExport, latestStatsExport, type StatsExportInfo, type StatsManifest } from './stats/stats-export.js'
export { DEFAULT_HTTP_ADDRESS, STATS_INTERVAL_MS } from './constants.js'
