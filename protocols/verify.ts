import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface VerifyRequest {
  unitId: string
  unit: Uint8Array<ArrayBuffer>
  unitCid: string
  replicas: Uint8Array<ArrayBuffer>[]
  libraryCids: string[]
}

export namespace VerifyRequest {
  let _codec: Codec<VerifyRequest>

  export const codec = (): Codec<VerifyRequest> => {
    if (_codec == null) {
      _codec = message<VerifyRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.unitId != null && obj.unitId !== '')) {
          w.uint32(10)
          w.string(obj.unitId)
        }

        if ((obj.unit != null && obj.unit.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.unit)
        }

        if ((obj.unitCid != null && obj.unitCid !== '')) {
          w.uint32(26)
          w.string(obj.unitCid)
        }

        if (obj.replicas != null && obj.replicas.length > 0) {
          for (const value of obj.replicas) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if (obj.libraryCids != null && obj.libraryCids.length > 0) {
          for (const value of obj.libraryCids) {
            w.uint32(42)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          unitId: '',
          unit: uint8ArrayAlloc(0),
          unitCid: '',
          replicas: [],
          libraryCids: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.unitId = reader.string()
              break
            }
            case 2: {
              obj.unit = reader.bytes()
              break
            }
            case 3: {
              obj.unitCid = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.replicas != null && obj.replicas.length === opts.limits.replicas) {
                throw new MaxLengthError('Decode error - repeated field "replicas" had too many elements')
              }

              if (obj.replicas.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "replicas" had too many elements')
              }

              obj.replicas.push(reader.bytes())
              break
            }
            case 5: {
              if (opts.limits?.libraryCids != null && obj.libraryCids.length === opts.limits.libraryCids) {
                throw new MaxLengthError('Decode error - repeated field "libraryCids" had too many elements')
              }

              if (obj.libraryCids.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "libraryCids" had too many elements')
              }

              obj.libraryCids.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          replicas: 16,
          libraryCids: 64
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.unitId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.unit`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.unitCid`,
                value: reader.string()
              }
              break
            }
            case 4: {
              if (opts.limits?.replicas != null && obj.replicas === opts.limits.replicas) {
                throw new MaxLengthError('Streaming decode error - repeated field "replicas" had too many elements')
              }

              if (obj.replicas === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "replicas" had too many elements')
              }

              yield {
                field: `${prefix}.replicas[]`,
                index: obj.replicas,
                value: reader.bytes()
              }

              obj.replicas++

              break
            }
            case 5: {
              if (opts.limits?.libraryCids != null && obj.libraryCids === opts.limits.libraryCids) {
                throw new MaxLengthError('Streaming decode error - repeated field "libraryCids" had too many elements')
              }

              if (obj.libraryCids === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "libraryCids" had too many elements')
              }

              yield {
                field: `${prefix}.libraryCids[]`,
                index: obj.libraryCids,
                value: reader.string()
              }

              obj.libraryCids++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface VerifyRequestUnitIdFieldEvent {
    field: '$.unitId'
    value: string
  }

  export interface VerifyRequestUnitFieldEvent {
    field: '$.unit'
    value: Uint8Array<ArrayBuffer>
  }

  export interface VerifyRequestUnitCidFieldEvent {
    field: '$.unitCid'
    value: string
  }

  export interface VerifyRequestReplicasFieldEvent {
    field: '$.replicas[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface VerifyRequestLibraryCidsFieldEvent {
    field: '$.libraryCids[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<VerifyRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, VerifyRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VerifyRequest>): VerifyRequest {
    return decodeMessage(buf, VerifyRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VerifyRequest>): Generator<VerifyRequestUnitIdFieldEvent | VerifyRequestUnitFieldEvent | VerifyRequestUnitCidFieldEvent | VerifyRequestReplicasFieldEvent | VerifyRequestLibraryCidsFieldEvent> {
    return streamMessage(buf, VerifyRequest.codec(), opts)
  }
}

export interface Verdict {
  unitId: string
  outcome: Verdict.Outcome
  validInstances: string[]
  invalidInstances: string[]
  canonicalDigest: Uint8Array<ArrayBuffer>
  reason: string
  recomputed: number
  contradictedInstances: string[]
  retryAfterS: number
  confirmedPixels: number[]
}

export namespace Verdict {
  export enum Outcome {
    OUTCOME_UNSPECIFIED = 'OUTCOME_UNSPECIFIED',
    AGREE = 'AGREE',
    DISAGREE = 'DISAGREE',
    PENDING = 'PENDING'
  }

  enum __OutcomeValues {
    OUTCOME_UNSPECIFIED = 0,
    AGREE = 1,
    DISAGREE = 2,
    PENDING = 3
  }

  export namespace Outcome {
    export const codec = (): Codec<Outcome> => {
      return enumeration<Outcome>(__OutcomeValues)
    }
  }

  let _codec: Codec<Verdict>

  export const codec = (): Codec<Verdict> => {
    if (_codec == null) {
      _codec = message<Verdict>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.unitId != null && obj.unitId !== '')) {
          w.uint32(10)
          w.string(obj.unitId)
        }

        if (obj.outcome != null && __OutcomeValues[obj.outcome] !== 0) {
          w.uint32(16)
          Verdict.Outcome.codec().encode(obj.outcome, w)
        }

        if (obj.validInstances != null && obj.validInstances.length > 0) {
          for (const value of obj.validInstances) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.invalidInstances != null && obj.invalidInstances.length > 0) {
          for (const value of obj.invalidInstances) {
            w.uint32(34)
            w.string(value)
          }
        }

        if ((obj.canonicalDigest != null && obj.canonicalDigest.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.canonicalDigest)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(50)
          w.string(obj.reason)
        }

        if ((obj.recomputed != null && obj.recomputed !== 0)) {
          w.uint32(56)
          w.uint32(obj.recomputed)
        }

        if (obj.contradictedInstances != null && obj.contradictedInstances.length > 0) {
          for (const value of obj.contradictedInstances) {
            w.uint32(66)
            w.string(value)
          }
        }

        if ((obj.retryAfterS != null && obj.retryAfterS !== 0)) {
          w.uint32(72)
          w.uint32(obj.retryAfterS)
        }

        if (obj.confirmedPixels != null && obj.confirmedPixels.length > 0) {
          for (const value of obj.confirmedPixels) {
            w.uint32(80)
            w.uint32(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          unitId: '',
          outcome: Outcome.OUTCOME_UNSPECIFIED,
          validInstances: [],
          invalidInstances: [],
          canonicalDigest: uint8ArrayAlloc(0),
          reason: '',
          recomputed: 0,
          contradictedInstances: [],
          retryAfterS: 0,
          confirmedPixels: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.unitId = reader.string()
              break
            }
            case 2: {
              obj.outcome = Verdict.Outcome.codec().decode(reader)
              break
            }
            case 3: {
              if (opts.limits?.validInstances != null && obj.validInstances.length === opts.limits.validInstances) {
                throw new MaxLengthError('Decode error - repeated field "validInstances" had too many elements')
              }

              if (obj.validInstances.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "validInstances" had too many elements')
              }

              obj.validInstances.push(reader.string())
              break
            }
            case 4: {
              if (opts.limits?.invalidInstances != null && obj.invalidInstances.length === opts.limits.invalidInstances) {
                throw new MaxLengthError('Decode error - repeated field "invalidInstances" had too many elements')
              }

              if (obj.invalidInstances.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "invalidInstances" had too many elements')
              }

              obj.invalidInstances.push(reader.string())
              break
            }
            case 5: {
              obj.canonicalDigest = reader.bytes()
              break
            }
            case 6: {
              obj.reason = reader.string()
              break
            }
            case 7: {
              obj.recomputed = reader.uint32()
              break
            }
            case 8: {
              if (opts.limits?.contradictedInstances != null && obj.contradictedInstances.length === opts.limits.contradictedInstances) {
                throw new MaxLengthError('Decode error - repeated field "contradictedInstances" had too many elements')
              }

              if (obj.contradictedInstances.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "contradictedInstances" had too many elements')
              }

              obj.contradictedInstances.push(reader.string())
              break
            }
            case 9: {
              obj.retryAfterS = reader.uint32()
              break
            }
            case 10: {
              if (opts.limits?.confirmedPixels != null && obj.confirmedPixels.length === opts.limits.confirmedPixels) {
                throw new MaxLengthError('Decode error - repeated field "confirmedPixels" had too many elements')
              }

              if (obj.confirmedPixels.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "confirmedPixels" had too many elements')
              }

              obj.confirmedPixels.push(reader.uint32())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          validInstances: 16,
          invalidInstances: 16,
          contradictedInstances: 16,
          confirmedPixels: 16
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.unitId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.outcome`,
                value: Verdict.Outcome.codec().decode(reader)
              }
              break
            }
            case 3: {
              if (opts.limits?.validInstances != null && obj.validInstances === opts.limits.validInstances) {
                throw new MaxLengthError('Streaming decode error - repeated field "validInstances" had too many elements')
              }

              if (obj.validInstances === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "validInstances" had too many elements')
              }

              yield {
                field: `${prefix}.validInstances[]`,
                index: obj.validInstances,
                value: reader.string()
              }

              obj.validInstances++

              break
            }
            case 4: {
              if (opts.limits?.invalidInstances != null && obj.invalidInstances === opts.limits.invalidInstances) {
                throw new MaxLengthError('Streaming decode error - repeated field "invalidInstances" had too many elements')
              }

              if (obj.invalidInstances === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "invalidInstances" had too many elements')
              }

              yield {
                field: `${prefix}.invalidInstances[]`,
                index: obj.invalidInstances,
                value: reader.string()
              }

              obj.invalidInstances++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.canonicalDigest`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.recomputed`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              if (opts.limits?.contradictedInstances != null && obj.contradictedInstances === opts.limits.contradictedInstances) {
                throw new MaxLengthError('Streaming decode error - repeated field "contradictedInstances" had too many elements')
              }

              if (obj.contradictedInstances === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "contradictedInstances" had too many elements')
              }

              yield {
                field: `${prefix}.contradictedInstances[]`,
                index: obj.contradictedInstances,
                value: reader.string()
              }

              obj.contradictedInstances++

              break
            }
            case 9: {
              yield {
                field: `${prefix}.retryAfterS`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              if (opts.limits?.confirmedPixels != null && obj.confirmedPixels === opts.limits.confirmedPixels) {
                throw new MaxLengthError('Streaming decode error - repeated field "confirmedPixels" had too many elements')
              }

              if (obj.confirmedPixels === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "confirmedPixels" had too many elements')
              }

              yield {
                field: `${prefix}.confirmedPixels[]`,
                index: obj.confirmedPixels,
                value: reader.uint32()
              }

              obj.confirmedPixels++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface VerdictUnitIdFieldEvent {
    field: '$.unitId'
    value: string
  }

  export interface VerdictOutcomeFieldEvent {
    field: '$.outcome'
    value: Verdict.Outcome
  }

  export interface VerdictValidInstancesFieldEvent {
    field: '$.validInstances[]'
    index: number
    value: string
  }

  export interface VerdictInvalidInstancesFieldEvent {
    field: '$.invalidInstances[]'
    index: number
    value: string
  }

  export interface VerdictCanonicalDigestFieldEvent {
    field: '$.canonicalDigest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface VerdictReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface VerdictRecomputedFieldEvent {
    field: '$.recomputed'
    value: number
  }

  export interface VerdictContradictedInstancesFieldEvent {
    field: '$.contradictedInstances[]'
    index: number
    value: string
  }

  export interface VerdictRetryAfterSFieldEvent {
    field: '$.retryAfterS'
    value: number
  }

  export interface VerdictConfirmedPixelsFieldEvent {
    field: '$.confirmedPixels[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<Verdict>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Verdict.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verdict>): Verdict {
    return decodeMessage(buf, Verdict.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verdict>): Generator<VerdictUnitIdFieldEvent | VerdictOutcomeFieldEvent | VerdictValidInstancesFieldEvent | VerdictInvalidInstancesFieldEvent | VerdictCanonicalDigestFieldEvent | VerdictReasonFieldEvent | VerdictRecomputedFieldEvent | VerdictContradictedInstancesFieldEvent | VerdictRetryAfterSFieldEvent | VerdictConfirmedPixelsFieldEvent> {
    return streamMessage(buf, Verdict.codec(), opts)
  }
}
