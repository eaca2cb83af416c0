// Which preparation failures are the unit's fault (reported to the coordinator with an error code, as the Node
// volunteer reports them: src/volunteer/prepare-unit.ts) and which are "try again later" (network trouble).
import { UNIT_ERROR_CODES } from '../volunteer/constants.js'
import { BadUnitError } from '../work/errors.js'
import { decodeWorkUnit, type WorkUnit } from '../work/unit-payload.js'

/** A unit's payload that does not decode, or decodes to another unit than assigned. */
class UnitPayloadError extends Error {
  constructor (message: string, readonly errorCode: number) {
    super(message)
  }
}

/** Decodes a payload, which must be the assigned unit. */
export function decodeUnit (bytes: Uint8Array, unitId: string): WorkUnit {
  let unit: WorkUnit
  try {
    unit = decodeWorkUnit(bytes)
  } catch (err) {
    throw new UnitPayloadError(`payload does not decode: ${(err as Error).message}`, UNIT_ERROR_CODES.BAD_PAYLOAD)
  }
  if (unit.unitId !== unitId) throw new UnitPayloadError(`payload is unit ${unit.unitId}, not ${unitId}`, UNIT_ERROR_CODES.UNIT_MISMATCH)
  return unit
}

/** The error code to report, or undefined when the failure is transient. */
export function fitPayloadError (err: unknown): number | undefined {
  if (err instanceof UnitPayloadError) return err.errorCode
  if (err instanceof BadUnitError) return UNIT_ERROR_CODES.BAD_PAYLOAD
  return undefined
}
