import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface WorkRequest {
  cores: number
  maxUnits: number
  appVersion: string
  libraries: string[]
  coreVersion: number
}

export namespace WorkRequest {
  let _codec: Codec<WorkRequest>

  export const codec = (): Codec<WorkRequest> => {
    if (_codec == null) {
      _codec = message<WorkRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.cores != null && obj.cores !== 0)) {
          w.uint32(8)
          w.uint32(obj.cores)
        }

        if ((obj.maxUnits != null && obj.maxUnits !== 0)) {
          w.uint32(16)
          w.uint32(obj.maxUnits)
        }

        if ((obj.appVersion != null && obj.appVersion !== '')) {
          w.uint32(26)
          w.string(obj.appVersion)
        }

        if (obj.libraries != null && obj.libraries.length > 0) {
          for (const value of obj.libraries) {
            w.uint32(34)
            w.string(value)
          }
        }

        if ((obj.coreVersion != null && obj.coreVersion !== 0)) {
          w.uint32(40)
          w.uint32(obj.coreVersion)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          cores: 0,
          maxUnits: 0,
          appVersion: '',
          libraries: [],
          coreVersion: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.cores = reader.uint32()
              break
            }
            case 2: {
              obj.maxUnits = reader.uint32()
              break
            }
            case 3: {
              obj.appVersion = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.libraries != null && obj.libraries.length === opts.limits.libraries) {
                throw new MaxLengthError('Decode error - repeated field "libraries" had too many elements')
              }

              if (obj.libraries.length === 4096) {
                throw new MaxLengthError('Decode error - repeated field "libraries" had too many elements')
              }

              obj.libraries.push(reader.string())
              break
            }
            case 5: {
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
        const obj = {
          libraries: 4096
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.cores`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.maxUnits`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.appVersion`,
                value: reader.string()
              }
              break
            }
            case 4: {
              if (opts.limits?.libraries != null && obj.libraries === opts.limits.libraries) {
                throw new MaxLengthError('Streaming decode error - repeated field "libraries" had too many elements')
              }

              if (obj.libraries === 4096) {
                throw new MaxLengthError('Streaming decode error - repeated field "libraries" had too many elements')
              }

              yield {
                field: `${prefix}.libraries[]`,
                index: obj.libraries,
                value: reader.string()
              }

              obj.libraries++

              break
            }
            case 5: {
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

  export interface WorkRequestCoresFieldEvent {
    field: '$.cores'
    value: number
  }

  export interface WorkRequestMaxUnitsFieldEvent {
    field: '$.maxUnits'
    value: number
  }

  export interface WorkRequestAppVersionFieldEvent {
    field: '$.appVersion'
    value: string
  }

  export interface WorkRequestLibrariesFieldEvent {
    field: '$.libraries[]'
    index: number
    value: string
  }

  export interface WorkRequestCoreVersionFieldEvent {
    field: '$.coreVersion'
    value: number
  }

  export function encode (obj: Partial<WorkRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WorkRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WorkRequest>): WorkRequest {
    return decodeMessage(buf, WorkRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WorkRequest>): Generator<WorkRequestCoresFieldEvent | WorkRequestMaxUnitsFieldEvent | WorkRequestAppVersionFieldEvent | WorkRequestLibrariesFieldEvent | WorkRequestCoreVersionFieldEvent> {
    return streamMessage(buf, WorkRequest.codec(), opts)
  }
}

export interface WorkAssignment {
  units: Assignment[]
  retryAfterS: number
}

export namespace WorkAssignment {
  let _codec: Codec<WorkAssignment>

  export const codec = (): Codec<WorkAssignment> => {
    if (_codec == null) {
      _codec = message<WorkAssignment>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.units != null && obj.units.length > 0) {
          for (const value of obj.units) {
            w.uint32(10)
            Assignment.codec().encode(value, w)
          }
        }

        if ((obj.retryAfterS != null && obj.retryAfterS !== 0)) {
          w.uint32(16)
          w.uint32(obj.retryAfterS)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          units: [],
          retryAfterS: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.units != null && obj.units.length === opts.limits.units) {
                throw new MaxLengthError('Decode error - repeated field "units" had too many elements')
              }

              if (obj.units.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "units" had too many elements')
              }

              obj.units.push(Assignment.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.units$
              }))
              break
            }
            case 2: {
              obj.retryAfterS = reader.uint32()
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
          units: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.units != null && obj.units === opts.limits.units) {
                throw new MaxLengthError('Streaming decode error - repeated field "units" had too many elements')
              }

              if (obj.units === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "units" had too many elements')
              }

              for (const evt of Assignment.codec().stream(reader, reader.uint32(), `${prefix}.units[]`, {
                limits: opts.limits?.units$
              })) {
                yield {
                  ...evt,
                  index: obj.units
                }
              }

              obj.units++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.retryAfterS`,
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

  export interface WorkAssignmentUnitsUnitIdFieldEvent {
    field: '$.units[].unitId'
    value: string
    index: number
  }

  export interface WorkAssignmentUnitsInstanceIdFieldEvent {
    field: '$.units[].instanceId'
    value: string
    index: number
  }

  export interface WorkAssignmentUnitsNonceFieldEvent {
    field: '$.units[].nonce'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface WorkAssignmentUnitsDeadlineMsFieldEvent {
    field: '$.units[].deadlineMs'
    value: number
    index: number
  }

  export interface WorkAssignmentUnitsPayloadFieldEvent {
    field: '$.units[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface WorkAssignmentUnitsPayloadCidFieldEvent {
    field: '$.units[].payloadCid'
    value: string
    index: number
  }

  export interface WorkAssignmentUnitsLibraryCidsFieldEvent {
    field: '$.units[].libraryCids[]'
    index: number
    value: string
  }

  export interface WorkAssignmentUnitsEstimatedCpuSFieldEvent {
    field: '$.units[].estimatedCpuS'
    value: number
    index: number
  }

  export interface WorkAssignmentRetryAfterSFieldEvent {
    field: '$.retryAfterS'
    value: number
  }

  export function encode (obj: Partial<WorkAssignment>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WorkAssignment.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WorkAssignment>): WorkAssignment {
    return decodeMessage(buf, WorkAssignment.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WorkAssignment>): Generator<WorkAssignmentUnitsUnitIdFieldEvent | WorkAssignmentUnitsInstanceIdFieldEvent | WorkAssignmentUnitsNonceFieldEvent | WorkAssignmentUnitsDeadlineMsFieldEvent | WorkAssignmentUnitsPayloadFieldEvent | WorkAssignmentUnitsPayloadCidFieldEvent | WorkAssignmentUnitsLibraryCidsFieldEvent | WorkAssignmentUnitsEstimatedCpuSFieldEvent | WorkAssignmentRetryAfterSFieldEvent> {
    return streamMessage(buf, WorkAssignment.codec(), opts)
  }
}

export interface Assignment {
  unitId: string
  instanceId: string
  nonce: Uint8Array<ArrayBuffer>
  deadlineMs: number
  payload: Uint8Array<ArrayBuffer>
  payloadCid: string
  libraryCids: string[]
  estimatedCpuS: number
}

export namespace Assignment {
  let _codec: Codec<Assignment>

  export const codec = (): Codec<Assignment> => {
    if (_codec == null) {
      _codec = message<Assignment>((obj, w, opts = {}) => {
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

        if ((obj.deadlineMs != null && obj.deadlineMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.deadlineMs)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.payload)
        }

        if ((obj.payloadCid != null && obj.payloadCid !== '')) {
          w.uint32(50)
          w.string(obj.payloadCid)
        }

        if (obj.libraryCids != null && obj.libraryCids.length > 0) {
          for (const value of obj.libraryCids) {
            w.uint32(58)
            w.string(value)
          }
        }

        if ((obj.estimatedCpuS != null && obj.estimatedCpuS !== 0)) {
          w.uint32(64)
          w.uint32(obj.estimatedCpuS)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          unitId: '',
          instanceId: '',
          nonce: uint8ArrayAlloc(0),
          deadlineMs: 0,
          payload: uint8ArrayAlloc(0),
          payloadCid: '',
          libraryCids: [],
          estimatedCpuS: 0
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
              obj.deadlineMs = reader.uint64Number()
              break
            }
            case 5: {
              obj.payload = reader.bytes()
              break
            }
            case 6: {
              obj.payloadCid = reader.string()
              break
            }
            case 7: {
              if (opts.limits?.libraryCids != null && obj.libraryCids.length === opts.limits.libraryCids) {
                throw new MaxLengthError('Decode error - repeated field "libraryCids" had too many elements')
              }

              if (obj.libraryCids.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "libraryCids" had too many elements')
              }

              obj.libraryCids.push(reader.string())
              break
            }
            case 8: {
              obj.estimatedCpuS = reader.uint32()
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
                field: `${prefix}.deadlineMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.payloadCid`,
                value: reader.string()
              }
              break
            }
            case 7: {
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
            case 8: {
              yield {
                field: `${prefix}.estimatedCpuS`,
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

  export interface AssignmentUnitIdFieldEvent {
    field: '$.unitId'
    value: string
  }

  export interface AssignmentInstanceIdFieldEvent {
    field: '$.instanceId'
    value: string
  }

  export interface AssignmentNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AssignmentDeadlineMsFieldEvent {
    field: '$.deadlineMs'
    value: number
  }

  export interface AssignmentPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AssignmentPayloadCidFieldEvent {
    field: '$.payloadCid'
    value: string
  }

  export interface AssignmentLibraryCidsFieldEvent {
    field: '$.libraryCids[]'
    index: number
    value: string
  }

  export interface AssignmentEstimatedCpuSFieldEvent {
    field: '$.estimatedCpuS'
    value: number
  }

  export function encode (obj: Partial<Assignment>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Assignment.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Assignment>): Assignment {
    return decodeMessage(buf, Assignment.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Assignment>): Generator<AssignmentUnitIdFieldEvent | AssignmentInstanceIdFieldEvent | AssignmentNonceFieldEvent | AssignmentDeadlineMsFieldEvent | AssignmentPayloadFieldEvent | AssignmentPayloadCidFieldEvent | AssignmentLibraryCidsFieldEvent | AssignmentEstimatedCpuSFieldEvent> {
    return streamMessage(buf, Assignment.codec(), opts)
  }
}
