import type { CID } from 'multiformats/cid'
import * as wire from '../../../protocols/archive-record.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { decodeWith, parseCid, parsePeerId, requiredBytes, requiredString, wireBytes } from './fields.js'

/** Bytes of the archive file's SHA-256. */
export const ARCHIVE_SHA256_BYTES = 32

/** A coordinator's signed statement naming a galaxy's archive (protocols/archive-record.md). */
export interface ArchiveRecord {
  /** The project key; must equal the envelope's signer (the opener checks). */
  project: string
  galaxy: string
  cid: CID
  sha256: Uint8Array
  size: number
  createdMs: number
  pixels: number
  areas: number
}

export function encodeArchiveRecord (m: ArchiveRecord): Uint8Array {
  return wire.ArchiveRecord.encode({ ...m, cid: m.cid.toString(), sha256: wireBytes(m.sha256) })
}

export function decodeArchiveRecord (bytes: Uint8Array): ArchiveRecord {
  const k = 'ArchiveRecord'
  const w = decodeWith(k, wire.ArchiveRecord.decode, bytes)
  if (w.size === 0) throw new MissingFieldError(k, 'size')
  if (w.createdMs === 0) throw new MissingFieldError(k, 'createdMs')
  if (!Number.isSafeInteger(w.size)) throw new InvalidFieldError(k, 'size', 'is not a safe integer')
  return {
    project: parsePeerId(k, 'project', w.project),
    galaxy: requiredString(k, 'galaxy', w.galaxy),
    cid: parseCid(k, 'cid', w.cid),
    sha256: requiredBytes(k, 'sha256', w.sha256, ARCHIVE_SHA256_BYTES),
    size: w.size,
    createdMs: w.createdMs,
    pixels: w.pixels,
    areas: w.areas
  }
}
