import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newIdentity, identityFromBytes, identityToBytes } from '../../../src/net/identity-key.js'
import * as nodeEd from '../../../src/platform/ed25519.js'
import * as browserEd from '../../../src/platform/ed25519.browser.js'
import { sha256 as nodeSha256 } from '../../../src/platform/sha256.js'
import { sha256 as browserSha256 } from '../../../src/platform/sha256.browser.js'
import { webSocketAddresses } from '../../../src/web/volunteer/ws-addresses.js'
import { multiaddr } from '@multiformats/multiaddr'

// The browser bundle swaps src/platform/x.ts for x.browser.ts (src/platform/README.md): each twin must compute
// exactly what the Node one does, or a browser volunteer's digests and signatures would differ from a Node one's.
describe('browser twins of the platform modules', () => {
  it('hash as node:crypto does', () => {
    for (const n of [0, 1, 55, 56, 64, 1000, 100_000]) {
      const bytes = randomBytes(n)
      expect(Buffer.from(browserSha256(bytes)).toString('hex')).toBe(Buffer.from(nodeSha256(bytes)).toString('hex'))
    }
  })

  it('sign as node:crypto does (Ed25519 is deterministic) and verify each other\'s signatures', async () => {
    const { privateKey } = await newIdentity()
    const data = randomBytes(300)
    const a = nodeEd.signEd25519(privateKey, data)
    const b = browserEd.signEd25519(privateKey, data)
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true)
    expect(browserEd.verifyEd25519(privateKey.publicKey.raw, data, a)).toBe(true)
    expect(nodeEd.verifyEd25519(privateKey.publicKey.raw, data, b)).toBe(true)
    const forged = Uint8Array.from(b)
    forged[7] ^= 1
    expect(browserEd.verifyEd25519(privateKey.publicKey.raw, data, forged)).toBe(false)
    expect(browserEd.verifyEd25519(new Uint8Array(32).fill(255), data, a)).toBe(false)
  })
})

describe('identity key files (what the browser volunteer exports and imports)', () => {
  it('round-trip, and refuse bytes that are not an Ed25519 key', async () => {
    const id = await newIdentity()
    expect(identityFromBytes(identityToBytes(id), 'f').peerId.toString()).toBe(id.peerId.toString())
    for (const bad of [new Uint8Array(0), new TextEncoder().encode('{"not":"a key"}'), randomBytes(68)]) {
      expect(() => identityFromBytes(bad, 'bad.key')).toThrow(expect.objectContaining({ code: 'ERR_IDENTITY' }))
    }
  })
})

describe('the addresses a page bootstraps from', () => {
  it('are the WebSocket ones', () => {
    const id = '12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'
    const addrs = ['/ip4/127.0.0.1/tcp/4001', '/ip4/127.0.0.1/tcp/4002/ws', '/dns4/x.org/tcp/443/tls/ws', '/ip4/1.2.3.4/tcp/1/wss'].map((a) => multiaddr(`${a}/p2p/${id}`))
    expect(webSocketAddresses(addrs)).toEqual([`/ip4/127.0.0.1/tcp/4002/ws/p2p/${id}`, `/dns4/x.org/tcp/443/tls/ws/p2p/${id}`, `/ip4/1.2.3.4/tcp/1/wss/p2p/${id}`])
  })
})
