// The network side: GET /api/peers (connected now, with their role), GET /api/content (the manifest's library CIDs
// and the archives' CIDs, each with how many mirrors signed a receipt for it), GET /api/archives.
import type { DashboardComponents } from '../components.js'
import { MAX_PAGE_LIMIT } from '../constants.js'
import { sendJson } from '../respond.js'
import type { RouteContext } from '../router.js'
import { pageOf, paged } from './params.js'

/** A connected peer's role as the coordinator knows it. */
export type PeerRole = 'verifier' | 'mirror' | 'volunteer' | 'peer'

/** GET /api/peers: at most MAX_PAGE_LIMIT, oldest connection first. */
export function peersHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const m = c.readModel.manifest()
    const connected = c.readModel.peers().sort((a, b) => a.opened - b.opened || a.peerId.localeCompare(b.peerId))
    const shown = connected.slice(0, MAX_PAGE_LIMIT)
    const names = c.readModel.volunteerNames(shown.map((p) => p.peerId))
    const role = (id: string): PeerRole => m.verifiers.includes(id) ? 'verifier' : m.mirrors.includes(id) ? 'mirror' : names.has(id) ? 'volunteer' : 'peer'
    sendJson(ctx.res, {
      total: connected.length,
      peers: shown.map((p) => ({ ...p, role: role(p.peerId), name: names.get(p.peerId) ?? null }))
    })
  }
}

/** GET /api/content: the project's content by CID with mirror receipts. */
export function contentHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const m = c.readModel.manifest()
    const archives = c.readModel.archives({ limit: MAX_PAGE_LIMIT, offset: 0 })
    const libReceipts = c.readModel.receiptCounts(m.libraries.map((l) => l.cid))
    const exported = c.latestExport()
    sendJson(ctx.res, {
      project: c.project,
      manifest: { sequence: m.sequence, issued: m.issuedMs, verifiers: m.verifiers, mirrors: m.mirrors },
      libraries: m.libraries.map((l) => ({ ...l, mirrors: libReceipts.get(l.cid) ?? 0 })),
      archives: archives.archives,
      archivesTotal: archives.total,
      statsExport: exported ?? null
    })
  }
}

/** GET /api/archives?limit&offset: newest first. */
export function archivesHandler (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const page = pageOf(ctx.url)
    const { total, archives } = c.readModel.archives(page)
    sendJson(ctx.res, paged('archives', total, page, archives))
  }
}
