import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface SubmitRequest {
  fileName: string
  name: string
  run: string
  redshift?: number
  ra?: number
  dec?: number
  snr?: number
  size: number
  sha256: Uint8Array<ArrayBuffer>
}

export namespace SubmitRequest {
  let _codec: Codec<SubmitRequest>

  export const codec = (): Codec<SubmitRequest> => {
    if (_codec == null) {
      _codec = message<SubmitRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.fileName != null && obj.fileName !== '')) {
          w.uint32(10)
          w.string(obj.fileName)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.run != null && obj.run !== '')) {
          w.uint32(26)
          w.string(obj.run)
        }

        if (obj.redshift != null) {
          w.uint32(33)
          w.double(obj.redshift)
        }

        if (obj.ra != null) {
          w.uint32(41)
          w.double(obj.ra)
        }

        if (obj.dec != null) {
          w.uint32(49)
          w.double(obj.dec)
        }

        if (obj.snr != null) {
          w.uint32(57)
          w.double(obj.snr)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.size)
        }

        if ((obj.sha256 != null && obj.sha256.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.sha256)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          fileName: '',
          name: '',
          run: '',
          size: 0,
          sha256: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.fileName = reader.string()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 3: {
              obj.run = reader.string()
              break
            }
            case 4: {
              obj.redshift = reader.double()
              break
            }
            case 5: {
              obj.ra = reader.double()
              break
            }
            case 6: {
              obj.dec = reader.double()
              break
            }
            case 7: {
              obj.snr = reader.double()
              break
            }
            case 8: {
              obj.size = reader.uint64Number()
              break
            }
            case 9: {
              obj.sha256 = reader.bytes()
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
                field: `${prefix}.fileName`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.run`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.redshift`,
                value: reader.double()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.ra`,
                value: reader.double()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.dec`,
                value: reader.double()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.snr`,
                value: reader.double()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.sha256`,
                value: reader.bytes()
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

  export interface SubmitRequestFileNameFieldEvent {
    field: '$.fileName'
    value: string
  }

  export interface SubmitRequestNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface SubmitRequestRunFieldEvent {
    field: '$.run'
    value: string
  }

  export interface SubmitRequestRedshiftFieldEvent {
    field: '$.redshift'
    value: number
  }

  export interface SubmitRequestRaFieldEvent {
    field: '$.ra'
    value: number
  }

  export interface SubmitRequestDecFieldEvent {
    field: '$.dec'
    value: number
  }

  export interface SubmitRequestSnrFieldEvent {
    field: '$.snr'
    value: number
  }

  export interface SubmitRequestSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface SubmitRequestSha256FieldEvent {
    field: '$.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SubmitRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SubmitRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitRequest>): SubmitRequest {
    return decodeMessage(buf, SubmitRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitRequest>): Generator<SubmitRequestFileNameFieldEvent | SubmitRequestNameFieldEvent | SubmitRequestRunFieldEvent | SubmitRequestRedshiftFieldEvent | SubmitRequestRaFieldEvent | SubmitRequestDecFieldEvent | SubmitRequestSnrFieldEvent | SubmitRequestSizeFieldEvent | SubmitRequestSha256FieldEvent> {
    return streamMessage(buf, SubmitRequest.codec(), opts)
  }
}

export interface SubmitProgress {
  stage: SubmitProgress.Stage
  receivedBytes: number
}

export namespace SubmitProgress {
  export enum Stage {
    STAGE_UNSPECIFIED = 'STAGE_UNSPECIFIED',
    RECEIVING = 'RECEIVING',
    RECEIVED = 'RECEIVED',
    CHECKED = 'CHECKED'
  }

  enum __StageValues {
    STAGE_UNSPECIFIED = 0,
    RECEIVING = 1,
    RECEIVED = 2,
    CHECKED = 3
  }

  export namespace Stage {
    export const codec = (): Codec<Stage> => {
      return enumeration<Stage>(__StageValues)
    }
  }

  let _codec: Codec<SubmitProgress>

  export const codec = (): Codec<SubmitProgress> => {
    if (_codec == null) {
      _codec = message<SubmitProgress>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.stage != null && __StageValues[obj.stage] !== 0) {
          w.uint32(8)
          SubmitProgress.Stage.codec().encode(obj.stage, w)
        }

        if ((obj.receivedBytes != null && obj.receivedBytes !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.receivedBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          stage: Stage.STAGE_UNSPECIFIED,
          receivedBytes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.stage = SubmitProgress.Stage.codec().decode(reader)
              break
            }
            case 2: {
              obj.receivedBytes = reader.uint64Number()
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
                field: `${prefix}.stage`,
                value: SubmitProgress.Stage.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.receivedBytes`,
                value: reader.uint64Number()
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

  export interface SubmitProgressStageFieldEvent {
    field: '$.stage'
    value: SubmitProgress.Stage
  }

  export interface SubmitProgressReceivedBytesFieldEvent {
    field: '$.receivedBytes'
    value: number
  }

  export function encode (obj: Partial<SubmitProgress>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SubmitProgress.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitProgress>): SubmitProgress {
    return decodeMessage(buf, SubmitProgress.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitProgress>): Generator<SubmitProgressStageFieldEvent | SubmitProgressReceivedBytesFieldEvent> {
    return streamMessage(buf, SubmitProgress.codec(), opts)
  }
}

export interface SubmitReceipt {
  galaxyId: number
  name: string
  created: boolean
  areas: number
  pixels: number
  sha256: Uint8Array<ArrayBuffer>
}

export namespace SubmitReceipt {
  let _codec: Codec<SubmitReceipt>

  export const codec = (): Codec<SubmitReceipt> => {
    if (_codec == null) {
      _codec = message<SubmitReceipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.galaxyId != null && obj.galaxyId !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.galaxyId)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.created != null && obj.created !== false)) {
          w.uint32(24)
          w.bool(obj.created)
        }

        if ((obj.areas != null && obj.areas !== 0)) {
          w.uint32(32)
          w.uint32(obj.areas)
        }

        if ((obj.pixels != null && obj.pixels !== 0)) {
          w.uint32(40)
          w.uint32(obj.pixels)
        }

        if ((obj.sha256 != null && obj.sha256.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.sha256)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          galaxyId: 0,
          name: '',
          created: false,
          areas: 0,
          pixels: 0,
          sha256: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.galaxyId = reader.uint64Number()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 3: {
              obj.created = reader.bool()
              break
            }
            case 4: {
              obj.areas = reader.uint32()
              break
            }
            case 5: {
              obj.pixels = reader.uint32()
              break
            }
            case 6: {
              obj.sha256 = reader.bytes()
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
                field: `${prefix}.galaxyId`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.created`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.areas`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.pixels`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.sha256`,
                value: reader.bytes()
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

  export interface SubmitReceiptGalaxyIdFieldEvent {
    field: '$.galaxyId'
    value: number
  }

  export interface SubmitReceiptNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface SubmitReceiptCreatedFieldEvent {
    field: '$.created'
    value: boolean
  }

  export interface SubmitReceiptAreasFieldEvent {
    field: '$.areas'
    value: number
  }

  export interface SubmitReceiptPixelsFieldEvent {
    field: '$.pixels'
    value: number
  }

  export interface SubmitReceiptSha256FieldEvent {
    field: '$.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SubmitReceipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SubmitReceipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitReceipt>): SubmitReceipt {
    return decodeMessage(buf, SubmitReceipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitReceipt>): Generator<SubmitReceiptGalaxyIdFieldEvent | SubmitReceiptNameFieldEvent | SubmitReceiptCreatedFieldEvent | SubmitReceiptAreasFieldEvent | SubmitReceiptPixelsFieldEvent | SubmitReceiptSha256FieldEvent> {
    return streamMessage(buf, SubmitReceipt.codec(), opts)
  }
}
