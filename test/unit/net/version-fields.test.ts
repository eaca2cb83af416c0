// The version fields of the wire messages (docs/network.md): the manifest's lowest accepted version, the pogs and
// fitting-core versions of work requests and results. Each round-trips; a missing one is MissingFieldError, a
// malformed or oversized one InvalidFieldError.
import { describe, expect, it } from 'vitest'
import * as manifest from '../../../protocols/manifest.js'
import * as result from '../../../protocols/result.js'
import * as work from '../../../protocols/work.js'
import { InvalidFieldError, MissingFieldError } from '../../../src/net/errors.js'
import { MESSAGE_CODECS } from '../../../src/net/messages/index.js'
import { sampleMessages } from './fixtures.js'

describe('version fields', () => {
  it('a manifest round-trips its lowest accepted version; one missing, not semver or too long is refused', async () => {
    const m = (await sampleMessages()).manifest
    for (const minAppVersion of ['0.1.0', '2.10.3-rc.1+build.7']) {
      expect(MESSAGE_CODECS.manifest.decode(MESSAGE_CODECS.manifest.encode({ ...m, minAppVersion })).minAppVersion).toBe(minAppVersion)
    }
    const wire = (minAppVersion: string): Uint8Array => manifest.Manifest.encode({ ...m, addrs: m.addrs.map(String), libraries: [], minAppVersion, banListCid: m.banListCid?.toString(), catalogueCid: m.catalogueCid?.toString() })
    expect(() => MESSAGE_CODECS.manifest.decode(wire(''))).toThrow(MissingFieldError)
    expect(() => MESSAGE_CODECS.manifest.decode(wire('latest'))).toThrow(InvalidFieldError)
    expect(() => MESSAGE_CODECS.manifest.decode(wire(`1.0.0-${'a'.repeat(64)}`))).toThrow(InvalidFieldError)
  })

  it('a work request round-trips its versions; a missing core version or a malformed or huge one is refused', async () => {
    const r = (await sampleMessages())['work-request']
    expect(MESSAGE_CODECS['work-request'].decode(MESSAGE_CODECS['work-request'].encode({ ...r, coreVersion: 7 }))).toMatchObject({ appVersion: '0.1.0', coreVersion: 7 })
    const wire = (appVersion: string, coreVersion: number): Uint8Array => work.WorkRequest.encode({ cores: 1, maxUnits: 1, appVersion, libraries: [], coreVersion })
    expect(() => MESSAGE_CODECS['work-request'].decode(wire('0.1.0', 0))).toThrow(MissingFieldError)
    expect(() => MESSAGE_CODECS['work-request'].decode(wire('0.1.0', 1_000_000))).toThrow(InvalidFieldError)
    expect(() => MESSAGE_CODECS['work-request'].decode(wire('rogue', 1))).toThrow(InvalidFieldError)
  })

  it('a result (or error report) round-trips its versions; missing or malformed ones are refused', async () => {
    const s = (await sampleMessages()).result
    expect(MESSAGE_CODECS.result.decode(MESSAGE_CODECS.result.encode({ ...s, appVersion: '1.2.3', coreVersion: 2 }))).toMatchObject({ appVersion: '1.2.3', coreVersion: 2 })
    const report = { ...s, result: undefined, digest: new Uint8Array(0), errorCode: 3 }
    expect(MESSAGE_CODECS.result.decode(MESSAGE_CODECS.result.encode(report))).toMatchObject({ errorCode: 3, appVersion: '0.1.0', coreVersion: 1 })
    const wire = (appVersion: string, coreVersion: number): Uint8Array => result.ResultSubmission.encode({
      unitId: 'u', instanceId: 'i', nonce: new Uint8Array(16), result: new Uint8Array(1), resultCid: '', digest: new Uint8Array(32), cpuMs: 0, errorCode: 0, volunteerName: '', team: '', appVersion, coreVersion
    })
    expect(() => MESSAGE_CODECS.result.decode(wire('', 1))).toThrow(MissingFieldError)
    expect(() => MESSAGE_CODECS.result.decode(wire('0.1.0', 0))).toThrow(MissingFieldError)
    expect(() => MESSAGE_CODECS.result.decode(wire('v', 1))).toThrow(InvalidFieldError)
    expect(() => MESSAGE_CODECS.result.decode(wire('0.1.0', 70_000))).toThrow(InvalidFieldError)
  })
})
