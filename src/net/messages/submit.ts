import * as wire from '../../../protocols/submit.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { decodeWith, positive, requiredBytes, requiredString, wireBytes } from './fields.js'

/** Bytes of a SHA-256 digest. */
export const SHA256_BYTES = 32

/** Longest file name, galaxy name and run name a header may carry, in characters: longer names are nonsense (the
 * inbox bounds a galaxy name the same way). */
export const MAX_SUBMIT_NAME_CHARS = 256

/** A research group's key announces a galaxy FITS file (protocols/submit.md). */
export interface SubmitRequest {
  /** The file's own name, without directory. */
  fileName: string
  /** The galaxy's name (as `pogs galaxy add --name`); absent: OBJECT, else the file name's stem. */
  name?: string
  /** The run; absent: the run the galaxy's bands and redshift choose (docs/coordinator.md#runs). */
  run?: string
  redshift?: number
  ra?: number
  dec?: number
  /** Signal-to-noise for bands without a sigma layer. */
  snr?: number
  /** Exactly how many bytes follow. */
  size: number
  /** SHA-256 of those bytes. */
  sha256: Uint8Array
}

/** What the coordinator has done with a submission so far. */
export type SubmitStage = 'receiving' | 'received' | 'checked'

/** One progress report. */
export interface SubmitProgress {
  stage: SubmitStage
  /** Bytes received and written so far. */
  receivedBytes: number
}

/** The galaxy is registered. */
export interface SubmitReceipt {
  galaxyId: number
  name: string
  /** False when this very galaxy was registered already (a repeat). */
  created: boolean
  areas: number
  pixels: number
  sha256: Uint8Array
}

export function encodeSubmitRequest (m: SubmitRequest): Uint8Array {
  return wire.SubmitRequest.encode({
    fileName: m.fileName,
    name: m.name ?? '',
    run: m.run ?? '',
    ...(m.redshift !== undefined ? { redshift: m.redshift } : {}),
    ...(m.ra !== undefined ? { ra: m.ra } : {}),
    ...(m.dec !== undefined ? { dec: m.dec } : {}),
    ...(m.snr !== undefined ? { snr: m.snr } : {}),
    size: m.size,
    sha256: wireBytes(m.sha256)
  })
}

export function decodeSubmitRequest (bytes: Uint8Array): SubmitRequest {
  const k = 'SubmitRequest'
  const w = decodeWith(k, wire.SubmitRequest.decode, bytes)
  const fileName = requiredString(k, 'fileName', w.fileName, MAX_SUBMIT_NAME_CHARS)
  // Only ever used as a name: a path, a hidden name or a control character is not a file's own name.
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f]/.test(fileName) || fileName.startsWith('.')) throw new InvalidFieldError(k, 'fileName', 'is not a plain file name')
  const name = w.name.trim()
  if (w.name.length > MAX_SUBMIT_NAME_CHARS) throw new InvalidFieldError(k, 'name', `is longer than ${MAX_SUBMIT_NAME_CHARS} characters`)
  if (w.name !== '' && name === '') throw new InvalidFieldError(k, 'name', 'is blank')
  if (w.run.length > MAX_SUBMIT_NAME_CHARS) throw new InvalidFieldError(k, 'run', `is longer than ${MAX_SUBMIT_NAME_CHARS} characters`)
  const num = (field: 'redshift' | 'ra' | 'dec' | 'snr', ok: (v: number) => boolean, why: string): number | undefined => {
    const v = w[field]
    if (v === undefined) return undefined
    if (!Number.isFinite(v) || !ok(v)) throw new InvalidFieldError(k, field, why)
    return v
  }
  // Ranges beyond these (RA in [0, 360), Dec in [-90, 90]) are the galaxy reader's, as for an inbox file.
  const redshift = num('redshift', (v) => v > 0, 'must be a number > 0')
  const ra = num('ra', () => true, 'must be a finite number')
  const dec = num('dec', () => true, 'must be a finite number')
  const snr = num('snr', (v) => v > 0, 'must be a number > 0')
  return {
    fileName,
    ...(name !== '' ? { name } : {}),
    ...(w.run !== '' ? { run: w.run } : {}),
    ...(redshift !== undefined ? { redshift } : {}),
    ...(ra !== undefined ? { ra } : {}),
    ...(dec !== undefined ? { dec } : {}),
    ...(snr !== undefined ? { snr } : {}),
    size: positive(k, 'size', w.size, Number.MAX_SAFE_INTEGER),
    sha256: requiredBytes(k, 'sha256', w.sha256, SHA256_BYTES)
  }
}

const STAGE_TO_WIRE: Record<SubmitStage, wire.SubmitProgress.Stage> = {
  receiving: wire.SubmitProgress.Stage.RECEIVING,
  received: wire.SubmitProgress.Stage.RECEIVED,
  checked: wire.SubmitProgress.Stage.CHECKED
}

export function encodeSubmitProgress (m: SubmitProgress): Uint8Array {
  return wire.SubmitProgress.encode({ stage: STAGE_TO_WIRE[m.stage], receivedBytes: m.receivedBytes })
}

export function decodeSubmitProgress (bytes: Uint8Array): SubmitProgress {
  const k = 'SubmitProgress'
  const w = decodeWith(k, wire.SubmitProgress.decode, bytes)
  const stage = (Object.keys(STAGE_TO_WIRE) as SubmitStage[]).find((s) => STAGE_TO_WIRE[s] === w.stage)
  if (stage === undefined) throw new MissingFieldError(k, 'stage')
  if (!Number.isSafeInteger(w.receivedBytes) || w.receivedBytes < 0) throw new InvalidFieldError(k, 'receivedBytes', 'must be a byte count')
  return { stage, receivedBytes: w.receivedBytes }
}

export function encodeSubmitReceipt (m: SubmitReceipt): Uint8Array {
  return wire.SubmitReceipt.encode({ ...m, sha256: wireBytes(m.sha256) })
}

export function decodeSubmitReceipt (bytes: Uint8Array): SubmitReceipt {
  const k = 'SubmitReceipt'
  const w = decodeWith(k, wire.SubmitReceipt.decode, bytes)
  return {
    galaxyId: positive(k, 'galaxyId', w.galaxyId, Number.MAX_SAFE_INTEGER),
    name: requiredString(k, 'name', w.name, MAX_SUBMIT_NAME_CHARS),
    created: w.created,
    areas: w.areas,
    pixels: w.pixels,
    sha256: requiredBytes(k, 'sha256', w.sha256, SHA256_BYTES)
  }
}
