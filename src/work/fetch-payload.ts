// A unit's payload by CID, bounded: what volunteers (Node and browser) and verifiers fetch before decoding a unit.
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import { CID } from 'multiformats/cid'
import type { ContentHelia } from '../net/content.js'
import { ContentTooLargeError } from '../net/errors.js'
import { fetchBytes } from '../net/fetch-content.js'
import { BadUnitError } from './errors.js'

/**
 * fetchBytes stops at `maxBytes`, but only once it has fetched that much; the declared size is read first from the
 * root block (one small block) and refused when too large. Content larger than it declared is as bad a payload.
 */
export async function fetchPayload (helia: ContentHelia, cidText: string, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  let cid: CID
  try {
    cid = CID.parse(cidText)
  } catch (err) {
    throw new BadUnitError('payload CID does not parse', { cause: err })
  }
  if (!await helia.pins.isPinned(cid, { signal })) {
    const stat = await unixfs(helia as Helia).stat(cid, { signal })
    if (stat.type !== 'file' && stat.type !== 'raw') throw new BadUnitError(`payload ${cidText} is not a file`)
    if (stat.size > BigInt(maxBytes)) throw new BadUnitError(`payload ${cidText} declares ${stat.size} bytes, more than ${maxBytes}`)
  }
  try {
    // Not announced: the unit's other volunteers and its verifiers fetch it from the coordinator they are connected to.
    return await fetchBytes(helia, cid, maxBytes, { signal, provide: false })
  } catch (err) {
    if (err instanceof ContentTooLargeError) throw new BadUnitError(`payload ${cidText} is larger than ${maxBytes} bytes`, { cause: err })
    throw err
  }
}
