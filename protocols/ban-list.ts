import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface BanList {
  project: string
  keys: Uint8Array<ArrayBuffer>[]
  issuedMs: number
}

export namespace BanList {
  let _codec: Codec<BanList>

  export const codec = (): Codec<BanList> => {
    if (_codec == null) {
      _codec = message<BanList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.project != null && obj.project !== '')) {
          w.uint32(10)
          w.string(obj.project)
        }

        if (obj.keys != null && obj.keys.length > 0) {
          for (const value of obj.keys) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.issuedMs != null && obj.issuedMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.issuedMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          project: '',
          keys: [],
          issuedMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.project = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.keys != null && obj.keys.length === opts.limits.keys) {
                throw new MaxLengthError('Decode error - repeated field "keys" had too many elements')
              }

              if (obj.keys.length === 131072) {
                throw new MaxLengthError('Decode error - repeated field "keys" had too many elements')
              }

              obj.keys.push(reader.bytes())
              break
            }
            case 3: {
              obj.issuedMs = reader.uint64Number()
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
          keys: 131072
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.project`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.keys != null && obj.keys === opts.limits.keys) {
                throw new MaxLengthError('Streaming decode error - repeated field "keys" had too many elements')
              }

              if (obj.keys === 131072) {
                throw new MaxLengthError('Streaming decode error - repeated field "keys" had too many elements')
              }

              yield {
                field: `${prefix}.keys[]`,
                index: obj.keys,
                value: reader.bytes()
              }

              obj.keys++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.issuedMs`,
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

  export interface BanListProjectFieldEvent {
    field: '$.project'
    value: string
  }

  export interface BanListKeysFieldEvent {
    field: '$.keys[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface BanListIssuedMsFieldEvent {
    field: '$.issuedMs'
    value: number
  }

  export function encode (obj: Partial<BanList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BanList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BanList>): BanList {
    return decodeMessage(buf, BanList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BanList>): Generator<BanListProjectFieldEvent | BanListKeysFieldEvent | BanListIssuedMsFieldEvent> {
    return streamMessage(buf, BanList.codec(), opts)
  }
}
