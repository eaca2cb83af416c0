import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { multiaddr } from '@multiformats/multiaddr'
import type { MessageKind } from '../../../src/net/envelope.js'
import { DEFAULT_SETTINGS, type MessageTypes } from '../../../src/net/messages/index.js'

/** A CID of some bytes. */
export async function cidOf (text: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)))
}

const PEER = '12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e'

/** One valid example of every message kind. */
export async function sampleMessages (): Promise<{ [K in MessageKind]: MessageTypes[K] }> {
  const lib = await cidOf('library')
  return {
    'work-request': { cores: 4, maxUnits: 2, appVersion: '0.1.0', libraries: [lib], coreVersion: 1 },
    'work-assignment': {
      retryAfterS: 0,
      units: [{ unitId: 'g1-u7', instanceId: 'g1-u7-i2', nonce: randomBytes(16), deadlineMs: Date.now() + 1000, payload: randomBytes(100), libraryCids: [lib], estimatedCpuS: 600 }]
    },
    result: { unitId: 'g1-u7', instanceId: 'g1-u7-i2', nonce: randomBytes(16), result: randomBytes(300), digest: randomBytes(32), cpuMs: 1234, errorCode: 0, volunteerName: 'ann', team: 'icrar', appVersion: '0.1.0', coreVersion: 1 },
    'result-ack': { unitId: 'g1-u7', instanceId: 'g1-u7-i2', accepted: true, reason: '' },
    'result-batch': { results: [randomBytes(400), randomBytes(300)] },
    'result-batch-ack': { acks: [{ unitId: 'g1-u7', instanceId: 'g1-u7-i2', accepted: true, reason: '' }, { unitId: 'g1-u8', instanceId: 'g1-u8-i1', accepted: false, reason: 'ERR_NONCE_MISMATCH' }] },
    'verify-request': { unitId: 'g1-u7', unitCid: await cidOf('unit'), replicas: [randomBytes(50), randomBytes(50)], libraryCids: [lib] },
    verdict: { unitId: 'g1-u7', outcome: 'agree', validInstances: ['a', 'b'], invalidInstances: [], canonicalDigest: randomBytes(32), reason: 'DIGESTS_EQUAL', recomputed: 1 },
    'pin-request': { cids: [lib] },
    'pin-receipt': { cids: [lib], bytes: 2_000_108, pinnedMs: Date.now() },
    manifest: {
      project: PEER,
      sequence: 3,
      addrs: [multiaddr(`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`)],
      verifiers: [PEER],
      mirrors: [],
      libraries: [{ name: 'optical_z0.0100.lbr', cid: lib, size: 1000 }],
      appVersion: '0.1.0',
      minAppVersion: '0.1.0',
      settings: DEFAULT_SETTINGS,
      issuedMs: Date.now()
    },
    'archive-record': { project: PEER, galaxy: 'NGC 1316', cid: lib, sha256: randomBytes(32), size: 18_800_000, createdMs: Date.now(), pixels: 209, areas: 14 },
    'stats-export': { project: PEER, created: Date.now(), users: 2, teams: 1, files: [{ name: 'user.xml.gz', size: 312, sha256: 'ab'.repeat(32) }] },
    catalogue: {
      project: PEER,
      sequence: 7,
      issuedMs: Date.now(),
      entries: [{ galaxy: 'NGC 1316', run: '', bands: ['SDSSu', 'PS1g'], ra: 50.67, dec: -37.21, redshift: 0.006, width: 64, height: 48, pixels: 209, areas: 14, cid: lib, sha256: randomBytes(32), size: 18_800_000, createdMs: Date.now() }]
    },
    'submit-request': { fileName: 'ngc1316.fits', name: 'NGC 1316', redshift: 0.006, ra: 50.67, dec: -37.21, size: 18_800_000, sha256: randomBytes(32) },
    'submit-progress': { stage: 'receiving', receivedBytes: 262_144 },
    'submit-receipt': { galaxyId: 3, name: 'NGC 1316', created: true, areas: 14, pixels: 209, sha256: randomBytes(32) },
    error: { code: 'ERR_TEST', message: 'test' }
  }
}
