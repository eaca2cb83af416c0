import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface UnitResult {
  unitId: string
  pixels: PixelResult[]
}

export namespace UnitResult {
  let _codec: Codec<UnitResult>

  export const codec = (): Codec<UnitResult> => {
    if (_codec == null) {
      _codec = message<UnitResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.unitId != null && obj.unitId !== '')) {
          w.uint32(10)
          w.string(obj.unitId)
        }

        if (obj.pixels != null && obj.pixels.length > 0) {
          for (const value of obj.pixels) {
            w.uint32(18)
            PixelResult.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          unitId: '',
          pixels: []
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
              if (opts.limits?.pixels != null && obj.pixels.length === opts.limits.pixels) {
                throw new MaxLengthError('Decode error - repeated field "pixels" had too many elements')
              }

              if (obj.pixels.length === 100000) {
                throw new MaxLengthError('Decode error - repeated field "pixels" had too many elements')
              }

              obj.pixels.push(PixelResult.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pixels$
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
          pixels: 100000
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
              if (opts.limits?.pixels != null && obj.pixels === opts.limits.pixels) {
                throw new MaxLengthError('Streaming decode error - repeated field "pixels" had too many elements')
              }

              if (obj.pixels === 100000) {
                throw new MaxLengthError('Streaming decode error - repeated field "pixels" had too many elements')
              }

              for (const evt of PixelResult.codec().stream(reader, reader.uint32(), `${prefix}.pixels[]`, {
                limits: opts.limits?.pixels$
              })) {
                yield {
                  ...evt,
                  index: obj.pixels
                }
              }

              obj.pixels++

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

  export interface UnitResultUnitIdFieldEvent {
    field: '$.unitId'
    value: string
  }

  export interface UnitResultPixelsXFieldEvent {
    field: '$.pixels[].x'
    value: number
    index: number
  }

  export interface UnitResultPixelsYFieldEvent {
    field: '$.pixels[].y'
    value: number
    index: number
  }

  export interface UnitResultPixelsFitFieldEvent {
    field: '$.pixels[].fit'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface UnitResultPixelsUnfittedReasonFieldEvent {
    field: '$.pixels[].unfittedReason'
    value: string
    index: number
  }

  export interface UnitResultPixelsUnfittedMessageFieldEvent {
    field: '$.pixels[].unfittedMessage'
    value: string
    index: number
  }

  export function encode (obj: Partial<UnitResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, UnitResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UnitResult>): UnitResult {
    return decodeMessage(buf, UnitResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UnitResult>): Generator<UnitResultUnitIdFieldEvent | UnitResultPixelsXFieldEvent | UnitResultPixelsYFieldEvent | UnitResultPixelsFitFieldEvent | UnitResultPixelsUnfittedReasonFieldEvent | UnitResultPixelsUnfittedMessageFieldEvent> {
    return streamMessage(buf, UnitResult.codec(), opts)
  }
}

export interface PixelResult {
  x: number
  y: number
  fit: Uint8Array<ArrayBuffer>
  unfittedReason: string
  unfittedMessage: string
}

export namespace PixelResult {
  let _codec: Codec<PixelResult>

  export const codec = (): Codec<PixelResult> => {
    if (_codec == null) {
      _codec = message<PixelResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.x != null && obj.x !== 0)) {
          w.uint32(8)
          w.uint32(obj.x)
        }

        if ((obj.y != null && obj.y !== 0)) {
          w.uint32(16)
          w.uint32(obj.y)
        }

        if ((obj.fit != null && obj.fit.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.fit)
        }

        if ((obj.unfittedReason != null && obj.unfittedReason !== '')) {
          w.uint32(34)
          w.string(obj.unfittedReason)
        }

        if ((obj.unfittedMessage != null && obj.unfittedMessage !== '')) {
          w.uint32(42)
          w.string(obj.unfittedMessage)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          x: 0,
          y: 0,
          fit: uint8ArrayAlloc(0),
          unfittedReason: '',
          unfittedMessage: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.x = reader.uint32()
              break
            }
            case 2: {
              obj.y = reader.uint32()
              break
            }
            case 3: {
              obj.fit = reader.bytes()
              break
            }
            case 4: {
              obj.unfittedReason = reader.string()
              break
            }
            case 5: {
              obj.unfittedMessage = reader.string()
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
                field: `${prefix}.x`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.y`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.fit`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.unfittedReason`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.unfittedMessage`,
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

  export interface PixelResultXFieldEvent {
    field: '$.x'
    value: number
  }

  export interface PixelResultYFieldEvent {
    field: '$.y'
    value: number
  }

  export interface PixelResultFitFieldEvent {
    field: '$.fit'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PixelResultUnfittedReasonFieldEvent {
    field: '$.unfittedReason'
    value: string
  }

  export interface PixelResultUnfittedMessageFieldEvent {
    field: '$.unfittedMessage'
    value: string
  }

  export function encode (obj: Partial<PixelResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PixelResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PixelResult>): PixelResult {
    return decodeMessage(buf, PixelResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PixelResult>): Generator<PixelResultXFieldEvent | PixelResultYFieldEvent | PixelResultFitFieldEvent | PixelResultUnfittedReasonFieldEvent | PixelResultUnfittedMessageFieldEvent> {
    return streamMessage(buf, PixelResult.codec(), opts)
  }
}
