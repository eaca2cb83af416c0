import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PinRequest {
  cids: string[]
  record: Uint8Array<ArrayBuffer>
}

export namespace PinRequest {
  let _codec: Codec<PinRequest>

  export const codec = (): Codec<PinRequest> => {
    if (_codec == null) {
      _codec = message<PinRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.cids != null && obj.cids.length > 0) {
          for (const value of obj.cids) {
            w.uint32(10)
            w.string(value)
          }
        }

        if ((obj.record != null && obj.record.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.record)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          cids: [],
          record: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.cids != null && obj.cids.length === opts.limits.cids) {
                throw new MaxLengthError('Decode error - repeated field "cids" had too many elements')
              }

              if (obj.cids.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "cids" had too many elements')
              }

              obj.cids.push(reader.string())
              break
            }
            case 2: {
              obj.record = reader.bytes()
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
          cids: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.cids != null && obj.cids === opts.limits.cids) {
                throw new MaxLengthError('Streaming decode error - repeated field "cids" had too many elements')
              }

              if (obj.cids === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "cids" had too many elements')
              }

              yield {
                field: `${prefix}.cids[]`,
                index: obj.cids,
                value: reader.string()
              }

              obj.cids++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.record`,
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

  export interface PinRequestCidsFieldEvent {
    field: '$.cids[]'
    index: number
    value: string
  }

  export interface PinRequestRecordFieldEvent {
    field: '$.record'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PinRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PinRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PinRequest>): PinRequest {
    return decodeMessage(buf, PinRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PinRequest>): Generator<PinRequestCidsFieldEvent | PinRequestRecordFieldEvent> {
    return streamMessage(buf, PinRequest.codec(), opts)
  }
}

export interface PinReceipt {
  cids: string[]
  bytes: number
  pinnedMs: number
}

export namespace PinReceipt {
  let _codec: Codec<PinReceipt>

  export const codec = (): Codec<PinReceipt> => {
    if (_codec == null) {
      _codec = message<PinReceipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.cids != null && obj.cids.length > 0) {
          for (const value of obj.cids) {
            w.uint32(10)
            w.string(value)
          }
        }

        if ((obj.bytes != null && obj.bytes !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.bytes)
        }

        if ((obj.pinnedMs != null && obj.pinnedMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.pinnedMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          cids: [],
          bytes: 0,
          pinnedMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.cids != null && obj.cids.length === opts.limits.cids) {
                throw new MaxLengthError('Decode error - repeated field "cids" had too many elements')
              }

              if (obj.cids.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "cids" had too many elements')
              }

              obj.cids.push(reader.string())
              break
            }
            case 2: {
              obj.bytes = reader.uint64Number()
              break
            }
            case 3: {
              obj.pinnedMs = reader.uint64Number()
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
          cids: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.cids != null && obj.cids === opts.limits.cids) {
                throw new MaxLengthError('Streaming decode error - repeated field "cids" had too many elements')
              }

              if (obj.cids === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "cids" had too many elements')
              }

              yield {
                field: `${prefix}.cids[]`,
                index: obj.cids,
                value: reader.string()
              }

              obj.cids++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.bytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.pinnedMs`,
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

  export interface PinReceiptCidsFieldEvent {
    field: '$.cids[]'
    index: number
    value: string
  }

  export interface PinReceiptBytesFieldEvent {
    field: '$.bytes'
    value: number
  }

  export interface PinReceiptPinnedMsFieldEvent {
    field: '$.pinnedMs'
    value: number
  }

  export function encode (obj: Partial<PinReceipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PinReceipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PinReceipt>): PinReceipt {
    return decodeMessage(buf, PinReceipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PinReceipt>): Generator<PinReceiptCidsFieldEvent | PinReceiptBytesFieldEvent | PinReceiptPinnedMsFieldEvent> {
    return streamMessage(buf, PinReceipt.codec(), opts)
  }
}
