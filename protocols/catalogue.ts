import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Catalogue {
  project: string
  sequence: number
  issuedMs: number
  entries: CatalogueEntry[]
}

export namespace Catalogue {
  let _codec: Codec<Catalogue>

  export const codec = (): Codec<Catalogue> => {
    if (_codec == null) {
      _codec = message<Catalogue>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.project != null && obj.project !== '')) {
          w.uint32(10)
          w.string(obj.project)
        }

        if ((obj.sequence != null && obj.sequence !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.sequence)
        }

        if ((obj.issuedMs != null && obj.issuedMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.issuedMs)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(34)
            CatalogueEntry.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          project: '',
          sequence: 0,
          issuedMs: 0,
          entries: []
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
              obj.sequence = reader.uint64Number()
              break
            }
            case 3: {
              obj.issuedMs = reader.uint64Number()
              break
            }
            case 4: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries.length === 100000) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(CatalogueEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
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
          entries: 100000
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
              yield {
                field: `${prefix}.sequence`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.issuedMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries === 100000) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of CatalogueEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

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

  export interface CatalogueProjectFieldEvent {
    field: '$.project'
    value: string
  }

  export interface CatalogueSequenceFieldEvent {
    field: '$.sequence'
    value: number
  }

  export interface CatalogueIssuedMsFieldEvent {
    field: '$.issuedMs'
    value: number
  }

  export interface CatalogueEntriesGalaxyFieldEvent {
    field: '$.entries[].galaxy'
    value: string
    index: number
  }

  export interface CatalogueEntriesRunFieldEvent {
    field: '$.entries[].run'
    value: string
    index: number
  }

  export interface CatalogueEntriesBandsFieldEvent {
    field: '$.entries[].bands[]'
    index: number
    value: string
  }

  export interface CatalogueEntriesRaFieldEvent {
    field: '$.entries[].ra'
    value: number
    index: number
  }

  export interface CatalogueEntriesDecFieldEvent {
    field: '$.entries[].dec'
    value: number
    index: number
  }

  export interface CatalogueEntriesRedshiftFieldEvent {
    field: '$.entries[].redshift'
    value: number
    index: number
  }

  export interface CatalogueEntriesWidthFieldEvent {
    field: '$.entries[].width'
    value: number
    index: number
  }

  export interface CatalogueEntriesHeightFieldEvent {
    field: '$.entries[].height'
    value: number
    index: number
  }

  export interface CatalogueEntriesPixelsFieldEvent {
    field: '$.entries[].pixels'
    value: number
    index: number
  }

  export interface CatalogueEntriesAreasFieldEvent {
    field: '$.entries[].areas'
    value: number
    index: number
  }

  export interface CatalogueEntriesCidFieldEvent {
    field: '$.entries[].cid'
    value: string
    index: number
  }

  export interface CatalogueEntriesSha256FieldEvent {
    field: '$.entries[].sha256'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface CatalogueEntriesSizeFieldEvent {
    field: '$.entries[].size'
    value: number
    index: number
  }

  export interface CatalogueEntriesCreatedMsFieldEvent {
    field: '$.entries[].createdMs'
    value: number
    index: number
  }

  export function encode (obj: Partial<Catalogue>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Catalogue.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Catalogue>): Catalogue {
    return decodeMessage(buf, Catalogue.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Catalogue>): Generator<CatalogueProjectFieldEvent | CatalogueSequenceFieldEvent | CatalogueIssuedMsFieldEvent | CatalogueEntriesGalaxyFieldEvent | CatalogueEntriesRunFieldEvent | CatalogueEntriesBandsFieldEvent | CatalogueEntriesRaFieldEvent | CatalogueEntriesDecFieldEvent | CatalogueEntriesRedshiftFieldEvent | CatalogueEntriesWidthFieldEvent | CatalogueEntriesHeightFieldEvent | CatalogueEntriesPixelsFieldEvent | CatalogueEntriesAreasFieldEvent | CatalogueEntriesCidFieldEvent | CatalogueEntriesSha256FieldEvent | CatalogueEntriesSizeFieldEvent | CatalogueEntriesCreatedMsFieldEvent> {
    return streamMessage(buf, Catalogue.codec(), opts)
  }
}

export interface CatalogueEntry {
  galaxy: string
  run: string
  bands: string[]
  ra?: number
  dec?: number
  redshift: number
  width: number
  height: number
  pixels: number
  areas: number
  cid: string
  sha256: Uint8Array<ArrayBuffer>
  size: number
  createdMs: number
}

export namespace CatalogueEntry {
  let _codec: Codec<CatalogueEntry>

  export const codec = (): Codec<CatalogueEntry> => {
    if (_codec == null) {
      _codec = message<CatalogueEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.galaxy != null && obj.galaxy !== '')) {
          w.uint32(10)
          w.string(obj.galaxy)
        }

        if ((obj.run != null && obj.run !== '')) {
          w.uint32(18)
          w.string(obj.run)
        }

        if (obj.bands != null && obj.bands.length > 0) {
          for (const value of obj.bands) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.ra != null) {
          w.uint32(33)
          w.double(obj.ra)
        }

        if (obj.dec != null) {
          w.uint32(41)
          w.double(obj.dec)
        }

        if ((obj.redshift != null && obj.redshift !== 0)) {
          w.uint32(49)
          w.double(obj.redshift)
        }

        if ((obj.width != null && obj.width !== 0)) {
          w.uint32(56)
          w.uint32(obj.width)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(64)
          w.uint32(obj.height)
        }

        if ((obj.pixels != null && obj.pixels !== 0)) {
          w.uint32(72)
          w.uint32(obj.pixels)
        }

        if ((obj.areas != null && obj.areas !== 0)) {
          w.uint32(80)
          w.uint32(obj.areas)
        }

        if ((obj.cid != null && obj.cid !== '')) {
          w.uint32(90)
          w.string(obj.cid)
        }

        if ((obj.sha256 != null && obj.sha256.byteLength > 0)) {
          w.uint32(98)
          w.bytes(obj.sha256)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(104)
          w.uint64Number(obj.size)
        }

        if ((obj.createdMs != null && obj.createdMs !== 0)) {
          w.uint32(112)
          w.uint64Number(obj.createdMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          galaxy: '',
          run: '',
          bands: [],
          redshift: 0,
          width: 0,
          height: 0,
          pixels: 0,
          areas: 0,
          cid: '',
          sha256: uint8ArrayAlloc(0),
          size: 0,
          createdMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.galaxy = reader.string()
              break
            }
            case 2: {
              obj.run = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.bands != null && obj.bands.length === opts.limits.bands) {
                throw new MaxLengthError('Decode error - repeated field "bands" had too many elements')
              }

              if (obj.bands.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "bands" had too many elements')
              }

              obj.bands.push(reader.string())
              break
            }
            case 4: {
              obj.ra = reader.double()
              break
            }
            case 5: {
              obj.dec = reader.double()
              break
            }
            case 6: {
              obj.redshift = reader.double()
              break
            }
            case 7: {
              obj.width = reader.uint32()
              break
            }
            case 8: {
              obj.height = reader.uint32()
              break
            }
            case 9: {
              obj.pixels = reader.uint32()
              break
            }
            case 10: {
              obj.areas = reader.uint32()
              break
            }
            case 11: {
              obj.cid = reader.string()
              break
            }
            case 12: {
              obj.sha256 = reader.bytes()
              break
            }
            case 13: {
              obj.size = reader.uint64Number()
              break
            }
            case 14: {
              obj.createdMs = reader.uint64Number()
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
          bands: 64
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.galaxy`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.run`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.bands != null && obj.bands === opts.limits.bands) {
                throw new MaxLengthError('Streaming decode error - repeated field "bands" had too many elements')
              }

              if (obj.bands === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "bands" had too many elements')
              }

              yield {
                field: `${prefix}.bands[]`,
                index: obj.bands,
                value: reader.string()
              }

              obj.bands++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.ra`,
                value: reader.double()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.dec`,
                value: reader.double()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.redshift`,
                value: reader.double()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.width`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.pixels`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.areas`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.cid`,
                value: reader.string()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.sha256`,
                value: reader.bytes()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.createdMs`,
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

  export interface CatalogueEntryGalaxyFieldEvent {
    field: '$.galaxy'
    value: string
  }

  export interface CatalogueEntryRunFieldEvent {
    field: '$.run'
    value: string
  }

  export interface CatalogueEntryBandsFieldEvent {
    field: '$.bands[]'
    index: number
    value: string
  }

  export interface CatalogueEntryRaFieldEvent {
    field: '$.ra'
    value: number
  }

  export interface CatalogueEntryDecFieldEvent {
    field: '$.dec'
    value: number
  }

  export interface CatalogueEntryRedshiftFieldEvent {
    field: '$.redshift'
    value: number
  }

  export interface CatalogueEntryWidthFieldEvent {
    field: '$.width'
    value: number
  }

  export interface CatalogueEntryHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface CatalogueEntryPixelsFieldEvent {
    field: '$.pixels'
    value: number
  }

  export interface CatalogueEntryAreasFieldEvent {
    field: '$.areas'
    value: number
  }

  export interface CatalogueEntryCidFieldEvent {
    field: '$.cid'
    value: string
  }

  export interface CatalogueEntrySha256FieldEvent {
    field: '$.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CatalogueEntrySizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface CatalogueEntryCreatedMsFieldEvent {
    field: '$.createdMs'
    value: number
  }

  export function encode (obj: Partial<CatalogueEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CatalogueEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CatalogueEntry>): CatalogueEntry {
    return decodeMessage(buf, CatalogueEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CatalogueEntry>): Generator<CatalogueEntryGalaxyFieldEvent | CatalogueEntryRunFieldEvent | CatalogueEntryBandsFieldEvent | CatalogueEntryRaFieldEvent | CatalogueEntryDecFieldEvent | CatalogueEntryRedshiftFieldEvent | CatalogueEntryWidthFieldEvent | CatalogueEntryHeightFieldEvent | CatalogueEntryPixelsFieldEvent | CatalogueEntryAreasFieldEvent | CatalogueEntryCidFieldEvent | CatalogueEntrySha256FieldEvent | CatalogueEntrySizeFieldEvent | CatalogueEntryCreatedMsFieldEvent> {
    return streamMessage(buf, CatalogueEntry.codec(), opts)
  }
}
