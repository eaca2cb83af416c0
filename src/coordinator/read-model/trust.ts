// Trust as the read model shows it (docs/work-lifecycle.md#trust): the keys banned for having lied, newest first,
// with what their revocation reopened. The ban's evidence and the key's network stay out: the evidence may quote
// what the peer sent, and the network is part of an address. Paged (callers cap the page). No writes here.
import { peerIdOfKey } from '../service/peers.js'
import type { Db } from '../store/open-database.js'
import { statement } from '../store/statements.js'
import type { BanLine, Page } from './views.js'

/** A page of bans, newest first. */
export function listBans (db: Db, page: Page): { total: number, bans: BanLine[] } {
  const { n } = statement(db, 'SELECT count(*) AS n FROM bans').get() as { n: number }
  const rows = statement(db, 'SELECT key, reason, banned, units, pixels FROM bans ORDER BY banned DESC, key LIMIT ? OFFSET ?')
    .all(page.limit, page.offset) as Array<{ key: Buffer, reason: string, banned: number, units: number, pixels: number }>
  return { total: n, bans: rows.map((r) => ({ peerId: peerIdOfKey(r.key), reason: r.reason, banned: r.banned, units: r.units, pixels: r.pixels })) }
}
