import type { PrivateKey } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import { fetchAndPin, pinnedBytes, type ContentHelia } from '../net/content.js'
import { sealEnvelope } from '../net/envelope.js'
import { NotAuthorizedError } from '../net/errors.js'
import { MESSAGE_CODECS } from '../net/messages/index.js'
import type { RequestHandler } from '../net/request-response.js'

/** What the pin handler needs. */
export interface PinHandlerComponents {
  helia: ContentHelia
  privateKey: PrivateKey
  /** Only the project's coordinator may ask: each request makes us fetch and store content. A mirror of several
   * projects passes a test of the peer id instead. */
  project: string | ((peer: string) => boolean)
  onPinned?: (p: { cid: CID, bytes: number, receipt: Uint8Array, project: string }) => void
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
    for (const cid of request.cids) {
      await fetchAndPin(c.helia, cid, { signal: ctx.signal })
      const size = await pinnedBytes(c.helia, cid)
      bytes += size
      const receipt = await sealEnvelope(c.privateKey, {
        kind: 'pin-receipt',
        payload: MESSAGE_CODECS['pin-receipt'].encode({ cids: [cid], bytes: size, pinnedMs: Date.now() })
      })
      c.onPinned?.({ cid, bytes: size, receipt, project: peer })
    }
    return { cids: request.cids, bytes, pinnedMs: Date.now() }
  }
}
