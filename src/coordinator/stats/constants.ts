// The statistics export's defaults, each with its reason (docs/coordinator.md).

/** Statistics export interval: six hours, as POGS reported to BOINCstats (statistics sites poll no more often). */
export const STATS_INTERVAL_MS = 6 * 3_600_000
/** Exports kept on disk and pinned; older ones are unpinned and removed (each supersedes the one before). */
export const STATS_KEEP = 8
