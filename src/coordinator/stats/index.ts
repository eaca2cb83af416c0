// The coordinator's signed statistics export (BOINC's user.xml and team.xml, a manifest and its signature, added
// to Helia; docs/coordinator.md): import from here.
export { StatsExporter, type StatsExporterInit } from './stats-exporter.js'
export {
  writeStatsExport, verifyStatsExport, latestStatsExport, listStatsExports, pruneStatsExports, statsDir, EXPORT_FILES,
  type StatsExportInfo, type StatsExportComponents, type StatsManifest
} from './stats-export.js'
export { StatsExportError, STATS_EXPORT_DOMAIN } from './sign.js'
export { STATS_INTERVAL_MS, STATS_KEEP } from './constants.js'
