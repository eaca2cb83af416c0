// Typed errors of the coordinator's state. Each names a condition a caller branches on (by `code`); the
// service's protocol handlers decide per code whether the peer that caused it is ignored or punished.
import { PogsError } from '../../util/errors.js'

/** The database file is not a pogs coordinator database, or was written by a newer pogs (schema too new). */
export class StoreSchemaError extends PogsError {
  constructor (message: string) {
    super('ERR_STORE_SCHEMA', message)
  }
}

/** A recorded result's envelope is not where the envelope log says (its segment was removed or cut short). */
export class EnvelopeMissingError extends PogsError {
  constructor (message: string) {
    super('ERR_ENVELOPE_MISSING', message)
  }
}

/** A setting out of range (replication below quorum, negative deadline, ...). */
export class InvalidSettingsError extends PogsError {
  constructor (message: string) {
    super('ERR_INVALID_SETTINGS', message)
  }
}

/** Bad input to a store call that is not a peer's fault (an empty band list, an area without pixels, ...). */
export class InvalidInputError extends PogsError {
  constructor (message: string) {
    super('ERR_INVALID_INPUT', message)
  }
}

/** A galaxy name already registered with different content (a repeat with equal content is a no-op). */
export class GalaxyConflictError extends PogsError {
  constructor (name: string) {
    super('ERR_GALAXY_CONFLICT', `galaxy ${JSON.stringify(name)} is already registered with different content`)
  }
}

/** No galaxy with this id. */
export class UnknownGalaxyError extends PogsError {
  constructor (id: number) {
    super('ERR_UNKNOWN_GALAXY', `no galaxy ${id}`)
  }
}

/** No work unit with this id. */
export class UnknownUnitError extends PogsError {
  constructor (id: string) {
    super('ERR_UNKNOWN_UNIT', `no work unit ${JSON.stringify(id)}`)
  }
}

/** No instance with this id (a peer answering work it was never sent). */
export class UnknownInstanceError extends PogsError {
  constructor (id: string) {
    super('ERR_UNKNOWN_INSTANCE', `no instance ${JSON.stringify(id)}`)
  }
}

/** A result or error report for an instance from a key the instance was not assigned to. */
export class NotAssignedError extends PogsError {
  constructor (instanceId: string) {
    super('ERR_NOT_ASSIGNED', `instance ${JSON.stringify(instanceId)} was not assigned to this key`)
  }
}

/** A second, different result (or an error report after a result) for the same instance. */
export class ConflictingResultError extends PogsError {
  constructor (instanceId: string) {
    super('ERR_CONFLICTING_RESULT', `instance ${JSON.stringify(instanceId)} already has a different outcome`)
  }
}

/**
 * A result computed by another fitting-core version than its instance was assigned to: replicas of one unit must
 * all come from one core version (their digests are compared), so it cannot count.
 */
export class CoreVersionMismatchError extends PogsError {
  constructor (instanceId: string, expected: number, got: number) {
    super('ERR_CORE_VERSION_MISMATCH', `instance ${JSON.stringify(instanceId)} was assigned to fitting core ${expected}; the result names core ${got}`)
  }
}

/** A volunteer key already holds an instance of this unit (one instance per volunteer key). */
export class DuplicateInstanceError extends PogsError {
  constructor (unitId: string) {
    super('ERR_DUPLICATE_INSTANCE', `this volunteer already holds an instance of unit ${JSON.stringify(unitId)}`)
  }
}

/**
 * A result for a unit that was abandoned. Rejected: the abandonment was reported and the unit's pixels counted
 * as lost; a lone late result cannot reach a verifier quorum, so it can neither be archived nor credited.
 */
export class UnitAbandonedError extends PogsError {
  constructor (unitId: string) {
    super('ERR_UNIT_ABANDONED', `unit ${JSON.stringify(unitId)} was abandoned`)
  }
}

/** A verdict signed by a key that is not one of the project's verifiers. */
export class UnknownVerifierError extends PogsError {
  constructor () {
    super('ERR_UNKNOWN_VERIFIER', 'the verdict\'s key is not one of the project\'s verifiers')
  }
}

/** A verdict that does not answer the unit's current verification round (wrong round, or results not in it). */
export class StaleVerdictError extends PogsError {
  constructor (unitId: string, message: string) {
    super('ERR_STALE_VERDICT', `unit ${JSON.stringify(unitId)}: ${message}`)
  }
}

/** A verifier sent two different verdicts for the same round. */
export class ConflictingVerdictError extends PogsError {
  constructor (unitId: string) {
    super('ERR_CONFLICTING_VERDICT', `a different verdict on this round of unit ${JSON.stringify(unitId)} was already recorded`)
  }
}

/** An operation that needs a unit in another state (assimilating a unit that is not verified). */
export class InvalidStateError extends PogsError {
  constructor (unitId: string, state: string, wanted: string) {
    super('ERR_INVALID_STATE', `unit ${JSON.stringify(unitId)} is ${state}, not ${wanted}`)
  }
}

/** A verdict that cannot be right whatever the round (agreement naming fewer results than the quorum, repeats). */
export class MalformedVerdictError extends PogsError {
  constructor (message: string) {
    super('ERR_MALFORMED_VERDICT', message)
  }
}

/** A request or result from a banned key (docs/work-lifecycle.md#revocation), or a new key from a network where a
 * key was banned recently. */
export class BannedKeyError extends PogsError {
  constructor (message: string) {
    super('ERR_BANNED', message)
  }
}

/** A work request signed by a verifier's or mirror's key: those judge and keep work, never compute it (a verifier
 * must not judge its own replica). */
export class ServiceKeyError extends PogsError {
  constructor () {
    super('ERR_SERVICE_KEY', 'a verifier\'s or mirror\'s key is not given work')
  }
}

/** A result for a unit whose canonical result is settled and may already be public: a copy of it would be
 * indistinguishable from work, so nothing received after verification is taken (docs/work-lifecycle.md#copying). */
export class ResultPublishedError extends PogsError {
  constructor (unitId: string) {
    super('ERR_RESULT_PUBLISHED', `unit ${JSON.stringify(unitId)} is already verified: results after verification earn nothing`)
  }
}

/** A late result for an instance that timed out and whose replacement went to a key too close to it (its network,
 * or first seen with it): taking both would let one hand make a unit's quorum (docs/work-lifecycle.md#trust). */
export class ReplacedInstanceError extends PogsError {
  constructor (instanceId: string) {
    super('ERR_INSTANCE_REPLACED', `instance ${JSON.stringify(instanceId)} timed out and its unit went to a key of the same network: its late result is not taken`)
  }
}
