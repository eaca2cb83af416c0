import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ResultSubmission {
  unitId: string
  instanceId: string
  nonce: Uint8Array<ArrayBuffer>
  result: Uint8Array<ArrayBuffer>
  resultCid: string
  digest: Uint8Array<ArrayBuffer>
  cpuMs: number
  errorCode: number
  volunteerName: string
  team: string
  appVersion: string
  coreVersion: number
}

export namespace ResultSubmission {
  let _codec: Codec<ResultSubmission>

  export const codec = (): Codec<ResultSubmission> => {
    if (_codec == null) {
      _codec = message<ResultSubmission>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.unitId != null && obj.unitId !== '')) {
          w.uint32(10)
          w.string(obj.unitId)
        }

        if ((obj.instanceId != null && obj.instanceId !== '')) {
          w.uint32(18)
          w.string(obj.instanceId)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.nonce)
        }

        if ((obj.result != null && obj.result.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.result)
        }

        if ((obj.resultCid != null && obj.resultCid !== '')) {
          w.uint32(42)
          w.string(obj.resultCid)
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.digest)
        }

        if ((obj.cpuMs != null && obj.cpuMs !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.cpuMs)
        }

        if ((obj.errorCode != null && obj.errorCode !== 0)) {
          w.uint32(64)
          w.uint32(obj.errorCode)
        }

        if ((obj.volunteerName != null && obj.volunteerName !== '')) {
          w.uint32(74)
          w.string(obj.volunteerName)
        }

        if ((obj.team != null && obj.team !== '')) {
          w.uint32(82)
          w.string(obj.team)
        }

        if ((obj.appVersion != null && obj.appVersion !== '')) {
          w.uint32(90)
          w.string(obj.appVersion)
        }

        if ((obj.coreVersion != null && obj.coreVersion !== 0)) {
          w.uint32(96)
          w.uint32(obj.coreVersion)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          unitId: '',
          instanceId: '',
          nonce: uint8ArrayAlloc(0),
          result: uint8ArrayAlloc(0),
          resultCid: '',
          digest: uint8ArrayAlloc(0),
          cpuMs: 0,
          errorCode: 0,
          volunteerName: '',
          team: '',
          appVersion: '',
          coreVersion: 0
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
              obj.instanceId = reader.string()
              break
            }
            case 3: {
              obj.nonce = reader.bytes()
              break
            }
            case 4: {
              obj.result = reader.bytes()
              break
            }
            case 5: {
              obj.resultCid = reader.string()
              break
            }
            case 6: {
              obj.digest = reader.bytes()
              break
            }
            case 7: {
              obj.cpuMs = reader.uint64Number()
              break
            }
            case 8: {
              obj.errorCode = reader.uint32()
              break
            }
            case 9: {
              obj.volunteerName = reader.string()
              break
            }
            case 10: {
              obj.team = reader.string()
              break
            }
            case 11: {
              obj.appVersion = reader.string()
              break
            }
            case 12: {
              obj.coreVersion = reader.uint32()
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
                field: `${prefix}.instanceId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.result`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.resultCid`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.cpuMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.errorCode`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.volunteerName`,
                value: reader.string()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.team`,
                value: reader.string()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.appVersion`,
                value: reader.string()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.coreVersion`,
                value: reader.uint32()
              }
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

  export interface ResultSubmissionUnitIdFieldEvent {
    field: '$.unitId'
    value: string
  }

  export interface ResultSubmissionInstanceIdFieldEvent {
    field: '$.instanceId'
    value: string
  }

  export interface ResultSubmissionNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultSubmissionResultFieldEvent {
    field: '$.result'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultSubmissionResultCidFieldEvent {
    field: '$.resultCid'
    value: string
  }

  export interface ResultSubmissionDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultSubmissionCpuMsFieldEvent {
    field: '$.cpuMs'
    value: number
  }

  export interface ResultSubmissionErrorCodeFieldEvent {
    field: '$.errorCode'
    value: number
  }

  export interface ResultSubmissionVolunteerNameFieldEvent {
    field: '$.volunteerName'
    value: string
  }

  export interface ResultSubmissionTeamFieldEvent {
    field: '$.team'
    value: string
  }

  export interface ResultSubmissionAppVersionFieldEvent {
    field: '$.appVersion'
    value: string
  }

  export interface ResultSubmissionCoreVersionFieldEvent {
    field: '$.coreVersion'
    value: number
  }

  export function encode (obj: Partial<ResultSubmission>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResultSubmission.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultSubmission>): ResultSubmission {
    return decodeMessage(buf, ResultSubmission.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultSubmission>): Generator<ResultSubmissionUnitIdFieldEvent | ResultSubmissionInstanceIdFieldEvent | ResultSubmissionNonceFieldEvent | ResultSubmissionResultFieldEvent | ResultSubmissionResultCidFieldEvent | ResultSubmissionDigestFieldEvent | ResultSubmissionCpuMsFieldEvent | ResultSubmissionErrorCodeFieldEvent | ResultSubmissionVolunteerNameFieldEvent | ResultSubmissionTeamFieldEvent | ResultSubmissionAppVersionFieldEvent | ResultSubmissionCoreVersionFieldEvent> {
    return streamMessage(buf, ResultSubmission.codec(), opts)
  }
}

export interface ResultAck {
  unitId: string
  instanceId: string
  accepted: boolean
  reason: string
}

export namespace ResultAck {
  let _codec: Codec<ResultAck>

  export const codec = (): Codec<ResultAck> => {
    if (_codec == null) {
      _codec = message<ResultAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.unitId != null && obj.unitId !== '')) {
          w.uint32(10)
          w.string(obj.unitId)
        }

        if ((obj.instanceId != null && obj.instanceId !== '')) {
          w.uint32(18)
          w.string(obj.instanceId)
        }

        if ((obj.accepted != null && obj.accepted !== false)) {
          w.uint32(24)
          w.bool(obj.accepted)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(34)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          unitId: '',
          instanceId: '',
          accepted: false,
          reason: ''
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
              obj.instanceId = reader.string()
              break
            }
            case 3: {
              obj.accepted = reader.bool()
              break
            }
            case 4: {
              obj.reason = reader.string()
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
                field: `${prefix}.instanceId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.accepted`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
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

  export interface ResultAckUnitIdFieldEvent {
    field: '$.unitId'
    value: string
  }

  export interface ResultAckInstanceIdFieldEvent {
    field: '$.instanceId'
    value: string
  }

  export interface ResultAckAcceptedFieldEvent {
    field: '$.accepted'
    value: boolean
  }

  export interface ResultAckReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<ResultAck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResultAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultAck>): ResultAck {
    return decodeMessage(buf, ResultAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultAck>): Generator<ResultAckUnitIdFieldEvent | ResultAckInstanceIdFieldEvent | ResultAckAcceptedFieldEvent | ResultAckReasonFieldEvent> {
    return streamMessage(buf, ResultAck.codec(), opts)
  }
}

export interface ResultBatch {
  results: Uint8Array<ArrayBuffer>[]
}

export namespace ResultBatch {
  let _codec: Codec<ResultBatch>

  export const codec = (): Codec<ResultBatch> => {
    if (_codec == null) {
      _codec = message<ResultBatch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.results != null && obj.results.length > 0) {
          for (const value of obj.results) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          results: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.results != null && obj.results.length === opts.limits.results) {
                throw new MaxLengthError('Decode error - repeated field "results" had too many elements')
              }

              obj.results.push(reader.bytes())
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
          results: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.results != null && obj.results === opts.limits.results) {
                throw new MaxLengthError('Streaming decode error - repeated field "results" had too many elements')
              }

              yield {
                field: `${prefix}.results[]`,
                index: obj.results,
                value: reader.bytes()
              }

              obj.results++

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

  export interface ResultBatchResultsFieldEvent {
    field: '$.results[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ResultBatch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResultBatch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultBatch>): ResultBatch {
    return decodeMessage(buf, ResultBatch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultBatch>): Generator<ResultBatchResultsFieldEvent> {
    return streamMessage(buf, ResultBatch.codec(), opts)
  }
}

export interface ResultBatchAck {
  acks: ResultAck[]
}

export namespace ResultBatchAck {
  let _codec: Codec<ResultBatchAck>

  export const codec = (): Codec<ResultBatchAck> => {
    if (_codec == null) {
      _codec = message<ResultBatchAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.acks != null && obj.acks.length > 0) {
          for (const value of obj.acks) {
            w.uint32(10)
            ResultAck.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          acks: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.acks != null && obj.acks.length === opts.limits.acks) {
                throw new MaxLengthError('Decode error - repeated field "acks" had too many elements')
              }

              obj.acks.push(ResultAck.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.acks$
              }))
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
          acks: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.acks != null && obj.acks === opts.limits.acks) {
                throw new MaxLengthError('Streaming decode error - repeated field "acks" had too many elements')
              }

              for (const evt of ResultAck.codec().stream(reader, reader.uint32(), `${prefix}.acks[]`, {
                limits: opts.limits?.acks$
              })) {
                yield {
                  ...evt,
                  index: obj.acks
                }
              }

              obj.acks++

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

  export interface ResultBatchAckAcksUnitIdFieldEvent {
    field: '$.acks[].unitId'
    value: string
    index: number
  }

  export interface ResultBatchAckAcksInstanceIdFieldEvent {
    field: '$.acks[].instanceId'
    value: string
    index: number
  }

  export interface ResultBatchAckAcksAcceptedFieldEvent {
    field: '$.acks[].accepted'
    value: boolean
    index: number
  }

  export interface ResultBatchAckAcksReasonFieldEvent {
    field: '$.acks[].reason'
    value: string
    index: number
  }

  export function encode (obj: Partial<ResultBatchAck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResultBatchAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultBatchAck>): ResultBatchAck {
    return decodeMessage(buf, ResultBatchAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultBatchAck>): Generator<ResultBatchAckAcksUnitIdFieldEvent | ResultBatchAckAcksInstanceIdFieldEvent | ResultBatchAckAcksAcceptedFieldEvent | ResultBatchAckAcksReasonFieldEvent> {
    return streamMessage(buf, ResultBatchAck.codec(), opts)
  }
}
