// Grouping work requests into networks (src/coordinator/service/request-network.ts): address prefixes on a public
// network, one network per key on a local one, and no guess for a relayed connection.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { networkGrouping, networkOf } from '../../../../src/coordinator/service/request-network.js'
import { InvalidSettingsError } from '../../../../src/coordinator/lifecycle/index.js'

const peer = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
const own = `key:${peer.toString()}`

describe('networkOf', () => {
  const pub = networkGrouping('public')
  it('cuts IPv4 to /24 and IPv6 to /48 by default', () => {
    expect(networkOf(multiaddr('/ip4/203.0.113.77/tcp/4001'), peer, pub)).toBe('ip4:203.0.113.0/24')
    expect(networkOf(multiaddr('/ip6/2001:db8:abcd:12::1/tcp/4001'), peer, pub)).toBe('ip6:2001:db8:abcd:0:0:0:0:0/48')
    expect(networkOf(multiaddr('/ip6/::ffff:198.51.100.9/tcp/1'), peer, pub)).toBe('ip4:198.51.100.0/24')
  })

  it('takes other prefixes', () => {
    const g = networkGrouping('public', { ipv4Prefix: 16, ipv6Prefix: 64 })
    expect(networkOf(multiaddr('/ip4/203.0.113.77/tcp/4001'), peer, g)).toBe('ip4:203.0.0.0/16')
    expect(networkOf(multiaddr('/ip6/2001:db8::5:1/tcp/4001'), peer, g)).toBe('ip6:2001:db8:0:0:0:0:0:0/64')
    expect(() => networkGrouping('public', { ipv4Prefix: 4 })).toThrow(InvalidSettingsError)
    expect(() => networkGrouping('public', { ipv6Prefix: 129 })).toThrow(InvalidSettingsError)
  })

  it('gives each key its own network on a local network, over a relay, or without an address', () => {
    expect(networkOf(multiaddr('/ip4/127.0.0.1/tcp/4001'), peer, networkGrouping('local'))).toBe(own)
    const relayed = multiaddr(`/ip4/203.0.113.1/tcp/4001/p2p/${peer.toString()}/p2p-circuit`)
    expect(networkOf(relayed, peer, pub)).toBe(own)
    expect(networkOf(undefined, peer, pub)).toBe(own)
  })
})
