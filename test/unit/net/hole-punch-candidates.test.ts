import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, test } from 'vitest'
import { HolePunch } from '../../../protocols/hole-punch.js'
import { localCandidates, ObservedAddresses, sameSubnet, selectPaths } from '../../../src/net/hole-punch/candidates.js'
import { decodeHolePunch, encodeHolePunch, type Candidates, type HolePunchMessage } from '../../../src/net/hole-punch/messages.js'

// The pure parts of hole punching: which addresses each side offers, which pair an attempt punches between, and
// the wire messages with one test per kind of bad input.

const c = (publicIps: string[], lanIps: string[]): Candidates => ({ publicIps, lanIps, port: 40000 })

describe('candidate selection', () => {
  test('behind two different NATs only the public path is tried', () => {
    const paths = selectPaths(c(['203.0.113.1'], ['192.168.1.2']), c(['198.51.100.7'], ['192.168.1.3']))
    // The LAN addresses share a /24 by coincidence (two home networks): never dialled.
    expect(paths).toEqual([{ path: 'public', initiatorIp: '203.0.113.1', responderIp: '198.51.100.7' }])
  })

  test('behind the same NAT the LAN path comes first, the public one (hairpin) second', () => {
    const paths = selectPaths(c(['203.0.113.1'], ['10.0.0.5', '192.168.1.2']), c(['203.0.113.1'], ['192.168.1.3']))
    expect(paths).toEqual([
      { path: 'lan', initiatorIp: '192.168.1.2', responderIp: '192.168.1.3' },
      { path: 'public', initiatorIp: '203.0.113.1', responderIp: '203.0.113.1' }
    ])
  })

  test('the same host: one pair, not the same pair twice', () => {
    expect(selectPaths(c(['127.0.0.1'], ['127.0.0.1']), c(['127.0.0.1'], ['127.0.0.1'])))
      .toEqual([{ path: 'lan', initiatorIp: '127.0.0.1', responderIp: '127.0.0.1' }])
  })

  test('same NAT without a common subnet leaves the public path', () => {
    expect(selectPaths(c(['203.0.113.1'], ['10.0.0.5']), c(['203.0.113.1'], ['192.168.1.3'])))
      .toEqual([{ path: 'public', initiatorIp: '203.0.113.1', responderIp: '203.0.113.1' }])
  })

  test('a side that nobody observed has no public path', () => {
    expect(selectPaths(c([], ['192.168.1.2']), c(['198.51.100.7'], ['192.168.1.3']))).toEqual([])
  })

  test('addresses pair only within one IP family, in the responder\'s order', () => {
    const paths = selectPaths(c(['203.0.113.1', '2001:db8::1'], []), c(['2001:db8:1::7', '198.51.100.7'], []))
    expect(paths).toEqual([{ path: 'public', initiatorIp: '2001:db8::1', responderIp: '2001:db8:1::7' }])
  })

  test('subnets: IPv4 /24, IPv6 /64 whatever the spelling', () => {
    expect(sameSubnet('192.168.1.2', '192.168.1.200')).toBe(true)
    expect(sameSubnet('192.168.1.2', '192.168.2.2')).toBe(false)
    expect(sameSubnet('2001:db8:0:1::5', '2001:0db8:0000:0001:ffff::1')).toBe(true)
    expect(sameSubnet('2001:db8:0:1::5', '2001:db8:0:2::5')).toBe(false)
    expect(sameSubnet('192.168.1.2', '::ffff:192.168.1.2')).toBe(false)
  })

  test('our candidates: observed NAT addresses before observed own ones; no wildcards, no relayed addresses', () => {
    const listen = [
      multiaddr('/ip4/192.168.1.2/tcp/4001'),
      multiaddr('/ip4/127.0.0.1/tcp/4001'),
      multiaddr('/ip4/0.0.0.0/tcp/4002'),
      multiaddr('/ip4/10.0.0.9/tcp/4001/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf/p2p-circuit'),
      multiaddr('/ip4/192.168.1.2/udp/4001/quic-v1')
    ]
    expect(localCandidates(['192.168.1.2', '203.0.113.1'], listen, 40001)).toEqual({
      publicIps: ['203.0.113.1', '192.168.1.2'],
      lanIps: ['192.168.1.2', '127.0.0.1'],
      port: 40001
    })
  })

  test('two peers behind one router punch between their LAN addresses, not their loopback ones', () => {
    // Listeners on 0.0.0.0 list loopback first; a loopback pair would have each side punch to itself.
    const listen = (ip: string): ReturnType<typeof multiaddr>[] => [multiaddr('/ip4/127.0.0.1/tcp/4001'), multiaddr(`/ip4/${ip}/tcp/4001`)]
    const a = localCandidates(['203.0.113.9'], listen('192.168.1.2'), 40001)
    const b = localCandidates(['203.0.113.9'], listen('192.168.1.3'), 40002)
    expect(a.lanIps).toEqual(['192.168.1.2', '127.0.0.1'])
    expect(selectPaths(a, b)[0]).toEqual({ path: 'lan', initiatorIp: '192.168.1.2', responderIp: '192.168.1.3' })
  })

  test('observed addresses: newest first, bounded', () => {
    const seen = new ObservedAddresses(3)
    for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '1.1.1.1', '4.4.4.4']) seen.record(ip)
    expect(seen.list()).toEqual(['4.4.4.4', '1.1.1.1', '3.3.3.3'])
  })
})

describe('messages', () => {
  const wire = (fields: Partial<HolePunch>): Uint8Array => HolePunch.encode({
    type: HolePunch.Type.CONNECT, publicIps: [], lanIps: [], port: 0, path: HolePunch.Path.PATH_UNSPECIFIED, initiatorIp: '', responderIp: '', ...fields
  })
  const code = (bytes: Uint8Array): string => {
    try {
      decodeHolePunch(bytes)
    } catch (err) {
      return (err as { code: string }).code
    }
    return 'decoded'
  }

  test('CONNECT and SYNC round-trip', () => {
    const messages: HolePunchMessage[] = [
      { type: 'connect', candidates: { publicIps: ['203.0.113.1', '2001:db8::1'], lanIps: ['192.168.1.2'], port: 40000 } },
      { type: 'sync', choice: { path: 'lan', initiatorIp: '192.168.1.2', responderIp: '192.168.1.3' } },
      { type: 'sync', choice: { path: 'public', initiatorIp: '203.0.113.1', responderIp: '198.51.100.7' } }
    ]
    for (const m of messages) expect(decodeHolePunch(encodeHolePunch(m))).toEqual(m)
  })

  test('garbage does not decode', () => {
    expect(code(new Uint8Array([0xff, 0xff, 0xff]))).toBe('ERR_MALFORMED_MESSAGE')
  })

  test('no type', () => {
    expect(code(wire({ type: HolePunch.Type.TYPE_UNSPECIFIED, port: 1 }))).toBe('ERR_MISSING_FIELD')
  })

  test('CONNECT without a port, or with one out of range', () => {
    expect(code(wire({ port: 0 }))).toBe('ERR_MISSING_FIELD')
    expect(code(wire({ port: 70_000 }))).toBe('ERR_INVALID_FIELD')
  })

  test('CONNECT with something that is not an IP address', () => {
    expect(code(wire({ port: 1, publicIps: ['example.org'] }))).toBe('ERR_INVALID_FIELD')
    expect(code(wire({ port: 1, lanIps: [''] }))).toBe('ERR_MISSING_FIELD')
  })

  test('CONNECT with more addresses than the limits', () => {
    expect(code(wire({ port: 1, publicIps: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4', '1.1.1.5'] }))).toBe('ERR_MALFORMED_MESSAGE')
    expect(code(wire({ port: 1, lanIps: Array.from({ length: 9 }, (_, i) => `10.0.0.${i + 1}`) }))).toBe('ERR_MALFORMED_MESSAGE')
  })

  test('SYNC without a path or an address', () => {
    expect(code(wire({ type: HolePunch.Type.SYNC, initiatorIp: '1.1.1.1', responderIp: '2.2.2.2' }))).toBe('ERR_MISSING_FIELD')
    expect(code(wire({ type: HolePunch.Type.SYNC, path: HolePunch.Path.LAN, initiatorIp: '1.1.1.1' }))).toBe('ERR_MISSING_FIELD')
  })
})
