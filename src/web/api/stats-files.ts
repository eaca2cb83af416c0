// The latest statistics export's files: GET /stats/latest/:file (user.xml.gz, team.xml.gz, export.json,
// export.sig), and GET /api/stats (what the export holds, its CID, and the project's counts).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EXPORT_FILES } from '../../coordinator/stats/index.js'
import type { DashboardComponents } from '../components.js'
import { NotFoundError } from '../errors.js'
import { send, sendJson } from '../respond.js'
import type { RouteContext } from '../router.js'

const TYPES: Record<typeof EXPORT_FILES[number], string> = {
  'user.xml.gz': 'application/gzip',
  'team.xml.gz': 'application/gzip',
  'export.json': 'application/json; charset=utf-8',
  'export.sig': 'application/octet-stream'
}

/** GET /stats/latest/:file */
export function statsFileHandler (c: DashboardComponents) {
  return async (ctx: RouteContext): Promise<void> => {
    const name = ctx.params.file as typeof EXPORT_FILES[number]
    const latest = c.latestExport()
    if (!(EXPORT_FILES as readonly string[]).includes(name) || latest === undefined) throw new NotFoundError('export file')
    let bytes: Buffer
    try {
      bytes = await readFile(join(latest.dir, name))
    } catch {
      throw new NotFoundError('export file')
    }
    send(ctx.res, 200, TYPES[name], bytes, { 'content-disposition': `attachment; filename="${name}"` })
  }
}

/** GET /api/stats */
export function statsHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const latest = c.latestExport()
    sendJson(ctx.res, {
      project: c.project,
      counts: c.readModel.projectCounts(),
      export: latest === undefined
        ? null
        : { cid: latest.cid, created: latest.created, users: latest.users, teams: latest.teams, files: latest.files.map((f) => ({ ...f, url: `/stats/latest/${f.name}` })), signature: '/stats/latest/export.sig', manifest: '/stats/latest/export.json' }
    })
  }
}
