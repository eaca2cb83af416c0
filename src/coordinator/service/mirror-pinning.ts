// The pinning pass: every archive some manifest mirror has not confirmed is sent to that mirror with its signed
// archive record; each signed receipt (the mirror's response envelope) is recorded, and once R mirrors hold a
// galaxy's archive its histograms leave the database. A mirror that is down is asked again later (backoff).
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import { Envelope } from '../../../protocols/envelope.js'
import { RemoteError } from '../../net/errors.js'
import { decodeArchiveRecord } from '../../net/messages/index.js'
import { pinTimeoutMs } from '../../net/protocols.js'
import { request } from '../../net/request-response.js'
import type { ErrorCode } from '../../util/error-codes.js'
import { PogsError } from '../../util/errors.js'
import type { WorkStore } from '../lifecycle/index.js'
import type { Backoff } from './backoff.js'
import type { CoordinatorEmitter } from './events.js'
import type { KeyedPeer } from './peers.js'

/** What pinning needs. */
export interface PinningComponents {
  store: Pick<WorkStore, 'archivesShortOfReceipts' | 'recordReceipt' | 'dropDetail' | 'galaxy'>
  libp2p: Pick<Libp2p, 'dial'>
  privateKey: PrivateKey
  mirrors: KeyedPeer[]
  events: CoordinatorEmitter
  backoff: Backoff
  signal: AbortSignal
}

/** A receipt that does not name what was asked for. */
class WrongReceiptError extends PogsError {
  constructor () {
    super('ERR_WRONG_RECEIPT', 'the receipt does not name the archive')
  }
}

/** Asks the mirrors for what they miss, then drops the detail R receipts allow (one pass). */
export async function pinningPass (c: PinningComponents): Promise<void> {
  for (const a of c.store.archivesShortOfReceipts(c.mirrors.length)) {
    const have = new Set(a.mirrors.map((m) => m.toString('hex')))
    // Mirrors in parallel: each receipt waits for that mirror's fetch.
    await Promise.all(c.mirrors.filter((m) => !have.has(Buffer.from(m.key).toString('hex'))).map(async (m) => {
      const key = `${a.cid}#${m.id.toString()}`
      if (!c.backoff.due(key) || c.signal.aborted) return
      try {
        // As long as the mirror's own deadline for an archive of this size (a large archive takes a while to fetch).
        const timeoutMs = pinTimeoutMs(decodeArchiveRecord(Envelope.decode(a.record).payload).size)
        const { body, envelope } = await request(c.libp2p, m.id, 'pin', { cids: [CID.parse(a.cid)], record: a.record }, { privateKey: c.privateKey, signal: c.signal, timeoutMs })
        if (!body.cids.some((x) => x.toString() === a.cid)) throw new WrongReceiptError()
        c.store.recordReceipt({ cid: a.cid, mirror: m.key, signature: envelope.bytes })
        c.backoff.succeeded(key)
        c.events.emit('receipt', { galaxy: a.galaxy, cid: a.cid, mirror: m.id.toString() })
      } catch (err) {
        if (c.signal.aborted) return
        c.backoff.failed(key)
        const code = err instanceof RemoteError ? err.remoteCode : err instanceof PogsError ? err.code : 'ERR_INTERNAL' satisfies ErrorCode
        c.events.emit('pin-failed', { galaxy: a.galaxy, cid: a.cid, mirror: m.id.toString(), code })
      }
    }))
  }
  for (const galaxyId of c.store.dropDetail()) {
    c.events.emit('detail-dropped', { galaxy: c.store.galaxy(galaxyId)?.name ?? '', galaxyId })
  }
}
