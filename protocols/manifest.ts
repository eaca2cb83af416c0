import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Manifest {
  project: string
  sequence: number
  addrs: string[]
  verifiers: string[]
  mirrors: string[]
  libraries: Library[]
  appVersion: string
  settings?: Settings
  issuedMs: number
  minAppVersion: string
  banListCid: string
  catalogueCid: string
  runs: Run[]
}

export namespace Manifest {
  let _codec: Codec<Manifest>

  export const codec = (): Codec<Manifest> => {
    if (_codec == null) {
      _codec = message<Manifest>((obj, w, opts = {}) => {
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

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.verifiers != null && obj.verifiers.length > 0) {
          for (const value of obj.verifiers) {
            w.uint32(34)
            w.string(value)
          }
        }

        if (obj.mirrors != null && obj.mirrors.length > 0) {
          for (const value of obj.mirrors) {
            w.uint32(42)
            w.string(value)
          }
        }

        if (obj.libraries != null && obj.libraries.length > 0) {
          for (const value of obj.libraries) {
            w.uint32(50)
            Library.codec().encode(value, w)
          }
        }

        if ((obj.appVersion != null && obj.appVersion !== '')) {
          w.uint32(58)
          w.string(obj.appVersion)
        }

        if (obj.settings != null) {
          w.uint32(66)
          Settings.codec().encode(obj.settings, w)
        }

        if ((obj.issuedMs != null && obj.issuedMs !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.issuedMs)
        }

        if ((obj.minAppVersion != null && obj.minAppVersion !== '')) {
          w.uint32(82)
          w.string(obj.minAppVersion)
        }

        if ((obj.banListCid != null && obj.banListCid !== '')) {
          w.uint32(90)
          w.string(obj.banListCid)
        }

        if ((obj.catalogueCid != null && obj.catalogueCid !== '')) {
          w.uint32(98)
          w.string(obj.catalogueCid)
        }

        if (obj.runs != null && obj.runs.length > 0) {
          for (const value of obj.runs) {
            w.uint32(106)
            Run.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          project: '',
          sequence: 0,
          addrs: [],
          verifiers: [],
          mirrors: [],
          libraries: [],
          appVersion: '',
          issuedMs: 0,
          minAppVersion: '',
          banListCid: '',
          catalogueCid: '',
          runs: []
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
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              if (obj.addrs.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.string())
              break
            }
            case 4: {
              if (opts.limits?.verifiers != null && obj.verifiers.length === opts.limits.verifiers) {
                throw new MaxLengthError('Decode error - repeated field "verifiers" had too many elements')
              }

              if (obj.verifiers.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "verifiers" had too many elements')
              }

              obj.verifiers.push(reader.string())
              break
            }
            case 5: {
              if (opts.limits?.mirrors != null && obj.mirrors.length === opts.limits.mirrors) {
                throw new MaxLengthError('Decode error - repeated field "mirrors" had too many elements')
              }

              if (obj.mirrors.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "mirrors" had too many elements')
              }

              obj.mirrors.push(reader.string())
              break
            }
            case 6: {
              if (opts.limits?.libraries != null && obj.libraries.length === opts.limits.libraries) {
                throw new MaxLengthError('Decode error - repeated field "libraries" had too many elements')
              }

              if (obj.libraries.length === 4096) {
                throw new MaxLengthError('Decode error - repeated field "libraries" had too many elements')
              }

              obj.libraries.push(Library.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.libraries$
              }))
              break
            }
            case 7: {
              obj.appVersion = reader.string()
              break
            }
            case 8: {
              obj.settings = Settings.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.settings
              })
              break
            }
            case 9: {
              obj.issuedMs = reader.uint64Number()
              break
            }
            case 10: {
              obj.minAppVersion = reader.string()
              break
            }
            case 11: {
              obj.banListCid = reader.string()
              break
            }
            case 12: {
              obj.catalogueCid = reader.string()
              break
            }
            case 13: {
              if (opts.limits?.runs != null && obj.runs.length === opts.limits.runs) {
                throw new MaxLengthError('Decode error - repeated field "runs" had too many elements')
              }

              if (obj.runs.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "runs" had too many elements')
              }

              obj.runs.push(Run.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.runs$
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
          addrs: 64,
          verifiers: 256,
          mirrors: 256,
          libraries: 4096,
          runs: 256
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
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              if (obj.addrs === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.string()
              }

              obj.addrs++

              break
            }
            case 4: {
              if (opts.limits?.verifiers != null && obj.verifiers === opts.limits.verifiers) {
                throw new MaxLengthError('Streaming decode error - repeated field "verifiers" had too many elements')
              }

              if (obj.verifiers === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "verifiers" had too many elements')
              }

              yield {
                field: `${prefix}.verifiers[]`,
                index: obj.verifiers,
                value: reader.string()
              }

              obj.verifiers++

              break
            }
            case 5: {
              if (opts.limits?.mirrors != null && obj.mirrors === opts.limits.mirrors) {
                throw new MaxLengthError('Streaming decode error - repeated field "mirrors" had too many elements')
              }

              if (obj.mirrors === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "mirrors" had too many elements')
              }

              yield {
                field: `${prefix}.mirrors[]`,
                index: obj.mirrors,
                value: reader.string()
              }

              obj.mirrors++

              break
            }
            case 6: {
              if (opts.limits?.libraries != null && obj.libraries === opts.limits.libraries) {
                throw new MaxLengthError('Streaming decode error - repeated field "libraries" had too many elements')
              }

              if (obj.libraries === 4096) {
                throw new MaxLengthError('Streaming decode error - repeated field "libraries" had too many elements')
              }

              for (const evt of Library.codec().stream(reader, reader.uint32(), `${prefix}.libraries[]`, {
                limits: opts.limits?.libraries$
              })) {
                yield {
                  ...evt,
                  index: obj.libraries
                }
              }

              obj.libraries++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.appVersion`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield * Settings.codec().stream(reader, reader.uint32(), `${prefix}.settings`, {
                limits: opts.limits?.settings
              })

              break
            }
            case 9: {
              yield {
                field: `${prefix}.issuedMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.minAppVersion`,
                value: reader.string()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.banListCid`,
                value: reader.string()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.catalogueCid`,
                value: reader.string()
              }
              break
            }
            case 13: {
              if (opts.limits?.runs != null && obj.runs === opts.limits.runs) {
                throw new MaxLengthError('Streaming decode error - repeated field "runs" had too many elements')
              }

              if (obj.runs === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "runs" had too many elements')
              }

              for (const evt of Run.codec().stream(reader, reader.uint32(), `${prefix}.runs[]`, {
                limits: opts.limits?.runs$
              })) {
                yield {
                  ...evt,
                  index: obj.runs
                }
              }

              obj.runs++

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

  export interface ManifestProjectFieldEvent {
    field: '$.project'
    value: string
  }

  export interface ManifestSequenceFieldEvent {
    field: '$.sequence'
    value: number
  }

  export interface ManifestAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: string
  }

  export interface ManifestVerifiersFieldEvent {
    field: '$.verifiers[]'
    index: number
    value: string
  }

  export interface ManifestMirrorsFieldEvent {
    field: '$.mirrors[]'
    index: number
    value: string
  }

  export interface ManifestLibrariesNameFieldEvent {
    field: '$.libraries[].name'
    value: string
    index: number
  }

  export interface ManifestLibrariesCidFieldEvent {
    field: '$.libraries[].cid'
    value: string
    index: number
  }

  export interface ManifestLibrariesSizeFieldEvent {
    field: '$.libraries[].size'
    value: number
    index: number
  }

  export interface ManifestAppVersionFieldEvent {
    field: '$.appVersion'
    value: string
  }

  export interface ManifestSettingsInitialReplicationFieldEvent {
    field: '$.settings.initialReplication'
    value: number
  }

  export interface ManifestSettingsMinQuorumFieldEvent {
    field: '$.settings.minQuorum'
    value: number
  }

  export interface ManifestSettingsMaxErrorResultsFieldEvent {
    field: '$.settings.maxErrorResults'
    value: number
  }

  export interface ManifestSettingsMaxTotalResultsFieldEvent {
    field: '$.settings.maxTotalResults'
    value: number
  }

  export interface ManifestSettingsDeadlineSFieldEvent {
    field: '$.settings.deadlineS'
    value: number
  }

  export interface ManifestSettingsVerifierQuorumFieldEvent {
    field: '$.settings.verifierQuorum'
    value: number
  }

  export interface ManifestSettingsMirrorReceiptsFieldEvent {
    field: '$.settings.mirrorReceipts'
    value: number
  }

  export interface ManifestIssuedMsFieldEvent {
    field: '$.issuedMs'
    value: number
  }

  export interface ManifestMinAppVersionFieldEvent {
    field: '$.minAppVersion'
    value: string
  }

  export interface ManifestBanListCidFieldEvent {
    field: '$.banListCid'
    value: string
  }

  export interface ManifestCatalogueCidFieldEvent {
    field: '$.catalogueCid'
    value: string
  }

  export interface ManifestRunsNameFieldEvent {
    field: '$.runs[].name'
    value: string
    index: number
  }

  export interface ManifestRunsBandsFieldEvent {
    field: '$.runs[].bands[]'
    index: number
    value: string
  }

  export interface ManifestRunsFilesFieldEvent {
    field: '$.runs[].files[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Manifest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Manifest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Manifest>): Manifest {
    return decodeMessage(buf, Manifest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Manifest>): Generator<ManifestProjectFieldEvent | ManifestSequenceFieldEvent | ManifestAddrsFieldEvent | ManifestVerifiersFieldEvent | ManifestMirrorsFieldEvent | ManifestLibrariesNameFieldEvent | ManifestLibrariesCidFieldEvent | ManifestLibrariesSizeFieldEvent | ManifestAppVersionFieldEvent | ManifestSettingsInitialReplicationFieldEvent | ManifestSettingsMinQuorumFieldEvent | ManifestSettingsMaxErrorResultsFieldEvent | ManifestSettingsMaxTotalResultsFieldEvent | ManifestSettingsDeadlineSFieldEvent | ManifestSettingsVerifierQuorumFieldEvent | ManifestSettingsMirrorReceiptsFieldEvent | ManifestIssuedMsFieldEvent | ManifestMinAppVersionFieldEvent | ManifestBanListCidFieldEvent | ManifestCatalogueCidFieldEvent | ManifestRunsNameFieldEvent | ManifestRunsBandsFieldEvent | ManifestRunsFilesFieldEvent> {
    return streamMessage(buf, Manifest.codec(), opts)
  }
}

export interface Run {
  name: string
  bands: string[]
  files: string[]
}

export namespace Run {
  let _codec: Codec<Run>

  export const codec = (): Codec<Run> => {
    if (_codec == null) {
      _codec = message<Run>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (obj.bands != null && obj.bands.length > 0) {
          for (const value of obj.bands) {
            w.uint32(18)
            w.string(value)
          }
        }

        if (obj.files != null && obj.files.length > 0) {
          for (const value of obj.files) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          bands: [],
          files: []
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
              if (opts.limits?.bands != null && obj.bands.length === opts.limits.bands) {
                throw new MaxLengthError('Decode error - repeated field "bands" had too many elements')
              }

              if (obj.bands.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "bands" had too many elements')
              }

              obj.bands.push(reader.string())
              break
            }
            case 3: {
              if (opts.limits?.files != null && obj.files.length === opts.limits.files) {
                throw new MaxLengthError('Decode error - repeated field "files" had too many elements')
              }

              if (obj.files.length === 4096) {
                throw new MaxLengthError('Decode error - repeated field "files" had too many elements')
              }

              obj.files.push(reader.string())
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
          bands: 64,
          files: 4096
        }

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
            case 3: {
              if (opts.limits?.files != null && obj.files === opts.limits.files) {
                throw new MaxLengthError('Streaming decode error - repeated field "files" had too many elements')
              }

              if (obj.files === 4096) {
                throw new MaxLengthError('Streaming decode error - repeated field "files" had too many elements')
              }

              yield {
                field: `${prefix}.files[]`,
                index: obj.files,
                value: reader.string()
              }

              obj.files++

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

  export interface RunNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface RunBandsFieldEvent {
    field: '$.bands[]'
    index: number
    value: string
  }

  export interface RunFilesFieldEvent {
    field: '$.files[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Run>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Run.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Run>): Run {
    return decodeMessage(buf, Run.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Run>): Generator<RunNameFieldEvent | RunBandsFieldEvent | RunFilesFieldEvent> {
    return streamMessage(buf, Run.codec(), opts)
  }
}

export interface Library {
  name: string
  cid: string
  size: number
}

export namespace Library {
  let _codec: Codec<Library>

  export const codec = (): Codec<Library> => {
    if (_codec == null) {
      _codec = message<Library>((obj, w, opts = {}) => {
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

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.size)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          cid: '',
          size: 0
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
            case 3: {
              obj.size = reader.uint64Number()
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
            case 3: {
              yield {
                field: `${prefix}.size`,
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

  export interface LibraryNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface LibraryCidFieldEvent {
    field: '$.cid'
    value: string
  }

  export interface LibrarySizeFieldEvent {
    field: '$.size'
    value: number
  }

  export function encode (obj: Partial<Library>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Library.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Library>): Library {
    return decodeMessage(buf, Library.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Library>): Generator<LibraryNameFieldEvent | LibraryCidFieldEvent | LibrarySizeFieldEvent> {
    return streamMessage(buf, Library.codec(), opts)
  }
}

export interface Settings {
  initialReplication: number
  minQuorum: number
  maxErrorResults: number
  maxTotalResults: number
  deadlineS: number
  verifierQuorum: number
  mirrorReceipts: number
}

export namespace Settings {
  let _codec: Codec<Settings>

  export const codec = (): Codec<Settings> => {
    if (_codec == null) {
      _codec = message<Settings>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.initialReplication != null && obj.initialReplication !== 0)) {
          w.uint32(8)
          w.uint32(obj.initialReplication)
        }

        if ((obj.minQuorum != null && obj.minQuorum !== 0)) {
          w.uint32(16)
          w.uint32(obj.minQuorum)
        }

        if ((obj.maxErrorResults != null && obj.maxErrorResults !== 0)) {
          w.uint32(24)
          w.uint32(obj.maxErrorResults)
        }

        if ((obj.maxTotalResults != null && obj.maxTotalResults !== 0)) {
          w.uint32(32)
          w.uint32(obj.maxTotalResults)
        }

        if ((obj.deadlineS != null && obj.deadlineS !== 0)) {
          w.uint32(40)
          w.uint32(obj.deadlineS)
        }

        if ((obj.verifierQuorum != null && obj.verifierQuorum !== 0)) {
          w.uint32(48)
          w.uint32(obj.verifierQuorum)
        }

        if ((obj.mirrorReceipts != null && obj.mirrorReceipts !== 0)) {
          w.uint32(56)
          w.uint32(obj.mirrorReceipts)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          initialReplication: 0,
          minQuorum: 0,
          maxErrorResults: 0,
          maxTotalResults: 0,
          deadlineS: 0,
          verifierQuorum: 0,
          mirrorReceipts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.initialReplication = reader.uint32()
              break
            }
            case 2: {
              obj.minQuorum = reader.uint32()
              break
            }
            case 3: {
              obj.maxErrorResults = reader.uint32()
              break
            }
            case 4: {
              obj.maxTotalResults = reader.uint32()
              break
            }
            case 5: {
              obj.deadlineS = reader.uint32()
              break
            }
            case 6: {
              obj.verifierQuorum = reader.uint32()
              break
            }
            case 7: {
              obj.mirrorReceipts = reader.uint32()
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
                field: `${prefix}.initialReplication`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.minQuorum`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.maxErrorResults`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.maxTotalResults`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.deadlineS`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.verifierQuorum`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.mirrorReceipts`,
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

  export interface SettingsInitialReplicationFieldEvent {
    field: '$.initialReplication'
    value: number
  }

  export interface SettingsMinQuorumFieldEvent {
    field: '$.minQuorum'
    value: number
  }

  export interface SettingsMaxErrorResultsFieldEvent {
    field: '$.maxErrorResults'
    value: number
  }

  export interface SettingsMaxTotalResultsFieldEvent {
    field: '$.maxTotalResults'
    value: number
  }

  export interface SettingsDeadlineSFieldEvent {
    field: '$.deadlineS'
    value: number
  }

  export interface SettingsVerifierQuorumFieldEvent {
    field: '$.verifierQuorum'
    value: number
  }

  export interface SettingsMirrorReceiptsFieldEvent {
    field: '$.mirrorReceipts'
    value: number
  }

  export function encode (obj: Partial<Settings>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Settings.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Settings>): Settings {
    return decodeMessage(buf, Settings.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Settings>): Generator<SettingsInitialReplicationFieldEvent | SettingsMinQuorumFieldEvent | SettingsMaxErrorResultsFieldEvent | SettingsMaxTotalResultsFieldEvent | SettingsDeadlineSFieldEvent | SettingsVerifierQuorumFieldEvent | SettingsMirrorReceiptsFieldEvent> {
    return streamMessage(buf, Settings.codec(), opts)
  }
}
