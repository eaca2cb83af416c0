import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  domain: string
  publicKey: Uint8Array<ArrayBuffer>
  id: Uint8Array<ArrayBuffer>
  timestampMs: number
  inReplyTo: Uint8Array<ArrayBuffer>
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.domain != null && obj.domain !== '')) {
          w.uint32(10)
          w.string(obj.domain)
        }

        if ((obj.publicKey != null && obj.publicKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.publicKey)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.id)
        }

        if ((obj.timestampMs != null && obj.timestampMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.timestampMs)
        }

        if ((obj.inReplyTo != null && obj.inReplyTo.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.inReplyTo)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          domain: '',
          publicKey: uint8ArrayAlloc(0),
          id: uint8ArrayAlloc(0),
          timestampMs: 0,
          inReplyTo: uint8ArrayAlloc(0),
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.domain = reader.string()
              break
            }
            case 2: {
              obj.publicKey = reader.bytes()
              break
            }
            case 3: {
              obj.id = reader.bytes()
              break
            }
            case 4: {
              obj.timestampMs = reader.uint64Number()
              break
            }
            case 5: {
              obj.inReplyTo = reader.bytes()
              break
            }
            case 6: {
              obj.payload = reader.bytes()
              break
            }
            case 7: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.domain`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.publicKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.timestampMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.inReplyTo`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.signature`,
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

  export interface EnvelopeDomainFieldEvent {
    field: '$.domain'
    value: string
  }

  export interface EnvelopePublicKeyFieldEvent {
    field: '$.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeTimestampMsFieldEvent {
    field: '$.timestampMs'
    value: number
  }

  export interface EnvelopeInReplyToFieldEvent {
    field: '$.inReplyTo'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeDomainFieldEvent | EnvelopePublicKeyFieldEvent | EnvelopeIdFieldEvent | EnvelopeTimestampMsFieldEvent | EnvelopeInReplyToFieldEvent | EnvelopePayloadFieldEvent | EnvelopeSignatureFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export interface ErrorReply {
  code: string
  message: string
}

export namespace ErrorReply {
  let _codec: Codec<ErrorReply>

  export const codec = (): Codec<ErrorReply> => {
    if (_codec == null) {
      _codec = message<ErrorReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(10)
          w.string(obj.code)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: '',
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.string()
              break
            }
            case 2: {
              obj.message = reader.string()
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
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
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

  export interface ErrorReplyCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export interface ErrorReplyMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<ErrorReply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ErrorReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ErrorReply>): ErrorReply {
    return decodeMessage(buf, ErrorReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ErrorReply>): Generator<ErrorReplyCodeFieldEvent | ErrorReplyMessageFieldEvent> {
    return streamMessage(buf, ErrorReply.codec(), opts)
  }
}
