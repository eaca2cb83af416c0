// /pogs/pin/1.0.0 on a mirror: the project's coordinator asks it to fetch, pin and provide content (an archive, with
// its signed archive record) and gets a signed receipt back. The fetch has as long as the record's size allows
// (pinTimeoutMs: large archives get longer), and a fetch still running reports its progress every few seconds.
import type { PrivateKey } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import { Envelope } from '../../protocols/envelope.js'
import { fetchAndPin, pinnedBytes, type ContentHelia } from '../net/content.js'
import { sealEnvelope } from '../net/envelope.js'
import { NotAuthorizedError } from '../net/errors.js'
import { decodeArchiveRecord, MESSAGE_CODECS } from '../net/messages/index.js'
import { pinTimeoutMs } from '../net/protocols.js'
import type { RequestHandler } from '../net/request-response.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** How often a pin still fetching reports its progress. */
export const PIN_PROGRESS_INTERVAL_MS = 5_000
/** UnixFS chunks are at most this large (Helia's default chunker): blocks fetched times this bounds the bytes. */
const CHUNK_BYTES = 262_144

/** What the pin handler needs. */
export interface PinHandlerComponents {
  helia: ContentHelia
  privateKey: PrivateKey
  /** Only the project's coordinator may ask: each request makes us fetch and store content. A mirror of several
   * projects passes a test of the peer id instead. */
  project: string | ((peer: string) => boolean)
  onPinned?: (p: { cid: CID, bytes: number, receipt: Uint8Array, project: string }) => void
  /** A pin still fetching: blocks held so far, about how many bytes that is, and the size its record states. */
  onProgress?: (p: { cid: CID, blocks: number, bytes: number, size?: number, project: string }) => void
  /** Progress report interval, ms (default PIN_PROGRESS_INTERVAL_MS). */
  progressIntervalMs?: number
}

/** The size a pin request's archive record states, if it carries one that decodes. */
function recordSize (record: Uint8Array | undefined): number | undefined {
  if (record === undefined) return undefined
  try {
    return decodeArchiveRecord(Envelope.decode(record).payload).size
  } catch {
    return undefined
  }
}

/**
 * Answers /pogs/pin/1.0.0: fetches and pins every requested CID, provides it, and returns a signed receipt
 * (the response envelope itself is the signed receipt the coordinator keeps).
 */
export function createPinHandler (c: PinHandlerComponents): RequestHandler<'pin'> {
  return async (request, ctx) => {
    const peer = ctx.peer.toString()
    if (typeof c.project === 'string' ? peer !== c.project : !c.project(peer)) throw new NotAuthorizedError('only the project coordinator may request pins')
    let bytes = 0
    const size = recordSize(request.record)
    const signal = AbortSignal.any([ctx.signal, timeoutSignal(pinTimeoutMs(size))])
    for (const cid of request.cids) {
      let blocks = 0
      const progress = setInterval(() => {
        c.onProgress?.({ cid, blocks, bytes: Math.min(blocks * CHUNK_BYTES, size ?? Infinity), ...(size !== undefined ? { size } : {}), project: peer })
      }, c.progressIntervalMs ?? PIN_PROGRESS_INTERVAL_MS)
      try {
        await fetchAndPin(c.helia, cid, { signal, onBlock: () => { blocks++ } })
      } finally {
        clearInterval(progress)
      }
      const held = await pinnedBytes(c.helia, cid)
      bytes += held
      const receipt = await sealEnvelope(c.privateKey, {
        kind: 'pin-receipt',
        payload: MESSAGE_CODECS['pin-receipt'].encode({ cids: [cid], bytes: held, pinnedMs: Date.now() })
      })
      c.onPinned?.({ cid, bytes: held, receipt, project: peer })
    }
    return { cids: request.cids, bytes, pinnedMs: Date.now() }
  }
}
