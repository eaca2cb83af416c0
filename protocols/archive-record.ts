import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ArchiveRecord {
  project: string
  galaxy: string
  cid: string
  sha256: Uint8Array<ArrayBuffer>
  size: number
  createdMs: number
  pixels: number
  areas: number
}

export namespace ArchiveRecord {
  let _codec: Codec<ArchiveRecord>

  export const codec = (): Codec<ArchiveRecord> => {
    if (_codec == null) {
      _codec = message<ArchiveRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.project != null && obj.project !== '')) {
          w.uint32(10)
          w.string(obj.project)
        }

        if ((obj.galaxy != null && obj.galaxy !== '')) {
          w.uint32(18)
          w.string(obj.galaxy)
        }

        if ((obj.cid != null && obj.cid !== '')) {
          w.uint32(26)
          w.string(obj.cid)
        }

        if ((obj.sha256 != null && obj.sha256.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.sha256)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.size)
        }

        if ((obj.createdMs != null && obj.createdMs !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.createdMs)
        }

        if ((obj.pixels != null && obj.pixels !== 0)) {
          w.uint32(56)
          w.uint32(obj.pixels)
        }

        if ((obj.areas != null && obj.areas !== 0)) {
          w.uint32(64)
          w.uint32(obj.areas)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          project: '',
          galaxy: '',
          cid: '',
          sha256: uint8ArrayAlloc(0),
          size: 0,
          createdMs: 0,
          pixels: 0,
          areas: 0
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
              obj.galaxy = reader.string()
              break
            }
            case 3: {
              obj.cid = reader.string()
              break
            }
            case 4: {
              obj.sha256 = reader.bytes()
              break
            }
            case 5: {
              obj.size = reader.uint64Number()
              break
            }
            case 6: {
              obj.createdMs = reader.uint64Number()
              break
            }
            case 7: {
              obj.pixels = reader.uint32()
              break
            }
            case 8: {
              obj.areas = reader.uint32()
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
                field: `${prefix}.project`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.galaxy`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.cid`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.sha256`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.createdMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.pixels`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.areas`,
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

  export interface ArchiveRecordProjectFieldEvent {
    field: '$.project'
    value: string
  }

  export interface ArchiveRecordGalaxyFieldEvent {
    field: '$.galaxy'
    value: string
  }

  export interface ArchiveRecordCidFieldEvent {
    field: '$.cid'
    value: string
  }

  export interface ArchiveRecordSha256FieldEvent {
    field: '$.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ArchiveRecordSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface ArchiveRecordCreatedMsFieldEvent {
    field: '$.createdMs'
    value: number
  }

  export interface ArchiveRecordPixelsFieldEvent {
    field: '$.pixels'
    value: number
  }

  export interface ArchiveRecordAreasFieldEvent {
    field: '$.areas'
    value: number
  }

  export function encode (obj: Partial<ArchiveRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ArchiveRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ArchiveRecord>): ArchiveRecord {
    return decodeMessage(buf, ArchiveRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ArchiveRecord>): Generator<ArchiveRecordProjectFieldEvent | ArchiveRecordGalaxyFieldEvent | ArchiveRecordCidFieldEvent | ArchiveRecordSha256FieldEvent | ArchiveRecordSizeFieldEvent | ArchiveRecordCreatedMsFieldEvent | ArchiveRecordPixelsFieldEvent | ArchiveRecordAreasFieldEvent> {
    return streamMessage(buf, ArchiveRecord.codec(), opts)
  }
}
