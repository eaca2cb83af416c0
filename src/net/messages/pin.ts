import type { CID } from 'multiformats/cid'
import * as wire from '../../../protocols/pin.js'
import { MissingFieldError } from '../errors.js'
import { decodeWith, parseCid, wireBytes } from './fields.js'

/** Ask a mirror to pin content, optionally with the signed record that names it. */
export interface PinRequest {
  cids: CID[]
  record?: Uint8Array
}

/** A mirror's signed statement that it holds content. */
export interface PinReceipt {
  cids: CID[]
  bytes: number
  pinnedMs: number
}

export function encodePinRequest (m: PinRequest): Uint8Array {
  return wire.PinRequest.encode({ cids: m.cids.map(String), record: wireBytes(m.record ?? new Uint8Array(0)) })
}

export function decodePinRequest (bytes: Uint8Array): PinRequest {
  const k = 'PinRequest'
  const w = decodeWith(k, wire.PinRequest.decode, bytes)
  if (w.cids.length === 0) throw new MissingFieldError(k, 'cids')
  return { cids: w.cids.map((c) => parseCid(k, 'cids', c)), ...(w.record.length > 0 ? { record: w.record } : {}) }
}

export function encodePinReceipt (m: PinReceipt): Uint8Array {
  return wire.PinReceipt.encode({ ...m, cids: m.cids.map(String) })
}

export function decodePinReceipt (bytes: Uint8Array): PinReceipt {
  const k = 'PinReceipt'
  const w = decodeWith(k, wire.PinReceipt.decode, bytes)
  if (w.cids.length === 0) throw new MissingFieldError(k, 'cids')
  if (w.pinnedMs === 0) throw new MissingFieldError(k, 'pinnedMs')
  return { cids: w.cids.map((c) => parseCid(k, 'cids', c)), bytes: w.bytes, pinnedMs: w.pinnedMs }
}
