import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface HolePunch {
  type: HolePunch.Type
  publicIps: string[]
  lanIps: string[]
  port: number
  path: HolePunch.Path
  initiatorIp: string
  responderIp: string
}

export namespace HolePunch {
  export enum Type {
    TYPE_UNSPECIFIED = 'TYPE_UNSPECIFIED',
    CONNECT = 'CONNECT',
    SYNC = 'SYNC'
  }

  enum __TypeValues {
    TYPE_UNSPECIFIED = 0,
    CONNECT = 1,
    SYNC = 2
  }

  export namespace Type {
    export const codec = (): Codec<Type> => {
      return enumeration<Type>(__TypeValues)
    }
  }

  export enum Path {
    PATH_UNSPECIFIED = 'PATH_UNSPECIFIED',
    PUBLIC = 'PUBLIC',
    LAN = 'LAN'
  }

  enum __PathValues {
    PATH_UNSPECIFIED = 0,
    PUBLIC = 1,
    LAN = 2
  }

  export namespace Path {
    export const codec = (): Codec<Path> => {
      return enumeration<Path>(__PathValues)
    }
  }

  let _codec: Codec<HolePunch>

  export const codec = (): Codec<HolePunch> => {
    if (_codec == null) {
      _codec = message<HolePunch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __TypeValues[obj.type] !== 0) {
          w.uint32(8)
          HolePunch.Type.codec().encode(obj.type, w)
        }

        if (obj.publicIps != null && obj.publicIps.length > 0) {
          for (const value of obj.publicIps) {
            w.uint32(18)
            w.string(value)
          }
        }

        if (obj.lanIps != null && obj.lanIps.length > 0) {
          for (const value of obj.lanIps) {
            w.uint32(26)
            w.string(value)
          }
        }

        if ((obj.port != null && obj.port !== 0)) {
          w.uint32(32)
          w.uint32(obj.port)
        }

        if (obj.path != null && __PathValues[obj.path] !== 0) {
          w.uint32(40)
          HolePunch.Path.codec().encode(obj.path, w)
        }

        if ((obj.initiatorIp != null && obj.initiatorIp !== '')) {
          w.uint32(50)
          w.string(obj.initiatorIp)
        }

        if ((obj.responderIp != null && obj.responderIp !== '')) {
          w.uint32(58)
          w.string(obj.responderIp)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: Type.TYPE_UNSPECIFIED,
          publicIps: [],
          lanIps: [],
          port: 0,
          path: Path.PATH_UNSPECIFIED,
          initiatorIp: '',
          responderIp: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = HolePunch.Type.codec().decode(reader)
              break
            }
            case 2: {
              if (opts.limits?.publicIps != null && obj.publicIps.length === opts.limits.publicIps) {
                throw new MaxLengthError('Decode error - repeated field "publicIps" had too many elements')
              }

              if (obj.publicIps.length === 4) {
                throw new MaxLengthError('Decode error - repeated field "publicIps" had too many elements')
              }

              obj.publicIps.push(reader.string())
              break
            }
            case 3: {
              if (opts.limits?.lanIps != null && obj.lanIps.length === opts.limits.lanIps) {
                throw new MaxLengthError('Decode error - repeated field "lanIps" had too many elements')
              }

              if (obj.lanIps.length === 8) {
                throw new MaxLengthError('Decode error - repeated field "lanIps" had too many elements')
              }

              obj.lanIps.push(reader.string())
              break
            }
            case 4: {
              obj.port = reader.uint32()
              break
            }
            case 5: {
              obj.path = HolePunch.Path.codec().decode(reader)
              break
            }
            case 6: {
              obj.initiatorIp = reader.string()
              break
            }
            case 7: {
              obj.responderIp = reader.string()
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
          publicIps: 4,
          lanIps: 8
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.type`,
                value: HolePunch.Type.codec().decode(reader)
              }
              break
            }
            case 2: {
              if (opts.limits?.publicIps != null && obj.publicIps === opts.limits.publicIps) {
                throw new MaxLengthError('Streaming decode error - repeated field "publicIps" had too many elements')
              }

              if (obj.publicIps === 4) {
                throw new MaxLengthError('Streaming decode error - repeated field "publicIps" had too many elements')
              }

              yield {
                field: `${prefix}.publicIps[]`,
                index: obj.publicIps,
                value: reader.string()
              }

              obj.publicIps++

              break
            }
            case 3: {
              if (opts.limits?.lanIps != null && obj.lanIps === opts.limits.lanIps) {
                throw new MaxLengthError('Streaming decode error - repeated field "lanIps" had too many elements')
              }

              if (obj.lanIps === 8) {
                throw new MaxLengthError('Streaming decode error - repeated field "lanIps" had too many elements')
              }

              yield {
                field: `${prefix}.lanIps[]`,
                index: obj.lanIps,
                value: reader.string()
              }

              obj.lanIps++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.port`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.path`,
                value: HolePunch.Path.codec().decode(reader)
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.initiatorIp`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.responderIp`,
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

  export interface HolePunchTypeFieldEvent {
    field: '$.type'
    value: HolePunch.Type
  }

  export interface HolePunchPublicIpsFieldEvent {
    field: '$.publicIps[]'
    index: number
    value: string
  }

  export interface HolePunchLanIpsFieldEvent {
    field: '$.lanIps[]'
    index: number
    value: string
  }

  export interface HolePunchPortFieldEvent {
    field: '$.port'
    value: number
  }

  export interface HolePunchPathFieldEvent {
    field: '$.path'
    value: HolePunch.Path
  }

  export interface HolePunchInitiatorIpFieldEvent {
    field: '$.initiatorIp'
    value: string
  }

  export interface HolePunchResponderIpFieldEvent {
    field: '$.responderIp'
    value: string
  }

  export function encode (obj: Partial<HolePunch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HolePunch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HolePunch>): HolePunch {
    return decodeMessage(buf, HolePunch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HolePunch>): Generator<HolePunchTypeFieldEvent | HolePunchPublicIpsFieldEvent | HolePunchLanIpsFieldEvent | HolePunchPortFieldEvent | HolePunchPathFieldEvent | HolePunchInitiatorIpFieldEvent | HolePunchResponderIpFieldEvent> {
    return streamMessage(buf, HolePunch.codec(), opts)
  }
}
