// Stable codes a verifier reports: the verdict's reason (on the wire, in Verdict.reason) and why each replica was
// judged as it was (in the verdict event, for people and the demo's report). Callers and tests branch on them.

/** Why a verdict came out as it did. */
export const VERDICT_REASONS = {
  /** The agreeing replicas have equal digests. */
  DIGESTS_EQUAL: 'DIGESTS_EQUAL',
  /** The agreeing replicas differ in bytes but every value agrees within the tolerance. */
  WITHIN_TOLERANCE: 'WITHIN_TOLERANCE',
  /** No group of agreeing, well-formed replicas reaches the quorum: another instance is needed. */
  NO_QUORUM: 'NO_QUORUM',
  /** A quorum agreed, but a pixel recomputed here disagrees with it: the agreeing replicas are all invalid. */
  RECOMPUTE_MISMATCH: 'RECOMPUTE_MISMATCH',
  /** A PENDING answer: pixels of the unit are being recomputed; ask again for the verdict. */
  RECOMPUTING: 'RECOMPUTING'
} as const

export type VerdictReason = typeof VERDICT_REASONS[keyof typeof VERDICT_REASONS]

/** Why one replica is not valid (or, for `AGREED`, why it is). */
export const REPLICA_REASONS = {
  /** In the agreeing group. */
  AGREED: 'AGREED',
  /** The envelope does not open: bad signature, key, domain or encoding. */
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  /** The signed payload is not a well-formed result submission. */
  BAD_SUBMISSION: 'BAD_SUBMISSION',
  /** A signed submission for another unit (not listed in this unit's verdict). */
  WRONG_UNIT: 'WRONG_UNIT',
  /** The volunteer reported that it could not compute the unit. */
  ERROR_REPORTED: 'ERROR_REPORTED',
  /** The result content is larger than any real result of the unit. */
  RESULT_TOO_LARGE: 'RESULT_TOO_LARGE',
  /** The result's SHA-256 is not the digest the volunteer signed. */
  DIGEST_MISMATCH: 'DIGEST_MISMATCH',
  /** The result does not decode, or is not in the canonical encoding. */
  BAD_RESULT: 'BAD_RESULT',
  /** The result does not answer the unit (another unit id, missing, extra or moved pixels). */
  RESULT_MISMATCH: 'RESULT_MISMATCH',
  /** A second replica signed by the same volunteer key (one instance per volunteer key). */
  DUPLICATE_VOLUNTEER: 'DUPLICATE_VOLUNTEER',
  /** A second copy of an instance already judged (not listed again). */
  DUPLICATE_INSTANCE: 'DUPLICATE_INSTANCE',
  /** Well-formed, but outside the agreeing group. */
  OUTVOTED: 'OUTVOTED',
  /** A pixel recomputed here contradicts it, or the agreeing group it is in; outside a quorum group it is invalid
   * only when contradicted itself. */
  RECOMPUTE_MISMATCH: 'RECOMPUTE_MISMATCH',
  /** Signed by a key the project's ban list names (docs/work-lifecycle.md#revocation). */
  BANNED_KEY: 'BANNED_KEY',
  /** Well-formed, but no quorum was reached: neither valid nor invalid yet. */
  UNDECIDED: 'UNDECIDED'
} as const

export type ReplicaReason = typeof REPLICA_REASONS[keyof typeof REPLICA_REASONS]
