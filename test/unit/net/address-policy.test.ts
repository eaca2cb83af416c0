import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { AddressPolicy, parseCidr, parseNetworkMode } from '../../../src/net/address-policy.js'
import { defaultListen, parseAnnounce, parseListen, resolveNetworkMode } from '../../../src/net/listen-addresses.js'

const PEER = '12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5'
const OTHER = '12D3KooWKmBYvqSE2bWBrLgTUCp3tRTxQSJa9i5xmrhVi7FoL1uE'
const ma = (s: string): ReturnType<typeof multiaddr> => multiaddr(s)

describe('address policy', () => {
  it('keeps every address but the unspecified one on a local network', () => {
    const p = new AddressPolicy('local')
    expect(p.isDialable(ma('/ip4/127.0.0.1/tcp/4001'))).toBe(true)
    expect(p.isDialable(ma('/ip4/192.168.1.7/tcp/4001'))).toBe(true)
    expect(p.isDialable(ma('/ip4/0.0.0.0/tcp/4001'))).toBe(false)
  })

  it('keeps loopback, home and link-local addresses out on a public network', () => {
    const p = new AddressPolicy('public')
    for (const a of ['/ip4/127.0.0.1/tcp/4001', '/ip6/::1/tcp/4001', '/ip4/192.168.1.7/tcp/4001', '/ip4/10.1.2.3/tcp/1',
      '/ip4/172.16.0.9/tcp/1', '/ip4/0.0.0.0/tcp/4001', '/ip6/::/tcp/4001', '/ip6/fe80::1/tcp/4001', '/dns4/localhost/tcp/1']) {
      expect(p.isDialable(ma(a)), a).toBe(false)
    }
    for (const a of ['/ip4/8.8.4.4/tcp/4001', '/dns4/pogs.example.org/tcp/4001', '/ip6/2001:4860::8888/tcp/4001']) {
      expect(p.isDialable(ma(a)), a).toBe(true)
    }
  })

  it('lets reachable private ranges through, never loopback', () => {
    const p = new AddressPolicy('public', [parseCidr('10.77.0.0/24')])
    expect(p.isDialable(ma('/ip4/10.77.0.5/tcp/4001'))).toBe(true)
    expect(p.isDialable(ma('/ip4/10.77.1.5/tcp/4001'))).toBe(false)
    expect(new AddressPolicy('public', [parseCidr('127.0.0.0/8')]).isDialable(ma('/ip4/127.0.0.1/tcp/1'))).toBe(false)
  })

  it('judges a relayed address by its relay', () => {
    const p = new AddressPolicy('public', [parseCidr('10.77.0.0/24')])
    expect(p.isDialable(ma(`/ip4/10.77.0.2/tcp/4001/p2p/${OTHER}/p2p-circuit/p2p/${PEER}`))).toBe(true)
    expect(p.isDialable(ma(`/ip4/192.168.5.2/tcp/4001/p2p/${OTHER}/p2p-circuit/p2p/${PEER}`))).toBe(false)
    expect(AddressPolicy.isRelayed(ma(`/ip4/10.77.0.2/tcp/4001/p2p/${OTHER}/p2p-circuit/p2p/${PEER}`))).toBe(true)
  })

  it('strips what others may not dial from the peers the DHT keeps, and keeps the peer', () => {
    const p = new AddressPolicy('public')
    const peer = { id: { toString: () => PEER }, multiaddrs: [ma('/ip4/192.168.1.7/tcp/1'), ma('/ip4/8.8.4.4/tcp/1')] }
    const told: Array<[string, number]> = []
    p.onDropped = (id, n) => { told.push([id, n]) }
    const mapped = p.peerInfoMapper(peer as never)
    expect(mapped.multiaddrs.map(String)).toEqual(['/ip4/8.8.4.4/tcp/1'])
    expect(told).toEqual([[PEER, 1]])
    expect(p.dropped).toBe(1)
    expect(new AddressPolicy('local').peerInfoMapper(peer as never)).toBe(peer)
  })

  it('refuses malformed modes and ranges with a typed error', () => {
    expect(parseNetworkMode('public')).toBe('public')
    expect(() => parseNetworkMode('internet')).toThrow(expect.objectContaining({ code: 'ERR_ADDRESS' }))
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'x/8', '::/129', '']) {
      expect(() => parseCidr(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_ADDRESS' }))
    }
    expect(parseCidr(' 2001:db8::/32 ').family).toBe('ipv6')
  })
})

describe('listen and announce addresses', () => {
  it('defaults to public as soon as a bootstrap or announce address is off this machine', () => {
    expect(resolveNetworkMode(undefined, [ma(`/ip4/127.0.0.1/tcp/1/p2p/${PEER}`)], [])).toBe('local')
    expect(resolveNetworkMode(undefined, [], [])).toBe('local')
    expect(resolveNetworkMode(undefined, [ma(`/ip4/10.77.0.2/tcp/4001/p2p/${PEER}`)], [])).toBe('public')
    expect(resolveNetworkMode(undefined, [], [ma('/dns4/pogs.example.org/tcp/4001')])).toBe('public')
    expect(resolveNetworkMode('local', [ma(`/ip4/10.77.0.2/tcp/4001/p2p/${PEER}`)], [])).toBe('local')
  })

  it('listens on every interface on a public network: ports 4001 and 4002/ws for public roles, ephemeral and relayed for volunteers', () => {
    expect(defaultListen('public-role', 'public', false)).toEqual(['/ip4/0.0.0.0/tcp/4001', '/ip4/0.0.0.0/tcp/4002/ws'])
    expect(defaultListen('public-role', 'public', true)).toEqual(['/ip4/0.0.0.0/tcp/4001', '/ip6/::/tcp/4001', '/ip4/0.0.0.0/tcp/4002/ws', '/ip6/::/tcp/4002/ws'])
    expect(defaultListen('volunteer', 'public', false)).toEqual(['/ip4/0.0.0.0/tcp/0', '/p2p-circuit'])
    expect(defaultListen('public-role', 'local', true)).toEqual(['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'])
    expect(defaultListen('volunteer', 'local', true)).toEqual(['/ip4/127.0.0.1/tcp/0'])
  })

  it('accepts dialable announce addresses and refuses the rest', () => {
    expect(parseAnnounce('/dns4/pogs.example.org/tcp/4001').toString()).toBe('/dns4/pogs.example.org/tcp/4001')
    expect(parseAnnounce(`/ip4/203.0.113.7/tcp/4001/p2p/${PEER}`, PEER).toString()).toBe('/ip4/203.0.113.7/tcp/4001')
    // What browsers dial: plain or secure WebSockets.
    expect(parseAnnounce('/ip4/203.0.113.7/tcp/4002/ws').toString()).toBe('/ip4/203.0.113.7/tcp/4002/ws')
    expect(parseAnnounce('/dns4/pogs.example.org/tcp/443/tls/ws').toString()).toBe('/dns4/pogs.example.org/tcp/443/tls/ws')
    for (const bad of ['not an address', '/ip4/0.0.0.0/tcp/4001', '/ip4/1.2.3.4/tcp/0', '/ip4/1.2.3.4/udp/4001',
      '/ip4/1.2.3.4', `/ip4/1.2.3.4/tcp/4001/p2p/${OTHER}`, '/ip4/1.2.3.4/tcp/4001/http', '/ip4/1.2.3.4/tcp/4001/ws/ws']) {
      expect(() => parseAnnounce(bad, PEER), bad).toThrow(expect.objectContaining({ code: 'ERR_ADDRESS' }))
    }
  })

  it('accepts TCP and WebSocket listen addresses and /p2p-circuit, nothing else', () => {
    expect(parseListen('/ip4/0.0.0.0/tcp/4001')).toBe('/ip4/0.0.0.0/tcp/4001')
    expect(parseListen('/ip4/0.0.0.0/tcp/4002/ws')).toBe('/ip4/0.0.0.0/tcp/4002/ws')
    expect(parseListen('/p2p-circuit')).toBe('/p2p-circuit')
    for (const bad of ['garbage', '/dns4/x.org/tcp/1', '/ip4/0.0.0.0/udp/1', `/ip4/1.2.3.4/tcp/1/p2p/${PEER}`, '/ip4/0.0.0.0/tcp/1/wss']) {
      expect(() => parseListen(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_ADDRESS' }))
    }
  })
})
