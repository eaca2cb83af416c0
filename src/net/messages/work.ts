import type { CID } from 'multiformats/cid'
import * as wire from '../../../protocols/work.js'
import { InvalidFieldError } from '../errors.js'
import { decodeWith, inlineOrCid, MAX_CORE_VERSION, parseCid, positive, requiredBytes, requiredString, requiredVersion, wireBytes } from './fields.js'

/** Bytes of the nonce an assignment carries and its result echoes. */
export const NONCE_BYTES = 16

/** A volunteer asks for work sized to its cores. */
export interface WorkRequest {
  cores: number
  maxUnits: number
  /** The volunteer's pogs version (semver). */
  appVersion: string
  libraries: CID[]
  /** The version of its fitting core (src/fit/core-version.ts). */
  coreVersion: number
}

/** One instance of a work unit issued to one volunteer. */
export interface Assignment {
  unitId: string
  instanceId: string
  nonce: Uint8Array
  deadlineMs: number
  /** The unit inline, or `payloadCid` naming it as content. */
  payload?: Uint8Array
  payloadCid?: CID
  libraryCids: CID[]
  estimatedCpuS: number
}

/** The coordinator's answer: units, or none and when to ask again. */
export interface WorkAssignment {
  units: Assignment[]
  retryAfterS: number
}

export function encodeWorkRequest (m: WorkRequest): Uint8Array {
  return wire.WorkRequest.encode({ ...m, libraries: m.libraries.map(String) })
}

export function decodeWorkRequest (bytes: Uint8Array): WorkRequest {
  const k = 'WorkRequest'
  const w = decodeWith(k, wire.WorkRequest.decode, bytes)
  return {
    // 1024 cores and 256 units are far above any volunteer machine; larger values are nonsense or abuse.
    cores: positive(k, 'cores', w.cores, 1024),
    maxUnits: positive(k, 'maxUnits', w.maxUnits, 256),
    appVersion: requiredVersion(k, 'appVersion', w.appVersion),
    libraries: w.libraries.map((c) => parseCid(k, 'libraries', c)),
    coreVersion: positive(k, 'coreVersion', w.coreVersion, MAX_CORE_VERSION)
  }
}

export function encodeWorkAssignment (m: WorkAssignment): Uint8Array {
  return wire.WorkAssignment.encode({
    retryAfterS: m.retryAfterS,
    units: m.units.map((u) => ({
      unitId: u.unitId,
      instanceId: u.instanceId,
      nonce: wireBytes(u.nonce),
      deadlineMs: u.deadlineMs,
      payload: wireBytes(u.payload ?? new Uint8Array(0)),
      payloadCid: u.payloadCid?.toString() ?? '',
      libraryCids: u.libraryCids.map(String),
      estimatedCpuS: u.estimatedCpuS
    }))
  })
}

export function decodeWorkAssignment (bytes: Uint8Array): WorkAssignment {
  const k = 'WorkAssignment'
  const w = decodeWith(k, wire.WorkAssignment.decode, bytes)
  const units = w.units.map((u): Assignment => {
    const { inline, cid } = inlineOrCid(k, 'payload', u.payload, u.payloadCid)
    if (u.deadlineMs === 0) throw new InvalidFieldError(k, 'deadlineMs', 'is missing')
    return {
      unitId: requiredString(k, 'unitId', u.unitId),
      instanceId: requiredString(k, 'instanceId', u.instanceId),
      nonce: requiredBytes(k, 'nonce', u.nonce, NONCE_BYTES),
      deadlineMs: u.deadlineMs,
      ...(inline !== undefined ? { payload: inline } : {}),
      ...(cid !== undefined ? { payloadCid: cid } : {}),
      libraryCids: u.libraryCids.map((c) => parseCid(k, 'libraryCids', c)),
      estimatedCpuS: u.estimatedCpuS
    }
  })
  return { units, retryAfterS: w.retryAfterS }
}
