// The statistics exporter: an export when started and every interval (default 6 h, as POGS reported to
// BOINCstats), older exports pruned; each finished export is reported (the coordinator service emits
// `stats-exported`, which the CLI prints and the dashboard forwards, and the dashboard links the latest).
import { STATS_INTERVAL_MS, STATS_KEEP } from './constants.js'
import { latestStatsExport, pruneStatsExports, writeStatsExport, type StatsExportComponents, type StatsExportInfo } from './stats-export.js'

export interface StatsExporterInit {
  /** ms between exports (default STATS_INTERVAL_MS). */
  intervalMs?: number
  /** Exports kept (default STATS_KEEP). */
  keep?: number
  onExported: (info: StatsExportInfo) => void
  onError: (err: unknown) => void
}

/** Exports on a timer; load() and start() once, stop() at shutdown. */
export class StatsExporter {
  private timer: NodeJS.Timeout | undefined
  private readonly controller = new AbortController()
  private running: Promise<void> = Promise.resolve()
  private last: StatsExportInfo | undefined

  constructor (private readonly c: StatsExportComponents, private readonly init: StatsExporterInit) {}

  /** The newest export (this run's, or the last one on disk once load() has run). */
  latest (): StatsExportInfo | undefined { return this.last }

  /** Finds the last export on disk (after a restart the dashboard links it again before the first new one). */
  async load (): Promise<void> {
    this.last ??= await latestStatsExport(this.c.dataDir)
  }

  /** Exports now, then every interval. */
  start (): void {
    if (this.timer !== undefined || this.controller.signal.aborted) return
    this.timer = setInterval(() => { void this.exportNow() }, this.init.intervalMs ?? STATS_INTERVAL_MS)
    this.timer.unref()
    void this.exportNow()
  }

  /** Runs one export after any running one; failures go to onError (the next interval tries again). */
  async exportNow (): Promise<StatsExportInfo | undefined> {
    const run = this.running.then(async () => {
      if (this.controller.signal.aborted) return undefined
      try {
        const info = await writeStatsExport(this.c, Date.now(), { signal: this.controller.signal })
        this.last = info
        await pruneStatsExports(this.c.dataDir, this.c.helia, this.init.keep ?? STATS_KEEP)
        this.init.onExported(info)
        return info
      } catch (err) {
        if (!this.controller.signal.aborted) this.init.onError(err)
        return undefined
      }
    })
    this.running = run.then(() => {})
    return await run
  }

  /** Stops the timer and waits for a running export to end. */
  async stop (): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.controller.abort()
    await this.running
  }
}
