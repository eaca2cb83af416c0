import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CoordinatorService } from '../../../../src/coordinator/service/index.js'
import { EXPORT_FILES, verifyStatsExport, type StatsExportInfo } from '../../../../src/coordinator/stats/index.js'
import { Dashboard } from '../../../../src/web/index.js'
import { writeSmallLibrariesWithFilters } from '../../../helpers/reference-data.js'
import { Dirs, FAST_DHT } from '../service/helpers.js'

// The coordinator publishes its statistics export itself (with `statsExport`): one when its background work
// starts, announced as `stats-exported`; the dashboard only links and serves the export it is given and forwards
// the event to /api/events; after a restart the last export on disk is linked before the next one is made.

const dirs = new Dirs()
let libraries: string
let dataDir: string
let service: CoordinatorService | undefined
let dashboard: Dashboard | undefined
let first: StatsExportInfo | undefined

async function start (): Promise<{ service: CoordinatorService, exported: Promise<{ cid: string, dir: string }> }> {
  const s = new CoordinatorService({ dataDir, librariesDir: libraries, dht: FAST_DHT, statsExport: { intervalMs: 3_600_000 } })
  const exported = s.next('stats-exported', undefined, { signal: AbortSignal.timeout(30_000) })
  await s.start()
  return { service: s, exported }
}

beforeAll(async () => {
  libraries = writeSmallLibrariesWithFilters(200)
  dataDir = await dirs.make('pogs-coordinator-')
})
afterAll(async () => {
  await dashboard?.stop()
  await service?.stop()
  await dirs.remove()
})

describe('the coordinator\'s statistics export', () => {
  test('made at start, announced, linked and served by the dashboard, forwarded on /api/events', async () => {
    const started = await start()
    service = started.service
    const e = await started.exported
    first = service.latestStatsExport()
    expect(first).toMatchObject({ cid: e.cid, dir: e.dir, users: 0, teams: 0, project: service.project })
    dashboard = await Dashboard.start(service, { http: { host: '127.0.0.1', port: 0 }, dataDir, librariesDir: libraries })
    const base = dashboard.url
    const stats = await (await fetch(new URL('/api/stats', base))).json() as { export: { cid: string } }
    expect(stats.export.cid).toBe(e.cid)
    const files = new Map<string, Uint8Array>()
    for (const name of EXPORT_FILES) files.set(name, new Uint8Array(await (await fetch(new URL(`/stats/latest/${name}`, base))).arrayBuffer()))
    expect((await verifyStatsExport(files, service.project)).project).toBe(service.project)

    const events = await fetch(new URL('/api/events', base))
    const reader = (events.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    const decoder = new TextDecoder()
    const readUntil = async (until: string): Promise<void> => {
      while (!text.includes(until)) {
        const { value, done } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
      }
    }
    await readUntil(': connected')
    const again = await service.exportStats()
    expect(again?.cid).toBeDefined()
    await readUntil('event: stats-exported')
    await readUntil('\n\n')
    expect(text).toContain(`event: stats-exported\ndata: {"cid":"${again?.cid ?? ''}"`)
    await reader.cancel()
    expect(service.latestStatsExport()?.created).toBe(again?.created)
  })

  test('after a restart the last export on disk is linked at once', async () => {
    const last = service?.latestStatsExport()
    expect(last).toBeDefined()
    await dashboard?.stop()
    dashboard = undefined
    await service?.stop()
    service = undefined
    const started = await start()
    service = started.service
    expect(service.latestStatsExport()?.cid).toBe(last?.cid)
    await started.exported
  })
})
