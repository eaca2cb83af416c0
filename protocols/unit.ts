import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface WorkUnit {
  unitId: string
  galaxy: string
  redshift: number
  filters: Filter[]
  optical?: LibraryRef
  infrared?: LibraryRef
  pixels: UnitPixel[]
  estimatedCpuSPerPixel: number
}

export namespace WorkUnit {
  let _codec: Codec<WorkUnit>

  export const codec = (): Codec<WorkUnit> => {
    if (_codec == null) {
      _codec = message<WorkUnit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.unitId != null && obj.unitId !== '')) {
          w.uint32(10)
          w.string(obj.unitId)
        }

        if ((obj.galaxy != null && obj.galaxy !== '')) {
          w.uint32(18)
          w.string(obj.galaxy)
        }

        if ((obj.redshift != null && obj.redshift !== 0)) {
          w.uint32(25)
          w.double(obj.redshift)
        }

        if (obj.filters != null && obj.filters.length > 0) {
          for (const value of obj.filters) {
            w.uint32(34)
            Filter.codec().encode(value, w)
          }
        }

        if (obj.optical != null) {
          w.uint32(42)
          LibraryRef.codec().encode(obj.optical, w)
        }

        if (obj.infrared != null) {
          w.uint32(50)
          LibraryRef.codec().encode(obj.infrared, w)
        }

        if (obj.pixels != null && obj.pixels.length > 0) {
          for (const value of obj.pixels) {
            w.uint32(58)
            UnitPixel.codec().encode(value, w)
          }
        }

        if ((obj.estimatedCpuSPerPixel != null && obj.estimatedCpuSPerPixel !== 0)) {
          w.uint32(65)
          w.double(obj.estimatedCpuSPerPixel)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          unitId: '',
          galaxy: '',
          redshift: 0,
          filters: [],
          pixels: [],
          estimatedCpuSPerPixel: 0
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
              obj.galaxy = reader.string()
              break
            }
            case 3: {
              obj.redshift = reader.double()
              break
            }
            case 4: {
              if (opts.limits?.filters != null && obj.filters.length === opts.limits.filters) {
                throw new MaxLengthError('Decode error - repeated field "filters" had too many elements')
              }

              if (obj.filters.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "filters" had too many elements')
              }

              obj.filters.push(Filter.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.filters$
              }))
              break
            }
            case 5: {
              obj.optical = LibraryRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.optical
              })
              break
            }
            case 6: {
              obj.infrared = LibraryRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.infrared
              })
              break
            }
            case 7: {
              if (opts.limits?.pixels != null && obj.pixels.length === opts.limits.pixels) {
                throw new MaxLengthError('Decode error - repeated field "pixels" had too many elements')
              }

              if (obj.pixels.length === 100000) {
                throw new MaxLengthError('Decode error - repeated field "pixels" had too many elements')
              }

              obj.pixels.push(UnitPixel.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pixels$
              }))
              break
            }
            case 8: {
              obj.estimatedCpuSPerPixel = reader.double()
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
          filters: 64,
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
              yield {
                field: `${prefix}.galaxy`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.redshift`,
                value: reader.double()
              }
              break
            }
            case 4: {
              if (opts.limits?.filters != null && obj.filters === opts.limits.filters) {
                throw new MaxLengthError('Streaming decode error - repeated field "filters" had too many elements')
              }

              if (obj.filters === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "filters" had too many elements')
              }

              for (const evt of Filter.codec().stream(reader, reader.uint32(), `${prefix}.filters[]`, {
                limits: opts.limits?.filters$
              })) {
                yield {
                  ...evt,
                  index: obj.filters
                }
              }

              obj.filters++

              break
            }
            case 5: {
              yield * LibraryRef.codec().stream(reader, reader.uint32(), `${prefix}.optical`, {
                limits: opts.limits?.optical
              })

              break
            }
            case 6: {
              yield * LibraryRef.codec().stream(reader, reader.uint32(), `${prefix}.infrared`, {
                limits: opts.limits?.infrared
              })

              break
            }
            case 7: {
              if (opts.limits?.pixels != null && obj.pixels === opts.limits.pixels) {
                throw new MaxLengthError('Streaming decode error - repeated field "pixels" had too many elements')
              }

              if (obj.pixels === 100000) {
                throw new MaxLengthError('Streaming decode error - repeated field "pixels" had too many elements')
              }

              for (const evt of UnitPixel.codec().stream(reader, reader.uint32(), `${prefix}.pixels[]`, {
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
            case 8: {
              yield {
                field: `${prefix}.estimatedCpuSPerPixel`,
                value: reader.double()
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

  export interface WorkUnitUnitIdFieldEvent {
    field: '$.unitId'
    value: string
  }

  export interface WorkUnitGalaxyFieldEvent {
    field: '$.galaxy'
    value: string
  }

  export interface WorkUnitRedshiftFieldEvent {
    field: '$.redshift'
    value: number
  }

  export interface WorkUnitFiltersNameFieldEvent {
    field: '$.filters[].name'
    value: string
    index: number
  }

  export interface WorkUnitFiltersLambdaEffFieldEvent {
    field: '$.filters[].lambdaEff'
    value: number
    index: number
  }

  export interface WorkUnitFiltersIdFieldEvent {
    field: '$.filters[].id'
    value: number
    index: number
  }

  export interface WorkUnitFiltersFitFieldEvent {
    field: '$.filters[].fit'
    value: boolean
    index: number
  }

  export interface WorkUnitOpticalNameFieldEvent {
    field: '$.optical.name'
    value: string
  }

  export interface WorkUnitOpticalCidFieldEvent {
    field: '$.optical.cid'
    value: string
  }

  export interface WorkUnitInfraredNameFieldEvent {
    field: '$.infrared.name'
    value: string
  }

  export interface WorkUnitInfraredCidFieldEvent {
    field: '$.infrared.cid'
    value: string
  }

  export interface WorkUnitPixelsXFieldEvent {
    field: '$.pixels[].x'
    value: number
    index: number
  }

  export interface WorkUnitPixelsYFieldEvent {
    field: '$.pixels[].y'
    value: number
    index: number
  }

  export interface WorkUnitPixelsAreaFieldEvent {
    field: '$.pixels[].area'
    value: number
    index: number
  }

  export interface WorkUnitPixelsFluxFieldEvent {
    field: '$.pixels[].flux[]'
    index: number
    value: number
  }

  export interface WorkUnitPixelsSigmaFieldEvent {
    field: '$.pixels[].sigma[]'
    index: number
    value: number
  }

  export interface WorkUnitEstimatedCpuSPerPixelFieldEvent {
    field: '$.estimatedCpuSPerPixel'
    value: number
  }

  export function encode (obj: Partial<WorkUnit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WorkUnit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WorkUnit>): WorkUnit {
    return decodeMessage(buf, WorkUnit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WorkUnit>): Generator<WorkUnitUnitIdFieldEvent | WorkUnitGalaxyFieldEvent | WorkUnitRedshiftFieldEvent | WorkUnitFiltersNameFieldEvent | WorkUnitFiltersLambdaEffFieldEvent | WorkUnitFiltersIdFieldEvent | WorkUnitFiltersFitFieldEvent | WorkUnitOpticalNameFieldEvent | WorkUnitOpticalCidFieldEvent | WorkUnitInfraredNameFieldEvent | WorkUnitInfraredCidFieldEvent | WorkUnitPixelsXFieldEvent | WorkUnitPixelsYFieldEvent | WorkUnitPixelsAreaFieldEvent | WorkUnitPixelsFluxFieldEvent | WorkUnitPixelsSigmaFieldEvent | WorkUnitEstimatedCpuSPerPixelFieldEvent> {
    return streamMessage(buf, WorkUnit.codec(), opts)
  }
}

export interface Filter {
  name: string
  lambdaEff: number
  id: number
  fit: boolean
}

export namespace Filter {
  let _codec: Codec<Filter>

  export const codec = (): Codec<Filter> => {
    if (_codec == null) {
      _codec = message<Filter>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.lambdaEff != null && obj.lambdaEff !== 0)) {
          w.uint32(17)
          w.double(obj.lambdaEff)
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(24)
          w.uint32(obj.id)
        }

        if ((obj.fit != null && obj.fit !== false)) {
          w.uint32(32)
          w.bool(obj.fit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          lambdaEff: 0,
          id: 0,
          fit: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.lambdaEff = reader.double()
              break
            }
            case 3: {
              obj.id = reader.uint32()
              break
            }
            case 4: {
              obj.fit = reader.bool()
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
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.lambdaEff`,
                value: reader.double()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.fit`,
                value: reader.bool()
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

  export interface FilterNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface FilterLambdaEffFieldEvent {
    field: '$.lambdaEff'
    value: number
  }

  export interface FilterIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface FilterFitFieldEvent {
    field: '$.fit'
    value: boolean
  }

  export function encode (obj: Partial<Filter>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Filter.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Filter>): Filter {
    return decodeMessage(buf, Filter.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Filter>): Generator<FilterNameFieldEvent | FilterLambdaEffFieldEvent | FilterIdFieldEvent | FilterFitFieldEvent> {
    return streamMessage(buf, Filter.codec(), opts)
  }
}

export interface LibraryRef {
  name: string
  cid: string
}

export namespace LibraryRef {
  let _codec: Codec<LibraryRef>

  export const codec = (): Codec<LibraryRef> => {
    if (_codec == null) {
      _codec = message<LibraryRef>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.cid != null && obj.cid !== '')) {
          w.uint32(18)
          w.string(obj.cid)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          cid: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.cid = reader.string()
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
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.cid`,
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

  export interface LibraryRefNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface LibraryRefCidFieldEvent {
    field: '$.cid'
    value: string
  }

  export function encode (obj: Partial<LibraryRef>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, LibraryRef.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LibraryRef>): LibraryRef {
    return decodeMessage(buf, LibraryRef.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LibraryRef>): Generator<LibraryRefNameFieldEvent | LibraryRefCidFieldEvent> {
    return streamMessage(buf, LibraryRef.codec(), opts)
  }
}

export interface UnitPixel {
  x: number
  y: number
  area: number
  flux: number[]
  sigma: number[]
}

export namespace UnitPixel {
  let _codec: Codec<UnitPixel>

  export const codec = (): Codec<UnitPixel> => {
    if (_codec == null) {
      _codec = message<UnitPixel>((obj, w, opts = {}) => {
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

        if ((obj.area != null && obj.area !== 0)) {
          w.uint32(24)
          w.uint32(obj.area)
        }

        if (obj.flux != null && obj.flux.length > 0) {
          for (const value of obj.flux) {
            w.uint32(33)
            w.double(value)
          }
        }

        if (obj.sigma != null && obj.sigma.length > 0) {
          for (const value of obj.sigma) {
            w.uint32(41)
            w.double(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          x: 0,
          y: 0,
          area: 0,
          flux: [],
          sigma: []
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
              obj.area = reader.uint32()
              break
            }
            case 4: {
              if (opts.limits?.flux != null && obj.flux.length === opts.limits.flux) {
                throw new MaxLengthError('Decode error - repeated field "flux" had too many elements')
              }

              if (obj.flux.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "flux" had too many elements')
              }

              obj.flux.push(reader.double())
              break
            }
            case 5: {
              if (opts.limits?.sigma != null && obj.sigma.length === opts.limits.sigma) {
                throw new MaxLengthError('Decode error - repeated field "sigma" had too many elements')
              }

              if (obj.sigma.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "sigma" had too many elements')
              }

              obj.sigma.push(reader.double())
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
          flux: 64,
          sigma: 64
        }

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
                field: `${prefix}.area`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              if (opts.limits?.flux != null && obj.flux === opts.limits.flux) {
                throw new MaxLengthError('Streaming decode error - repeated field "flux" had too many elements')
              }

              if (obj.flux === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "flux" had too many elements')
              }

              yield {
                field: `${prefix}.flux[]`,
                index: obj.flux,
                value: reader.double()
              }

              obj.flux++

              break
            }
            case 5: {
              if (opts.limits?.sigma != null && obj.sigma === opts.limits.sigma) {
                throw new MaxLengthError('Streaming decode error - repeated field "sigma" had too many elements')
              }

              if (obj.sigma === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "sigma" had too many elements')
              }

              yield {
                field: `${prefix}.sigma[]`,
                index: obj.sigma,
                value: reader.double()
              }

              obj.sigma++

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

  export interface UnitPixelXFieldEvent {
    field: '$.x'
    value: number
  }

  export interface UnitPixelYFieldEvent {
    field: '$.y'
    value: number
  }

  export interface UnitPixelAreaFieldEvent {
    field: '$.area'
    value: number
  }

  export interface UnitPixelFluxFieldEvent {
    field: '$.flux[]'
    index: number
    value: number
  }

  export interface UnitPixelSigmaFieldEvent {
    field: '$.sigma[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<UnitPixel>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, UnitPixel.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UnitPixel>): UnitPixel {
    return decodeMessage(buf, UnitPixel.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UnitPixel>): Generator<UnitPixelXFieldEvent | UnitPixelYFieldEvent | UnitPixelAreaFieldEvent | UnitPixelFluxFieldEvent | UnitPixelSigmaFieldEvent> {
    return streamMessage(buf, UnitPixel.codec(), opts)
  }
}
